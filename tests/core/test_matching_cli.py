"""``appraiser library …`` and ``appraiser match … --json`` as DESIGN §3.1 specifies."""

from __future__ import annotations

import io
import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from appraiser.cli.main import main
from appraiser.library import synthetic
from appraiser.library.demo import build_demo_pack, demo_specs, version_id

KEYS = {
    "image",
    "ms",
    "candidates",
    "deviation",
    "regions",
    "reference_image",
    "suggestion",
    "not_inspected",  # issue 13: areas hidden by hands, glare, framing (may be empty)
}


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture
def data_dir(
    station, supervisor, password, tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch
) -> Path:
    """A station whose library a supervisor imported (library changes sign in, DESIGN §3.4);
    the password for later sign-ins is piped on stdin."""
    station.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{password}\n" * 5))
    pack = build_demo_pack(tmp_path / "pack", versions=3)
    argv = ["library", "import", str(pack), "--json", "--user", "supervisor"]
    assert main(["--data-dir", str(station.data.root), *argv]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["added"] == 3
    return station.data.root


def test_list_json(data_dir: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["--data-dir", str(data_dir), "library", "list", "--json"]) == 0
    rows = _lines(capsys.readouterr().out)
    assert {r["version_id"] for r in rows} == {version_id(s) for s in demo_specs(3, 7)}


def test_match_json_lines_in_input_order(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    specs = demo_specs(3, 7)
    paths = []
    for n, spec in enumerate(reversed(specs)):
        path = tmp_path / f"photo{n}.jpg"
        cv2.imwrite(str(path), synthetic.photograph(synthetic.render(spec), n)[0])
        paths.append(str(path))
    assert main(["--data-dir", str(data_dir), "match", *paths, "--top", "2", "--json"]) == 0
    lines = _lines(capsys.readouterr().out)
    assert [line["image"] for line in lines] == paths
    for line, spec in zip(lines, reversed(specs), strict=True):
        assert set(line) == KEYS
        assert line["candidates"][0]["version_id"] == version_id(spec)
        assert len(line["candidates"]) <= 2
        assert set(line["candidates"][0]) == {"version_id", "score", "inliers"}
        assert 0 <= line["candidates"][0]["score"] <= 1
        assert line["suggestion"] in {"consistent", "deviates"}


def test_bad_image_gets_its_own_line_and_a_failure_code(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"")
    assert main(["--data-dir", str(data_dir), "match", str(bad), "--json"]) == 2
    captured = capsys.readouterr()
    line = _lines(captured.out)[0]
    # never "no_match": a tool reading only the suggestion would queue it as a new product
    assert line["suggestion"] == "retake" and "empty" in line["error"]
    assert "empty" in captured.err


def test_a_bad_image_in_text_form_says_it_was_not_read(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"\xff\xd8 not really")
    assert main(["--data-dir", str(data_dir), "match", str(bad)]) == 2
    out = capsys.readouterr().out
    assert f"{bad}: not read" in out and "no match" not in out


def test_unknown_version_is_a_usage_error(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    photo = tmp_path / "p.png"
    cv2.imwrite(str(photo), synthetic.render(demo_specs(1, 7)[0]))
    assert (
        main(["--data-dir", str(data_dir), "match", str(photo), "--version", "NOPE", "--json"]) == 2
    )
    assert "NOPE" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("gtin", "said"),
    [("123", "is not a GTIN"), ("4006381333932", "is not a GTIN"), ("4006381333931", "carries")],
    ids=["too short", "wrong check digit", "valid but in no version"],
)
def test_a_mistyped_or_unknown_gtin_is_a_usage_error(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture, gtin: str, said: str
) -> None:
    """Not a silent no_match for every photo, with exit 0 (a black-box tester)."""
    photo = tmp_path / "p.png"
    cv2.imwrite(str(photo), synthetic.render(demo_specs(1, 7)[0]))
    argv = ["--data-dir", str(data_dir), "match", str(photo), "--gtin", gtin, "--json"]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert said in captured.err and captured.out == ""


def test_remove_needs_a_reason_and_is_listed_as_removed(
    data_dir: Path, capsys: pytest.CaptureFixture
) -> None:
    victim = version_id(demo_specs(3, 7)[1])
    argv = ["library", "remove", victim, "--reason", "recalled", "--user", "supervisor"]
    assert main(["--data-dir", str(data_dir), *argv]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "library", "list", "--json"]) == 0
    assert victim not in {r["version_id"] for r in _lines(capsys.readouterr().out)}


def test_a_no_match_goes_on_the_library_keepers_list_from_the_shell(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """Issue 13 item 3: what the bench offers on a no_match, the shell offers too."""
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), np.full((600, 800, 3), 128, np.uint8))
    assert main(["--data-dir", str(data_dir), "match", str(blank)]) == 0
    said = capsys.readouterr()
    assert "no match" in said.out and "no_match" in said.out
    assert "appraiser library no-match" in said.err
    base = ["--data-dir", str(data_dir), "library"]
    argv = [*base, "no-match", "--gtin", "4006381333931", "--brand", "Nuvola", "--user"]
    assert main([*argv, "supervisor"]) == 0
    assert "no-match list" in capsys.readouterr().out
    assert main([*base, "unmatched", "--json"]) == 0
    rows = _lines(capsys.readouterr().out)
    assert [(r["gtin"], r["brand"]) for r in rows] == [("4006381333931", "Nuvola")]
    assert "no_match" in rows[0]["note"]


def test_a_no_match_without_a_product_name_is_refused(
    data_dir: Path, capsys: pytest.CaptureFixture
) -> None:
    argv = ["--data-dir", str(data_dir), "library", "no-match", "--user", "supervisor"]
    assert main(argv) == 2
    assert "--gtin, --brand or --model" in capsys.readouterr().err
    assert main([*argv, "--brand", "bad\x1b[2Jname"]) == 2
    assert main(["--data-dir", str(data_dir), "library", "unmatched", "--json"]) == 0
    assert _lines(capsys.readouterr().out) == []
