"""The panel's rating form ↔ fractions: percentages as typed (0–100, a comma or a point) to 0–1."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .repositories import HOFSTEE_FIELDS


@dataclass
class SheetInput:
    ratings: dict[str, float | None] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    hofstee: dict[str, float | None] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)  # form field names whose value is not a percentage


def fraction(text: str | None) -> float | None:
    """``"62,5"`` → 0.625; empty → None; ValueError outside 0–100 or not a number."""
    text = (text or "").strip().rstrip("%").strip().replace(",", ".")
    if not text:
        return None
    value = float(text)
    if not 0 <= value <= 100 or value != value:
        raise ValueError(text)
    return value / 100


def read_sheet(form: Mapping[str, str], item_keys: Sequence[str]) -> SheetInput:
    found = SheetInput()
    names = [(f"rating_{k}", k, found.ratings) for k in item_keys]
    names += [(f"hofstee_{n}", n, found.hofstee) for n in HOFSTEE_FIELDS]
    for name, key, target in names:
        try:
            target[key] = fraction(form.get(name))
        except ValueError:
            target[key] = None
            found.wrong.append(name)
    found.comments = {k: (form.get(f"comment_{k}") or "").strip() for k in item_keys}
    return found


def typed(form: Mapping[str, str]) -> dict[str, str]:
    """The values as typed, to show them again."""
    return {k: v for k, v in form.items() if k.startswith(("rating_", "comment_", "hofstee_"))}
