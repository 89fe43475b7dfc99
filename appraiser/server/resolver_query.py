"""The part of a scanned query string the label's signature covers: ``d h k s``.

GS1 Digital Link allows query parameters that are not GS1 Application Identifiers, and the
GS1-Conformant Resolver standard passes a query on untouched, so share sheets and apps add
their own (``utm_source=…``, WeChat's ``from=singlemessage&isappinstalled=0``, a trailing
``&``) and may reorder what is there. The signature covers the resolver, GTIN, serial and
``d h k`` (DESIGN §3.3), so the check must read exactly those four, wherever they stand,
and ignore the rest: a genuine label must never read "signature invalid" because a tracking
parameter was appended (issue 15 finding F1).

What stays refused: a ``d h k s`` that appears twice (which value would be the scanned
one?), a missing one, and a parameter *name* written with percent-escapes (``%73=…`` is no
``s``; issue 14 breaker L-3) — that one is simply not one of the four.
"""

from __future__ import annotations

SIGNED = ("d", "h", "k", "s")


def bare(query: str) -> bool:
    """No ``d h k s`` at all: the page was opened by its address, not from a scanned label
    (a linkset's bare link, a shared page link) — nothing to check, nothing forged (N5)."""
    names = {piece.partition("=")[0] for piece in query.split("&")}
    return not names.intersection(SIGNED)


def signed_query(query: str) -> str | None:
    """``d=…&h=…&k=…&s=…`` in the order the label prints them, values exactly as sent
    (escapes included: the payload parser decides what they mean), or ``None`` when one is
    missing or given twice."""
    found: dict[str, str] = {}
    for piece in query.split("&"):
        name, mark, _value = piece.partition("=")
        if not mark or name not in SIGNED:
            continue  # another parameter (or an empty one): not covered by the signature
        if name in found:
            return None
        found[name] = piece
    if len(found) != len(SIGNED):
        return None
    return "&".join(found[name] for name in SIGNED)
