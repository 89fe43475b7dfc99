"""A header-size cap for uvicorn's httptools protocol (issue 15 finding N11).

``server run`` serves with httptools (faster than h11 on the resolver's hot path), but
uvicorn's only header cap, ``h11_max_incomplete_event_size``, applies to h11 alone: a
300,000-byte header reached the app. This protocol counts a request's head (request line
and headers) as it arrives and answers ``431 Request Header Fields Too Large`` and closes
the connection once it passes ``MAX_HEAD_BYTES`` — both for headers that are complete but
too large and for a head still arriving, so memory stays bounded too. Body bytes are never
counted (sync uploads send large bodies).
"""

from __future__ import annotations

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

MAX_HEAD_BYTES = 16 * 1024  # the same cap h11 gets (h11_max_incomplete_event_size)
_BODY = b"Request header fields too large."


class _HeadTooLarge(Exception):
    """Raised from a parser callback; httptools turns it into a parser error."""


class CappedHttpTools(HttpToolsProtocol):
    """``HttpToolsProtocol`` that refuses a request head larger than ``MAX_HEAD_BYTES``."""

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._reset_head()

    def _reset_head(self) -> None:
        self._in_head = True  # the next bytes belong to a request line or its headers
        self._head_parsed = 0  # bytes of url and headers the parser has handed over
        self._head_pending = 0  # bytes fed while the head is still incomplete
        self._oversized = False
        self._completed = False

    def data_received(self, data: bytes) -> None:
        self._completed = False
        super().data_received(data)
        if self._completed:
            return  # a message ended inside this chunk: what follows is counted by the parser
        if self._in_head and not self._oversized and not self.transport.is_closing():
            self._head_pending += len(data)  # all of it went to a head not yet complete
            if self._head_pending > MAX_HEAD_BYTES:
                self._oversized = True
                self.send_400_response("")

    def on_url(self, url: bytes) -> None:
        self._count(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count(len(name) + len(value) + 4)
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._reset_head()
        self._completed = True

    def _count(self, size: int) -> None:
        self._head_parsed += size
        if self._head_parsed > MAX_HEAD_BYTES:
            self._oversized = True
            raise _HeadTooLarge  # uvicorn answers a parser error with send_400_response

    def send_400_response(self, msg: str) -> None:
        """The parser-error answer, turned into 431 when the head was too large."""
        if not self._oversized:
            super().send_400_response(msg)
            return
        head = b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
        for name, value in self.server_state.default_headers:
            head += name + b": " + value + b"\r\n"
        head += b"content-type: text/plain; charset=utf-8\r\n"
        head += b"content-length: " + str(len(_BODY)).encode("ascii") + b"\r\n"
        head += b"connection: close\r\n\r\n"
        self.transport.write(head + _BODY)
        self.transport.close()
