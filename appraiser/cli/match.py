"""``appraiser match IMAGE… [--top K] [--version ID] [--gtin GTIN] --json`` (DESIGN §3.1).

One JSON object per input image, in input order; the index is loaded once. A file that is
not a usable image (missing, a folder, a device or FIFO, damaged, a pixel bomb, too small
or too thin: limits in appraiser/limits.py, checked before decoding) gets its own line with
an ``"error"`` field added to DESIGN §3.1's keys and the run continues with the next
image; the exit code is then 2. Its ``suggestion`` is ``retake``: nothing was judged, so
the photo must be taken (or given) again. ``no_match`` would file an unreadable photo as
a product the library lacks, and a tool reading only ``suggestion`` would queue it for
the library keeper.
"""

from __future__ import annotations

import argparse
import time

from appraiser import limits
from appraiser.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    bounded_int,
    emit_json,
    open_station,
    progress,
)
from appraiser.errors import InvalidInput
from appraiser.imaging import load_image


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("match", help="identify bench photos against the library")
    parser.add_argument("images", nargs="+", metavar="IMAGE")
    parser.add_argument(
        "--top",
        type=bounded_int(1, limits.MAX_MATCH_TOP),
        default=5,
        help=f"candidates to list, 1-{limits.MAX_MATCH_TOP} (default 5)",
    )
    parser.add_argument("--version", dest="version_id", help="compare with this version only")
    parser.add_argument("--gtin", help="compare with the versions of this GTIN only")
    parser.add_argument("--json", action="store_true", help="JSON lines (the contract form)")
    parser.set_defaults(func=run_match)


def _error_line(image: str, exc: InvalidInput) -> dict:
    return {
        "image": image,
        "ms": 0.0,
        "candidates": [],
        "deviation": None,
        "regions": [],
        "reference_image": None,
        "suggestion": "retake",
        "not_inspected": [],
        "error": exc.message,
    }


def _label(image: str) -> str:
    """The file as the person typed it, printable even if it holds escape codes."""
    return f"The file {image!r}" if not image.isprintable() else f"The file {image}"


def run_match(args: argparse.Namespace) -> int:
    from appraiser.matching.engine import Matcher

    if args.top < 1:
        raise InvalidInput("--top must be at least 1.")
    station = open_station(args)
    failed = 0
    try:
        matcher = Matcher(station.store, station.data)
        if args.version_id and not matcher.restricted(args.version_id, None):
            raise InvalidInput(f"No active reference version {args.version_id!r}.")
        if args.gtin is not None:
            _check_gtin(matcher, args.gtin)
        for image in args.images:
            started = time.perf_counter()
            try:
                photo = load_image(
                    image, min_side=limits.MIN_PHOTO_SIDE, label=_label(image), over_white=True
                )
                line = matcher.match(
                    photo, top=args.top, version_id=args.version_id, gtin=args.gtin
                ).as_dict()
                line.update(image=image, ms=round((time.perf_counter() - started) * 1000, 1))
            except InvalidInput as exc:
                failed += 1
                progress(f"{image}: {exc.message}")
                line = _error_line(image, exc)
            _print(line, args.json)
        _text_off()
    finally:
        station.close()
    return EXIT_USAGE if failed else EXIT_OK


def _check_gtin(matcher, gtin: str) -> None:
    """A mistyped or unknown GTIN is bad input, not a photo of an unknown product: with
    it every photo answered no_match and the run exited 0 (a black-box tester's
    ``--gtin 123``)."""
    from appraiser.library.pack import gtin_valid

    if not gtin_valid(gtin):
        raise InvalidInput(
            f"--gtin {gtin!r} is not a GTIN: 8, 12, 13 or 14 digits with a right check digit."
        )
    if not matcher.restricted(None, gtin):
        raise InvalidInput(f"No active reference version carries the GTIN {gtin}.")


def _text_off() -> None:
    """Say once, on stderr, that the lines carry no text evidence and why (issue 13 item 5:
    matching goes on without the OCR)."""
    from appraiser.matching import text

    if text.status():
        progress(text.status())


def _print(line: dict, as_json: bool) -> None:
    if as_json:
        emit_json(line)
        return
    if line.get("error"):  # why is on stderr already
        print(f"{line['image']}: not read, take or give the photo again")
        return
    best = line["candidates"][0] if line["candidates"] else None
    who = f"{best['version_id']} ({best['inliers']} inliers)" if best else "no match"
    if best and line["suggestion"] == "no_match":  # listed, but not identified
        who = f"no match (closest {best['version_id']}, {best['inliers']} inliers)"
    dev = "-" if line["deviation"] is None else f"{line['deviation']:.2f}"
    print(f"{line['image']}: {who}, deviation {dev}, {line['suggestion']}")
    hidden = [f"{a['reason']} {round(100 * a['share'])} %" for a in line.get("not_inspected", [])]
    if hidden:  # what the comparison could not judge (DESIGN §3.1 not_inspected)
        print(f"  not inspected: {', '.join(hidden)}")
    other = line.get("reads_other")
    if other:  # the closest version's own text names another product
        print(f"  reads {other['photo']!r} where it prints {other['reference']!r}: another product")
    if line["suggestion"] == "no_match":
        progress(
            "  not in the library? `appraiser library no-match --gtin … --user NAME` puts it"
            " on the library keeper's list"
        )
    for region in line["regions"]:
        if region.get("text"):
            reading = region["text"]
            print(f"  reads {reading['photo']!r}, genuine {reading['reference']!r}")
