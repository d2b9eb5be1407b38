"""Test data built in code: items, blueprints, statements."""

from __future__ import annotations

from typing import Any

from assessments.blueprints import Blueprint
from assessments.items import Item, item_from_record


def choice_record(key: str, competence: str = "c1", level: str = "basic", correct: tuple[str, ...] = ("a",),
                  options: tuple[str, ...] = ("a", "b", "c", "d"), type: str | None = None) -> dict[str, Any]:
    kind = type or ("multiple_response" if len(correct) > 1 else "single_choice")
    return {
        "key": key, "competence": competence, "level": level, "type": kind,
        "stem": {"nl": f"Vraag {key}", "en": f"Question {key}"},
        "options": [{"key": o, "text": {"nl": f"optie {o}", "en": f"option {o}"}, "correct": o in correct,
                     "feedback": {"nl": "fb", "en": "fb"}} for o in options],
        "rationale": {"nl": "omdat", "en": "because"},
    }


def make_item(key: str, competence: str = "c1", level: str = "basic", correct: tuple[str, ...] = ("a",),
              id: int | None = None, **kw: Any) -> Item:
    return item_from_record(choice_record(key, competence, level, correct, **kw), 1, id)


def bank(per_competence: dict[str, int], level: str = "basic") -> list[Item]:
    items, n = [], 0
    for comp, count in per_competence.items():
        for i in range(count):
            n += 1
            items.append(make_item(f"{comp}-{i:03d}", comp, level, id=n))
    return items


def blueprint(counts: dict[str, int], level: str = "basic", pass_mark: float = 0.7,
              time_limit: int | None = 30) -> Blueprint:
    return Blueprint(key="test", version=1, level=level, title={"nl": "Toets", "en": "Exam"},
                     items_per_competence=counts, pass_mark=pass_mark, time_limit_minutes=time_limit)
