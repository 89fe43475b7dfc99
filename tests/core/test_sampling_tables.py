"""The GB/T 2828.1 / ISO 2859-1 tables in resources/inspection/single_sampling.txt, cell by
cell, checked against things that do not come from that file:

- Table 1 typed here a second time, column by column, from a published copy;
- the resolved acceptance numbers (arrows followed) of Tables 2-A/2-B/2-C for AQL 0.010-6.5,
  typed here per column from an independent published transcription;
- published anchor plans (issue 16 and common worked examples) with their n;
- the structure of the standard for every cell of all 26 AQL columns: every arrow leads to a
  real plan, Re = Ac + 1, equal plans run along diagonals, n follows the R5 series per code
  letter, reduced n is 40 % of normal, tightened is never laxer than normal.
"""

from __future__ import annotations

import math
from itertools import pairwise

import pytest

from appraiser.sampling import LEVELS, SEVERITIES, code_letter, plan
from appraiser.sampling.plans import resolve
from appraiser.sampling.tables import tables

LETTERS = "ABCDEFGHJKLMNPQR"
UPPER = [8, 15, 25, 50, 90, 150, 280, 500, 1200, 3200, 10000, 35000, 150000, 500000]
# Table 1 per level, one letter per lot-size range (2-8 … 500,001 and over).
TABLE_1 = {
    "S-1": "AAAABBBBCCCCDDD",
    "S-2": "AAABBBCCCDDDEEE",
    "S-3": "AABBCCDDEEFFGGH",
    "S-4": "AABCCDEEFGGHJJK",
    "I": "AABCCDEFGHJKLMN",
    "II": "ABCDEFGHJKLMNPQ",
    "III": "BCDEFGHJKLMNPQR",
}

# Resolved Ac per AQL column: "letters:Ac" groups from A down to R.
NORMAL = {
    "0.010": "ABCDEFGHJKLMNPQR:0",
    "0.015": "ABCDEFGHJKLMNPQR:0",
    "0.025": "ABCDEFGHJKLMNP:0 QR:1",
    "0.040": "ABCDEFGHJKLMN:0 PQ:1 R:2",
    "0.065": "ABCDEFGHJKLM:0 NP:1 Q:2 R:3",
    "0.10": "ABCDEFGHJKL:0 MN:1 P:2 Q:3 R:5",
    "0.15": "ABCDEFGHJK:0 LM:1 N:2 P:3 Q:5 R:7",
    "0.25": "ABCDEFGHJ:0 KL:1 M:2 N:3 P:5 Q:7 R:10",
    "0.40": "ABCDEFGH:0 JK:1 L:2 M:3 N:5 P:7 Q:10 R:14",
    "0.65": "ABCDEFG:0 HJ:1 K:2 L:3 M:5 N:7 P:10 Q:14 R:21",
    "1.0": "ABCDEF:0 GH:1 J:2 K:3 L:5 M:7 N:10 P:14 QR:21",
    "1.5": "ABCDE:0 FG:1 H:2 J:3 K:5 L:7 M:10 N:14 PQR:21",
    "2.5": "ABCD:0 EF:1 G:2 H:3 J:5 K:7 L:10 M:14 NPQR:21",
    "4.0": "ABC:0 DE:1 F:2 G:3 H:5 J:7 K:10 L:14 MNPQR:21",
    "6.5": "AB:0 CD:1 E:2 F:3 G:5 H:7 J:10 K:14 LMNPQR:21",
}
TIGHTENED = {
    "0.010": "ABCDEFGHJKLMNPQR:0",
    "0.015": "ABCDEFGHJKLMNPQR:0",
    "0.025": "ABCDEFGHJKLMNP:0 QR:1",  # Q, R: see KNOWN_DIFFERENCES
    "0.040": "ABCDEFGHJKLMN:0 PQR:1",
    "0.065": "ABCDEFGHJKLM:0 NPQ:1 R:2",
    "0.10": "ABCDEFGHJKL:0 MNP:1 Q:2 R:3",
    "0.15": "ABCDEFGHJK:0 LMN:1 P:2 Q:3 R:5",
    "0.25": "ABCDEFGHJ:0 KLM:1 N:2 P:3 Q:5 R:8",
    "0.40": "ABCDEFGH:0 JKL:1 M:2 N:3 P:5 Q:8 R:12",
    "0.65": "ABCDEFG:0 HJK:1 L:2 M:3 N:5 P:8 Q:12 R:18",
    "1.0": "ABCDEF:0 GHJ:1 K:2 L:3 M:5 N:8 P:12 QR:18",
    "1.5": "ABCDE:0 FGH:1 J:2 K:3 L:5 M:8 N:12 PQR:18",
    "2.5": "ABCD:0 EFG:1 H:2 J:3 K:5 L:8 M:12 NPQR:18",
    "4.0": "ABC:0 DEF:1 G:2 H:3 J:5 K:8 L:12 MNPQR:18",
    "6.5": "AB:0 CDE:1 F:2 G:3 H:5 J:8 K:12 LMNPQR:18",
}
REDUCED = {
    "0.010": "ABCDEFGHJKLMNPQR:0",
    "0.015": "ABCDEFGHJKLMNPQR:0",
    "0.025": "ABCDEFGHJKLMNPQR:0",
    "0.040": "ABCDEFGHJKLMNPQ:0 R:1",
    "0.065": "ABCDEFGHJKLMNP:0 QR:1",
    "0.10": "ABCDEFGHJKLMN:0 PQ:1 R:2",
    "0.15": "ABCDEFGHJKLM:0 NP:1 Q:2 R:3",
    "0.25": "ABCDEFGHJKL:0 MN:1 P:2 Q:3 R:5",
    "0.40": "ABCDEFGHJK:0 LM:1 N:2 P:3 Q:5 R:7",
    "0.65": "ABCDEFGHJ:0 KL:1 M:2 N:3 P:5 Q:7 R:10",
    "1.0": "ABCDEFGH:0 JK:1 L:2 M:3 N:5 P:7 QR:10",
    "1.5": "ABCDEFG:0 HJ:1 K:2 L:3 M:5 N:7 PQR:10",
    "2.5": "ABCDEF:0 GH:1 J:2 K:3 L:5 M:7 NPQR:10",
    "4.0": "ABCDE:0 FG:1 H:2 J:3 K:5 L:7 MNPQR:10",
    "6.5": "ABCD:0 EF:1 G:2 H:3 J:5 K:7 LMNPQR:10",
}
# The transcription above resolves these two corner cells of Table 2-B upwards (Ac 0); in
# the printed table their arrows point down to row S (n = 3150, 1/2), which exists for them.
KNOWN_DIFFERENCES = {("tightened", "Q", "0.025"), ("tightened", "R", "0.025")}

