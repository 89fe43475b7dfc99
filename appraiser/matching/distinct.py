"""Whether the chosen product is carried by *distinctive* evidence, or is ``no_match``.

Raw inlier counts cannot tell a known product from an unknown brand-mate: the header,
emblem, house font, composition text and layout a brand shares give a product that is
not in the library dozens of geometrically consistent inliers on every product of its
house (issue 13). What a brand-mate cannot give is evidence that is rare across the
library, and an advantage over the other products of the house. So:

* An inlier is *distinctive* when the photo descriptor's nearest reference descriptor
  of the chosen product is clearly closer (``RATIO``, on squared distances) than the
  nearest one of any other product and than the background (the ``K+1``-th neighbour
  of the voting search, ``votes``). A descriptor every brand-mate shares has several
  equally close neighbours and never passes.
* The best other product verified for the same photo is the *runner-up*. An unknown
  brand-mate's photo verifies about as well on several products of the house; a known
  product stands out from them.

The answer is ``no_match`` when the photo reads another name where the reference
prints its own (``other_name``, from the text check: ``text.OTHER``), when the
distinctive support is weak (below ``FLOOR``) and the photo does not print the
product's catalogue name where the reference does (``own_name``: a label bent round a
bottle and glared keeps few rare descriptors, but its name still reads), or
when the product is hardly ahead of its runner-up (under ``LEAD`` times its inliers)
and its distinctive support does not settle it (below ``SETTLES``) — unless the aligned
comparison agrees with its reference on nearly all of what the photo shows (``AGREES``,
chosen on the tuning worlds at 60 versions, 30 genuine and 30 unknown-product photos
each: no unknown product's best reference agreed on more than 96.2 %, known photos
mostly on 98-100 %). The other numbers were
calibrated on the TUNING worlds only, replaying the verified candidates of 120 genuine
and 60 unknown-product photos of atelier and apothecary at 30 versions; the held-out
world was never looked at (CONTRIBUTING, *Evaluating the matching engine*). On those
tuning worlds ``python -m appraiser.bench matching --quick --photos 12,10,20`` then read
unknown → no_match 65 % and 90 % (25 % and 70 % with the former rule, "10 inliers
nearest to the product"), a known version never no_match — figures that show the rule
works where it was fitted, not a result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

RATIO = 0.8  # own neighbour closer than 0.8x the nearest other product's (squared L2)
FLOOR = 5  # fewer distinctive inliers: nothing of this product in particular is seen
LEAD = 1.3  # inliers over the runner-up product's: clearly ahead of the house
SETTLES = 12  # distinctive inliers that identify the product even without a lead
AGREES = 0.975  # agreement that identifies a leading product without rare inliers


@dataclass(frozen=True)
class Evidence:
    """What identifies (or fails to identify) the chosen product in one photo."""

    distinct: int  # inliers whose nearest reference descriptor is this product's
    inliers: int
    runner_up: int  # inliers of the best other product verified (0: none)
    agreement: float = 0.0  # share of the inspected reference the photo agrees with
    # (photo, reference) readings of a line where the photo prints another name
    other_name: tuple[str, str] | None = None
    own_name: str | None = None  # the catalogue name, read where the reference prints it

    @property
    def lead(self) -> float:
        return self.inliers / self.runner_up if self.runner_up else float("inf")

    @property
    def known(self) -> bool:
        """The photo shows this product, not an unknown one of the same house."""
        if self.other_name is not None:
            return False  # its name line reads another name: whatever else agrees
        if self.own_name is not None:
            return True  # its own name, read exactly: no house-mate prints it
        if self.distinct >= FLOOR and (self.lead >= LEAD or self.distinct >= SETTLES):
            return True
        # Nothing rare, yet the photo, aligned on this reference, agrees with it nearly
        # everywhere it can be seen: a brand-mate the library lacks differs at least in
        # its own name and text. Descriptors that are rare grow fewer as a library grows
        # (every word recurs somewhere), and near-identical products leave no lead in
        # inliers; agreement of the whole picture depends on neither.
        return self.agreement >= AGREES


def distinctive(
    neighbours: np.ndarray,
    distances: np.ndarray,
    query_inliers: np.ndarray | None,
    mine: Callable[[int], bool],
) -> int:
    """How many inliers' photo descriptors are nearest to a reference descriptor of the
    product (``mine(image_id)``), by ``RATIO``, among the voting search's ``K`` neighbours;
    the ``K+1``-th neighbour stands for the background and is never evidence."""
    if query_inliers is None or not len(query_inliers) or not len(neighbours):
        return 0
    ids = neighbours[query_inliers]
    dist = distances[query_inliers]
    own_mask = np.vectorize(mine, otypes=[bool])(ids)
    own_mask[:, -1] = False
    own = np.where(own_mask[:, :-1], dist[:, :-1], np.inf).min(axis=1)
    other = np.where(~own_mask & (ids >= 0), dist, np.inf).min(axis=1)
    other = np.minimum(other, dist[:, -1])
    return int((own < RATIO * other).sum())


def runner_up(inliers_by_product: Sequence[tuple[object, int]], product: object) -> int:
    """The most inliers any other product gathered on the same photo."""
    return max((n for p, n in inliers_by_product if p != product), default=0)
