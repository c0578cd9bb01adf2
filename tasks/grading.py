"""The annual grade's policy: how an agency's evidence becomes a proposed 等次.

The office decides the grade and says why (services/evaluation.py); this only proposes.
"""

from __future__ import annotations

from decimal import Decimal

from .models import Grade

GRADE_SCORES = [(90, Grade.EXCELLENT), (75, Grade.GOOD), (60, Grade.PASS), (0, Grade.FAIL)]


def ratio(part: int, whole: int) -> Decimal:
    return Decimal(part) / Decimal(whole) if whole else Decimal(0)


def propose_grade(
    *, on_time: int, expected: int, measures: int, lagging: int, targets: int, targets_met: int
) -> tuple[Decimal, str]:
    """Score = 50 × on-time rate + 30 × share of measures not lagging at year end
    + 20 × share of targets on track; without targets the first two are rescaled to 100.
    ≥ 90 优秀, ≥ 75 良好, ≥ 60 合格, else 不合格."""
    parts = [
        (Decimal(50), ratio(on_time, expected)),
        (Decimal(30), Decimal(1) - ratio(lagging, measures) if measures else Decimal(1)),
    ]
    if targets:
        parts.append((Decimal(20), ratio(targets_met, targets)))
    weight = sum(w for w, _ in parts)
    score = (sum(w * share for w, share in parts) * 100 / weight).quantize(Decimal("0.1"))
    grade = next(grade for floor, grade in GRADE_SCORES if score >= floor)
    return score, grade
