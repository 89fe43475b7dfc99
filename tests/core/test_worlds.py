"""The synthetic worlds of issue 13: deterministic by seed, imported by the real
``appraiser library import``, ground truth that lies inside the images, every defect a
real change, and world 0 (the tuned generator) sharing no artwork code with the others."""

from __future__ import annotations

import ast
import io
import json
from pathlib import Path

import numpy as np
import pytest

from appraiser.bench.worlds import DEFECTS, HELD_OUT, TUNING, WORLDS, defects, design
from appraiser.cli.main import main

NEW_WORLDS = [n for n in WORLDS if n != "tuned"]


@pytest.mark.parametrize("name", list(WORLDS))
def test_same_seed_same_world_other_seed_other_world(name: str) -> None:
    world = WORLDS[name]
    lib_a, unk_a = world.catalogue(12, 5)
    lib_b, unk_b = world.catalogue(12, 5)
    lib_c, _ = world.catalogue(12, 6)
    assert [e.id for e in lib_a] == [e.id for e in lib_b]
    assert [e.gtin for e in lib_a] != [e.gtin for e in lib_c]
    assert np.array_equal(world.reference(lib_a[3]), world.reference(lib_b[3]))
    qa = world.queries(lib_a, unk_a, (2, 2, 1), 9)
    qb = world.queries(lib_b, unk_b, (2, 2, 1), 9)
    assert [q.truth for q in qa] == [q.truth for q in qb]
    assert all(np.array_equal(a.photo, b.photo) for a, b in zip(qa, qb, strict=True))
    qc = world.queries(lib_a, unk_a, (2, 2, 1), 10)
    assert not np.array_equal(qa[0].photo, qc[0].photo)


@pytest.mark.parametrize("name", NEW_WORLDS)
def test_siblings_brand_mates_and_unknown_products_exist(name: str) -> None:
    library, unknown = WORLDS[name].catalogue(60, 1)
    groups = {}
    for e in library:
        groups.setdefault(e.group, []).append(e)
    siblings = [g for g in groups.values() if len(g) > 1]
    assert siblings, "no regional siblings"
    assert all(len({e.region for e in g}) == len(g) for g in siblings)
    assert all(len({e.gtin for e in g}) == len(g) for g in siblings)
    brands = [e.brand for e in library]
    assert len(set(brands)) < len({e.group for e in library}), "no brand-mates"
    known_groups = {e.group for e in library}
    assert unknown and all(u.group not in known_groups for u in unknown)
    assert {u.brand for u in unknown} & set(brands), "unknown products are no brand-mates"


def _inside(box, width: int, height: int) -> bool:
    x, y, w, h = box
    return x >= 0 and y >= 0 and w > 0 and h > 0 and x + w <= width and y + h <= height


@pytest.mark.parametrize("name", NEW_WORLDS)
def test_ground_truth_boxes_lie_inside_the_images(name: str) -> None:
    world = WORLDS[name]
    library, unknown = world.catalogue(20, 3)
    queries = world.queries(library, unknown, (6, len(DEFECTS), 3), 4)
    sizes = {e.id: world.reference(e).shape[:2] for e in library}
    kinds = set()
    for q in queries:
        ph, pw = q.photo.shape[:2]
        if q.kind == "counterfeit":
            rh, rw = sizes[q.truth]
            assert q.defect_box is not None and _inside(q.defect_box, rw, rh), q.defect
        for occ in q.occluders:
            kinds.add(occ["kind"])
            if q.truth:
                rh, rw = sizes[q.truth]
                assert _inside(occ["reference_box"], rw, rh), occ
            if occ["photo_box"] is not None:
                assert _inside(occ["photo_box"], pw, ph), occ
    assert {q.kind for q in queries} == {"genuine", "counterfeit", "unknown"}
    assert kinds & {"hand", "glare", "out_of_frame"}


@pytest.mark.parametrize("defect", DEFECTS)
def test_every_defect_changes_the_artwork_where_its_box_says(defect: str) -> None:
    for name in NEW_WORLDS:
        entry = WORLDS[name].catalogue(8, 2)[0][1]
        genuine = design.render(entry.design)
        fake = design.render(defects.counterfeit(entry.design, defect, 11))
        box = defects.defect_box(genuine, fake)
        assert box is not None, (name, defect)
        x, y, w, h = box
        outside = np.abs(genuine.astype(int) - fake.astype(int)).max(axis=2)
        outside[y : y + h, x : x + w] = 0
        assert outside.max() <= 40
        # not the whole artwork: a defect is local (background_colour: one panel)
        assert w * h < 0.6 * genuine.shape[0] * genuine.shape[1], (name, defect)


def test_world_packs_import_through_appraiser_library_import(
    station, supervisor, password, tmp_path: Path, capsys, monkeypatch
) -> None:
    station.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{password}\n" * 8))
    total = 0
    for name in WORLDS:
        world = WORLDS[name]
        library, _ = world.catalogue(4, 1)
        pack = world.write_pack(tmp_path / f"pack-{name}", library)
        argv = ["library", "import", str(pack), "--json", "--user", "supervisor"]
        assert main(["--data-dir", str(station.data.root), *argv]) == 0
        assert json.loads(capsys.readouterr().out)["added"] == len(library)
        total += len(library)
    assert main(["--data-dir", str(station.data.root), "library", "list", "--json"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    assert len(listed) == total


def test_one_held_out_world_that_is_not_a_tuning_world() -> None:
    assert WORLDS[HELD_OUT].role == "held_out"
    assert HELD_OUT not in TUNING and set(TUNING) <= set(WORLDS)
    assert [n for n, w in WORLDS.items() if w.role == "held_out"] == [HELD_OUT]
    assert WORLDS["tuned"].role == "tuned"


def test_only_world_zero_uses_the_tuned_generator() -> None:
    folder = Path(design.__file__).parent
    for path in folder.glob("*.py"):
        if path.name in ("tuned.py", "__init__.py"):
            continue
        tree = ast.parse(path.read_text())
        imported = {
            f"{n.module}.{a.name}" if isinstance(n, ast.ImportFrom) else a.name
            for n in ast.walk(tree)
            if isinstance(n, ast.Import | ast.ImportFrom)
            for a in n.names
        }
        assert not {m for m in imported if m and "synthetic" in m}, path.name
        assert not {m for m in imported if m.startswith("appraiser.library.demo")}, path.name


@pytest.mark.parametrize("name", TUNING)
def test_a_harsher_world_shoots_the_same_plan_worse(name: str) -> None:
    """``World.harsher`` is a stress condition: the same library and photo plan, shot by
    cameras at their worst; the world itself is left as it was."""
    world = WORLDS[name]
    harsh = world.harsher()
    library, unknown = world.catalogue(12, 1)
    planned = world.plan(library, unknown, (2, 0, 0), 1)[0]
    assert harsh.plan(library, unknown, (2, 0, 0), 1)[0] == planned
    for before, after in zip(world.cameras, harsh.cameras, strict=True):
        assert after.motion[1] > before.motion[1] and after.jpeg[0] < before.jpeg[0]
    assert "paper" in harsh.stage.backgrounds and "paper" not in world.stage.backgrounds
    usual, worse = world.shoot(planned).photo, harsh.shoot(planned).photo
    assert usual.shape[2] == worse.shape[2] == 3
    assert not np.array_equal(usual, worse)