# (lot size, level, AQL, severity) -> (code letter, letter used, n, Ac, Re)
ANCHORS = [
    ((2000, "II", 1.0, "normal"), ("K", "K", 125, 3, 4)),  # issue 16
    ((100_000, "II", 2.5, "normal"), ("N", "N", 500, 21, 22)),  # issue 16
    ((1000, "II", 2.5, "normal"), ("J", "J", 80, 5, 6)),
    ((3000, "II", 4.0, "normal"), ("K", "K", 125, 10, 11)),
    ((10_000, "II", 2.5, "normal"), ("L", "L", 200, 10, 11)),
    ((500, "II", 4.0, "normal"), ("H", "H", 50, 5, 6)),
    ((100, "II", 1.0, "normal"), ("F", "E", 13, 0, 1)),  # arrow up
    ((100, "II", 1.5, "normal"), ("F", "G", 32, 1, 2)),  # arrow down
    ((20, "II", 0.65, "normal"), ("C", "F", 20, 0, 1)),  # arrow down, n = lot size
    ((2000, "II", 1.0, "tightened"), ("K", "K", 125, 2, 3)),
    ((2000, "II", 6.5, "tightened"), ("K", "K", 125, 12, 13)),
    ((400, "II", 10, "tightened"), ("H", "H", 50, 8, 9)),
    ((400, "II", 15, "tightened"), ("H", "H", 50, 12, 13)),
    ((2000, "II", 1.0, "reduced"), ("K", "K", 50, 1, 2)),
    ((100_000, "II", 2.5, "reduced"), ("N", "N", 200, 10, 11)),
    ((5000, "S-3", 4.0, "normal"), ("F", "F", 20, 2, 3)),
]


def _expected(groups: str) -> dict[str, int]:
    out = {}
    for group in groups.split():
        letters, ac = group.split(":")
        out.update(dict.fromkeys(letters, int(ac)))
    assert set(out) == set(LETTERS), groups
    return out


