"""Helpers turning records and the competence model into the pages' form fields."""

from __future__ import annotations

from lti_tool.authoring.forms import form_from_record


def form_for(record: dict) -> dict:
    return {k: v for k, v in form_from_record(record).items() if v not in ("", None)}


def model_form(tool) -> dict:
    with tool.svc.db.session() as db:
        model = tool.svc.catalogue.model(db)
    form: dict[str, str] = {}
    for index, comp in enumerate(model.competences.values()):
        prefix = f"c{index}_"
        for lang in ("nl", "en"):
            form[prefix + "name_" + lang] = comp.name[lang]
            form[prefix + "description_" + lang] = comp.description[lang]
        form[prefix + "policy_area"] = comp.policy_area
        for level in comp.levels:
            form[f"{prefix}level_{level}"] = "on"
    return form


def test_form_for_round_trips_a_record() -> None:
    record = {"key": "k", "competence": "c", "level": "basic", "type": "numeric", "answer": 72, "tolerance": 0,
              "stem": {"nl": "a", "en": "b"}, "rationale": {"nl": "c", "en": "d"}, "policy_refs": ["X-1"]}
    form = form_for(record)
    assert form["answer"] == "72" and form["policy_refs"] == "X-1" and form["stem_en"] == "b"
