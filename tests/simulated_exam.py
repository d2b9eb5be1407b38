"""Simulated exam data with known 2PL parameters (for the psychometrics tests): attempts on drawn forms,
each item answered in Dutch or English, one item planted to be harder in Dutch at equal ability."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assessments.psychometrics.report import AttemptScores, ItemAnswer


@dataclass(frozen=True)
class Simulation:
    attempts: list[AttemptScores]
    discrimination: dict[str, float]
    difficulty: dict[str, float]
    theta: dict[str, float]


def simulate(n_attempts: int = 400, n_items: int = 30, per_form: int = 20, dif_item: str | None = "q00",
             dif_shift: float = 1.6, seed: int = 7) -> Simulation:
    """``n_attempts`` attempts of ``per_form`` items drawn from ``n_items``; half answer in Dutch. The
    ``dif_item`` is ``dif_shift`` logits harder for those answering in Dutch."""
    rng = np.random.default_rng(seed)
    keys = [f"q{i:02d}" for i in range(n_items)]
    a = dict(zip(keys, rng.uniform(0.8, 2.0, n_items).tolist(), strict=True))
    b = dict(zip(keys, rng.normal(-0.6, 0.8, n_items).tolist(), strict=True))
    if dif_item:
        b[dif_item] = -0.3
    attempts, thetas = [], {}
    for n in range(n_attempts):
        attempt_id = f"att-{n:04d}"
        theta = float(rng.normal())
        language = "nl" if n % 2 else "en"
        answers = []
        for key in sorted(rng.choice(keys, per_form, replace=False).tolist()):
            shift = dif_shift if key == dif_item and language == "nl" else 0.0
            p = 1 / (1 + np.exp(-a[key] * (theta - b[key] - shift)))
            answers.append(ItemAnswer(key, float(rng.random() < p), language))
        thetas[attempt_id] = theta
        groups = {"department": "Finance" if rng.random() < 0.5 else "Legal", "location": "Utrecht"}
        attempts.append(AttemptScores(attempt_id, answers, groups))
    return Simulation(attempts, a, b, thetas)
