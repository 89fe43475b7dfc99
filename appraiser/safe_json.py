"""JSON from outside the station, parsed with the limits of appraiser/limits.py (issue 14
finding 16, breaker M3): a document nested 100,000 deep, a 5,000-digit number, NaN or a
lone surrogate is a refusal naming the file, never RecursionError or ValueError (exit 70).
Qt-free and light: a reference pack, an export manifest and a restore manifest share it."""

from __future__ import annotations

import json
from typing import Any

from appraiser import limits
from appraiser.errors import InvalidInput


def _check_tree(doc: Any, name: str, error: type[InvalidInput]) -> None:
    """Depth and text checked iteratively (a recursive walk is what the limit protects
    against): no deeper than MAX_JSON_DEPTH, and no string holding a lone surrogate
    (JSON's "\\ud800" decodes to one; it cannot be written as UTF-8 to a path, the
    database or a terminal)."""
    stack = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limits.MAX_JSON_DEPTH:
            raise error(f"{name} is nested more than {limits.MAX_JSON_DEPTH} levels deep.")
        if isinstance(value, dict):
            stack.extend((key, depth) for key in value)
            stack.extend((child, depth + 1) for child in value.values())
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in value)
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise error(
                    f"{name} holds a string that is not Unicode text: {ascii(value)[:60]}."
                ) from exc


def load_json(raw: bytes, name: str, error: type[InvalidInput] = InvalidInput) -> Any:
    """The document in ``raw`` (UTF-8 JSON), or ``error`` naming ``name``."""

    def whole_number(text: str) -> int:
        # more digits than any pixel count or figure is refused before int(), which raises
        # ValueError past 4,300 digits and is quadratic before that
        if len(text.lstrip("-")) > limits.MAX_JSON_INT_DIGITS:
            raise error(
                f"{name}: a number of {len(text):,} digits (at most {limits.MAX_JSON_INT_DIGITS})."
            )
        return int(text)

    def no_constant(text: str) -> None:
        raise error(f"{name}: {text} is not a JSON number.")

    try:
        doc = json.loads(raw.decode("utf-8"), parse_int=whole_number, parse_constant=no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise error(f"{name} is not valid UTF-8 JSON: {exc}.") from exc
    except RecursionError as exc:
        raise error(f"{name} is nested too deeply.") from exc
    _check_tree(doc, name, error)
    return doc
