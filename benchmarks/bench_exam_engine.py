"""Benchmark: draw, render and score an exam from a bank of 10,000 items.

    .venv/bin/python benchmarks/bench_exam_engine.py [--items 10000] [--rounds 200]

The engine's path — stratified draw over the whole bank (eligibility per competence and level,
avoiding the previous attempt's items), rendering all 20 questions with the real delivery
templates, and grading the submission through the item-type plugins — is timed against a
baseline measured in the same run: ``random.sample`` of 20 items from a pre-filtered list,
one f-string per question and a dictionary lookup per answer (what a bare-bones tool would do).
The ratio says what the engine's rules cost on top of that.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import result

from assessments.assembly import assemble
from assessments.attempts import Slot, grade_attempt, lay_out
from assessments.items import item_from_record
from lti_tool.catalogue import Catalogue


def synthetic_bank(size: int, seed_records: list[dict]) -> list:
    """``size`` items made by cloning the seed bank's records under new keys."""
    rng = random.Random(1)
    items = []
    for n in range(size):
        record = dict(rng.choice(seed_records))
        record["key"] = f"{record['key']}-x{n}"
        items.append(item_from_record(record, 1, n + 1))
    return items


def engine_round(app, blueprint, bank, previous: list[str], seed: int) -> float:
    from flask import render_template

    drawn = assemble(blueprint, bank, seed, previous)
    layout = lay_out(blueprint, drawn, seed)
    slots = [Slot(e["position"], drawn[e["position"] - 1], e) for e in layout]
    with app.test_request_context("/"):
        from assessments.text import localize

        html = [render_template("delivery/items/" + s.item.type + ".html", item=s.item, slot=s, response=[],
                                localize=localize) for s in slots]
    responses = {s.position: s.item.kind.correct_response(s.item.content) for s in slots}
    grade = grade_attempt(blueprint, slots, responses)
    assert len(html) == len(slots) and grade.raw == len(slots)
    return grade.raw


def baseline_round(pool: list, seed: int) -> float:
    rng = random.Random(seed)
    chosen = rng.sample(pool, 20)
    html = [f"<p>{item.content['stem']['nl']}</p>" + "".join(
        f"<label><input type=radio name=answer value={o['key']}> {o['text']['nl']}</label>"
        for o in item.content.get("options", [])) for item in chosen]
    answers = {item.key: [o["key"] for o in item.content.get("options", []) if o.get("correct")] for item in chosen}
    score = sum(1.0 for item in chosen if answers[item.key] == [o["key"] for o in item.content.get("options", [])
                                                                  if o.get("correct")])
    assert len(html) == 20
    return score


def timed(fn, rounds: int) -> list[float]:
    out = []
    for n in range(rounds):
        start = time.perf_counter()
        fn(n)
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    import tempfile

    from lti_tool import create_app

    app = create_app({"instance_path": tempfile.mkdtemp(), "testing": True})
    catalogue = Catalogue.from_config()
    blueprint = next(b for b in catalogue.seed.blueprints if b.key == "basic")
    bank = synthetic_bank(args.items, catalogue.seed.items)
    pool = [i for i in bank if i.level == blueprint.level and i.type == "single_choice"]
    previous = [i.key for i in assemble(blueprint, bank, 0)]
    engine = timed(lambda n: engine_round(app, blueprint, bank, previous, n), args.rounds)
    baseline = timed(lambda n: baseline_round(pool, n), args.rounds)
    e, b = statistics.median(engine), statistics.median(baseline)
    print(f"bank: {args.items} items; exam: {blueprint.item_count} questions; rounds: {args.rounds}")
    print(f"engine   (draw + render 20 templates + grade): median {e * 1000:.2f} ms, "
          f"p95 {sorted(engine)[int(len(engine) * 0.95) - 1] * 1000:.2f} ms")
    print(f"baseline (sample + f-strings + dict lookup):   median {b * 1000:.3f} ms")
    print(f"ratio engine/baseline: {e / b:.1f}x  (per exam: {e * 1000:.2f} ms — "
          f"{1 / e:.0f} exams per second per core)")
    # target: an exam's draw, rendering and grading in at most 10 ms of one core (100 exams/s per core)
    result("exam_engine_ms", e * 1000, b * 1000, higher_is_better=False, unit="ms", limit=10)


if __name__ == "__main__":
    main()
