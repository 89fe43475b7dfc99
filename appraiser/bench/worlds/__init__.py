"""Synthetic worlds for judging the matching engine (issue 13, "evaluation discipline").

A world generates a reference library (a DESIGN §3.2 pack, imported with the real
importer) and bench photos with ground truth: the version or "unknown product",
genuine or counterfeit with the defect type and its box, and the occluders (hand,
glare, out of frame) as boxes. Worlds differ in layout engine, artwork style, fonts,
palettes, print process, surfaces, stage and camera models.

THE RULE (also in DESIGN "Matching evaluation"):

* ``tuned`` (world 0) is ``appraiser.library.synthetic``, the generator the engine was
  fitted on. It is printed for comparison and never counted as a result.
* ``atelier`` and ``apothecary`` are TUNING worlds: thresholds, vocabularies,
  calibrations and any trained model may be fitted on them.
* ``bazaar`` is HELD OUT: nothing is ever fitted, chosen or tuned on it (no
  thresholds, no training data, no "try until bazaar improves"). Its figures are the
  result. If it ever is used for tuning, it stops being held out: add a new held-out
  world with a new layout engine and say so in DESIGN.

Use: ``WORLDS[name]`` → a :class:`~appraiser.bench.worlds.base.World`;
``world.catalogue(n, seed)`` → (library entries, unknown products);
``world.write_pack(folder, library)``; ``world.queries(library, unknown, (genuine,
counterfeit, unknown), seed)`` → :class:`~appraiser.bench.worlds.base.Query` list.
"""

from __future__ import annotations

from appraiser.bench.worlds.apothecary import Apothecary
from appraiser.bench.worlds.atelier import Atelier
from appraiser.bench.worlds.base import Entry, Query, World
from appraiser.bench.worlds.bazaar import Bazaar
from appraiser.bench.worlds.defects import DEFECTS
from appraiser.bench.worlds.tuned import Tuned


def fonts_used() -> list[str]:
    """The font families of the table installed here (printed with the figures)."""
    from appraiser.bench.worlds import fonts

    return fonts.installed()


WORLDS: dict[str, World] = {w.name: w for w in (Tuned(), Atelier(), Apothecary(), Bazaar())}
HELD_OUT = "bazaar"
TUNING = ("atelier", "apothecary")
NOT_COUNTED = ("tuned",)

__all__ = [
    "DEFECTS",
    "HELD_OUT",
    "NOT_COUNTED",
    "TUNING",
    "WORLDS",
    "Entry",
    "Query",
    "World",
    "fonts_used",
]
