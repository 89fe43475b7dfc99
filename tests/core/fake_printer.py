"""A raw-port (9100) label printer on localhost that can vanish after N labels.

It answers the ZPL host-status query ``~HS`` like a Zebra (three STX…ETX strings) and
keeps every complete ``^XA…^XZ`` format it received, so tests can compare what the
station recorded as printed with what the "printer" really got. A ``silent`` one prints
but never answers ``~HS``, like many print servers and ZPL-emulating printers.
"""

from __future__ import annotations

import re
import socket
import struct
import threading

STATUS = (
    b"\x02030,0,0,0245,000,0,0,0,000,0,0,0\x03\r\n"
    b"\x02000,0,0,0,0,2,4,0,00000000,1,000\x03\r\n"
    b"\x021234,0\x03\r\n"
)


class FakePrinter:
    def __init__(self, vanish_after: int | None = None, *, silent: bool = False) -> None:
        self.vanish_after = vanish_after
        self.silent = silent
        self.formats: list[str] = []
        self.done = threading.Event()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _serve(self) -> None:
        try:
            conn, _ = self.server.accept()
        except OSError:
            return
        with conn:
            self._talk(conn)
        self.done.set()

    def _talk(self, conn: socket.socket) -> None:
        buffer = b""
        while True:
            chunk = conn.recv(65536)
            if not chunk:  # the sender is done (a spooler sends no status queries)
                self.formats += [f + "^XZ" for f in buffer.decode().split("^XZ")[:-1]]
                return
            buffer += chunk
            while b"~HS" in buffer:
                head, buffer = buffer.split(b"~HS", 1)
                self.formats += [f + "^XZ" for f in head.decode().split("^XZ")[:-1]]
                if self.vanish_after is not None and len(self.formats) >= self.vanish_after:
                    # Unplugged: drop the connection hard (RST), answer nothing more.
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    return
                if not self.silent:
                    conn.sendall(STATUS)

    def close(self) -> None:
        self.server.close()
        self.thread.join(timeout=10)


def serial_of(zpl_format: str) -> str:
    """The serial one of our label formats names in its ``^FX label …`` comment."""
    found = re.search(r"\^FX label ([^\n^]+)", zpl_format)
    assert found, "not one of our label formats"
    return re.sub(r"\\([0-9A-F]{2})", lambda m: chr(int(m.group(1), 16)), found.group(1))
