"""Fuzz: what ``label verify`` reads — the payload argument and a photo of a label
(issue 14 finding 16). Seeded mutations of a genuine label's URL (characters swapped,
cut, doubled, percent-encoded, escape codes, non-UTF-8 bytes, very long, path-like) and
of a PNG of its QR code; every case must end with exit 0–3."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
import qrcode
from fuzz_support import (
    PASSWORD,
    PASSWORD_FOR,
    Tally,
    fuzz_bench,
    mutate_bytes,
    special_file,
    write_case,
)
from label_support import genuine_appraisal, stored_payload

from appraiser.cli.main import main
from appraiser.domain.enums import Role
from appraiser.services.admin import accounts
from appraiser.services.admin.station import Station

SEED = 14_1604
ODD_TEXT = ("%00", "%zz", "%", "\x1b[2J", "\u202e", "\x00", "../", "?", "#", "&", "=", "/",
            "https://", " ", "\t", "\n", "9" * 300, "０", "é")  # fmt: skip


@pytest.fixture(scope="module")
def genuine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A station and the payload of one genuine, issued label."""
    with fuzz_bench(tmp_path_factory, "fuzz-labels") as root:
        station = Station.open(root / "data")
        try:
            admin = accounts.check_password(station.store, "admin", PASSWORD)
            accounts.create_user(
                station.store, "appraiser1", "A", Role.APPRAISER, PASSWORD, by=admin
            )
            session = accounts.check_password(station.store, "appraiser1", PASSWORD)
            uid = genuine_appraisal(station, session, PASSWORD)
        finally:
            station.close()
        argv = ["--data-dir", str(root / "data"), "label", "issue", uid, "--user", "appraiser1"]
        stdin = io.StringIO(PASSWORD_FOR)
        with pytest.MonkeyPatch.context() as patch, _stdout() as out:
            patch.setattr("sys.stdin", stdin)
            assert main(argv) == 0
        payload = stored_payload(root / "data", out.getvalue().split()[0])
        yield root, payload


class _stdout:
    def __enter__(self) -> io.StringIO:
        import sys

        self.old, self.buffer = sys.stdout, io.StringIO()
        sys.stdout = self.buffer
        return self.buffer

    def __exit__(self, *exc: object) -> None:
        import sys

        sys.stdout = self.old


def _mutate_text(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 3)):
        pos = rng.randrange(len(text) + 1)
        roll = rng.random()
        if roll < 0.25:
            text = text[:pos] + rng.choice(ODD_TEXT) + text[pos:]
        elif roll < 0.45 and text:
            text = text[:pos] + chr(rng.randrange(32, 0x3000)) + text[pos + 1 :]
        elif roll < 0.6:
            text = text[:pos]
        elif roll < 0.7:
            text = text + text[pos:] * rng.choice((1, 50))
        elif roll < 0.8:
            text = text.replace("https://", rng.choice(("http://", "", "HTTPS://", "file:///")))
        elif roll < 0.9:
            text = text + "\udcff"  # raw byte
        else:
            raw = text.encode("utf-8", "surrogateescape")
            text = "".join(f"%{b:02X}" if rng.random() < 0.3 else chr(b) for b in raw if b < 128)
    return text[:20_000]


def test_fuzz_label_verify_payloads(genuine, capsys) -> None:
    root, payload = genuine
    rng = random.Random(SEED)
    tally = Tally("label verify payloads", capsys)
    for case in range(1_000):
        text = _mutate_text(rng, payload)
        tally.size(text.encode("utf-8", "surrogateescape"))
        if text.startswith("-"):
            text = " " + text  # an option, not a payload: argparse's business
        argv = ["--data-dir", str(root / "data"), "label", "verify", text, "--json"]
        tally.run(argv, f"case {case}: {ascii(text)[:200]}")
    tally.check()


def test_fuzz_label_verify_images(genuine, capsys) -> None:
    root, payload = genuine
    rng = random.Random(SEED + 1)
    tally = Tally("label verify images", capsys)
    seeds = []
    for text in (payload, _mutate_text(rng, payload)):
        buffer = io.BytesIO()
        qrcode.make(text, box_size=3, border=2).save(buffer, format="PNG")
        seeds.append(buffer.getvalue())
    path = root / "label.png"
    for case in range(1_000):
        if rng.random() < 0.05:
            note = "special: " + special_file(rng, path)
        else:
            note = "mutated QR image"
            write_case(path, mutate_bytes(rng, rng.choice(seeds)), tally)
        argv = ["--data-dir", str(root / "data"), "label", "verify", str(path)]
        tally.run(argv, f"case {case}: {note}")
    tally.check()
