"""Closed vocabularies stored as text; ``StrEnum`` so a value is its own database form."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    APPRAISER = "appraiser"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Verdict(StrEnum):
    GENUINE = "genuine"
    COUNTERFEIT = "counterfeit"
    INCONCLUSIVE = "inconclusive"


class ReasonCode(StrEnum):
    NOT_AUTHENTIC = "NOT_AUTHENTIC"
    NOT_AS_DESCRIBED = "NOT_AS_DESCRIBED"
    DAMAGED = "DAMAGED"
    USED = "USED"
    EXPIRED = "EXPIRED"
    LABEL_NONCOMPLIANT = "LABEL_NONCOMPLIANT"


class Category(StrEnum):
    BAGS = "bags"
    SHOES = "shoes"
    WATCHES = "watches"
    EYEWEAR = "eyewear"
    APPAREL = "apparel"
    JEWELRY = "jewelry"
    BEAUTY = "beauty"
    SPORTS = "sports"
    GIFTS = "gifts"
    FOOD = "food"


class AppraisalState(StrEnum):
    OPEN = "open"
    INTERRUPTED = "interrupted"
    AWAITING_REVIEW = "awaiting_review"
    DONE = "done"
    ABANDONED = "abandoned"


# What a signature means, shown before signing and stored with the verdict (DESIGN §2).
VERDICT_MEANING = {
    Verdict.GENUINE: "I have inspected this item and judge it genuine.",
    Verdict.COUNTERFEIT: "I have inspected this item and judge it not acceptable as genuine.",
    Verdict.INCONCLUSIVE: "I cannot decide this item; it goes to a second appraiser.",
}