@pytest.mark.parametrize("level", LEVELS)
def test_code_letters_match_table_1_at_every_range_boundary(level):
    for index, letter in enumerate(TABLE_1[level]):
        low = 2 if index == 0 else UPPER[index - 1] + 1
        high = UPPER[index] if index < len(UPPER) else 10**9
        assert code_letter(low, level) == letter, (level, low)
        assert code_letter(high, level) == letter, (level, high)


@pytest.mark.parametrize(
    ("severity", "transcribed"),
    [("normal", NORMAL), ("tightened", TIGHTENED), ("reduced", REDUCED)],
)
def test_every_resolved_cell_matches_an_independent_transcription(severity, transcribed):
    checked = 0
    for aql, groups in transcribed.items():
        for letter, ac in _expected(groups).items():
            if (severity, letter, aql) in KNOWN_DIFFERENCES:
                continue
            assert resolve(severity, letter, aql)[1].ac == ac, (severity, letter, aql)
            checked += 1
    assert checked >= 15 * 16 - len(KNOWN_DIFFERENCES)


def test_the_two_known_differences_lead_to_row_s_of_table_2b():
    for letter in "QR":
        used, cell, arrow = resolve("tightened", letter, "0.025")
        assert (used, cell.ac, cell.re, arrow) == ("S", 1, 2, "down")
    assert tables().sizes["tightened"]["S"] == 3150


@pytest.mark.parametrize(("given", "expected"), ANCHORS)
def test_published_anchor_plans(given, expected):
    found = plan(*given)
    got = (found.code_letter, found.code_letter_used, found.sample_size, found.accept)
    assert (*got, found.reject) == expected


@pytest.mark.parametrize("severity", SEVERITIES)
def test_every_cell_of_every_table_leads_to_a_real_plan(severity):
    data = tables()
    for letter in LETTERS:
        for aql in data.aqls:
            used, cell, _ = resolve(severity, letter, aql)
            assert cell.arrow is None and cell.re == cell.ac + 1, (severity, letter, aql)
            assert used in data.sizes[severity]


@pytest.mark.parametrize(("severity", "first"), [("normal", 0), ("tightened", 0), ("reduced", 2)])
def test_equal_plans_run_along_the_diagonals(severity, first):
    """One row down, one column left: the same Ac/Re (the tables' design: n grows by the
    same factor as the AQL falls). Reduced rows A-C share n, so its diagonals start at C."""
    data = tables()
    rows, cells = data.letters[severity][first:16], data.cells[severity]
    for upper, lower in pairwise(rows):
        for right, left in zip(data.aqls[1:], data.aqls, strict=False):
            a, b = cells[(upper, right)], cells[(lower, left)]
            if a.arrow is None and b.arrow is None:
                assert (a.ac, a.re) == (b.ac, b.re), (severity, upper, right)


def test_sample_sizes_follow_the_r5_series_and_reduced_is_40_percent():
    sizes = tables().sizes
    normal = [sizes["normal"][letter] for letter in LETTERS]
    assert normal[:3] == [2, 3, 5] and normal[-1] == 2000
    for smaller, larger in pairwise(normal[2:]):
        assert 1.5 <= larger / smaller <= 1.7
    assert all(sizes["tightened"][letter] == sizes["normal"][letter] for letter in LETTERS)
    for letter in LETTERS[3:]:
        ratio = sizes["reduced"][letter] / sizes["normal"][letter]
        assert 0.37 <= ratio <= 0.41, letter
    assert [sizes["reduced"][letter] for letter in "ABC"] == [2, 2, 2]


def _pa(n: int, ac: int, p: float) -> float:
    """Probability of acceptance at fraction nonconforming p (Poisson, as the standard's
    OC curves for AQL in nonconforming units per hundred)."""
    lam = n * p
    return sum(math.exp(-lam) * lam**k / math.factorial(k) for k in range(ac + 1))


def test_tightened_is_never_laxer_than_normal():
    """At the AQL itself, a tightened plan accepts a lot no more often than the normal plan
    for the same letter and AQL (every letter, AQL up to 10 %)."""
    data = tables()
    for letter in LETTERS:
        for aql in data.aqls[:16]:
            normal_used, normal, _ = resolve("normal", letter, aql)
            tight_used, tight, _ = resolve("tightened", letter, aql)
            p = float(aql) / 100
            n_normal = data.sizes["normal"][normal_used]
            n_tight = data.sizes["tightened"][tight_used]
            assert _pa(n_tight, tight.ac, p) <= _pa(n_normal, normal.ac, p) + 1e-9, (letter, aql)
