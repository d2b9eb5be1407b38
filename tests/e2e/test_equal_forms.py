"""Equal forms at launch: a learner's exam is assembled with the item exposure counted in the database
(SQLite and PostgreSQL), and the newest sufficient calibration is what the assembly reads."""

from __future__ import annotations

import dataclasses
import uuid

from sqlalchemy import select

from lti_tool.db.models import Attempt, BlueprintVersion, CalibrationRun, ItemCalibration
from lti_tool.delivery.calibrated import REFRESH_SECONDS, CalibratedParameters
from lti_tool.delivery.queries import EXPOSURE_WINDOW, calibrated_parameters, exposure
from tests.lti_client import STAFF_GRANTS, Browser, create_link, launch, register


def _keys(attempt: Attempt) -> set[str]:
    return {e["item_key"] for e in attempt.layout}


def _plant_copies(tool, attempt: Attempt, copies: int) -> None:
    """``copies`` finished attempts that showed exactly ``attempt``'s items (their exposure)."""
    with tool.svc.db.transaction() as db:
        for n in range(copies):
            db.add(Attempt(id=str(uuid.uuid4()), platform_id=attempt.platform_id, person_id=attempt.person_id,
                           resource_link_pk=attempt.resource_link_pk, exam_key=attempt.exam_key,
                           blueprint_version=attempt.blueprint_version, seed=n, locale="nl", status="submitted",
                           started_at=attempt.started_at, layout=attempt.layout))


def test_a_launch_avoids_items_shown_in_most_recent_attempts(tool, platform, browser):
    reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id)["id"]
    launch(browser, platform, link, "sanne")
    with tool.svc.db.session() as db:
        first = db.scalars(select(Attempt)).one()
    _plant_copies(tool, first, 5)
    with tool.svc.db.session() as db:
        counted = exposure(db, first.exam_key)
    assert counted.attempts == 6 and counted.shown == {key: 6 for key in _keys(first)}

    with Browser() as other:
        launch(other, platform, link, "mohammed")
    with tool.svc.db.session() as db:
        second = db.scalars(select(Attempt).where(Attempt.person_id != first.person_id)).one()
    # the basic bank has 10 items per competence and asks at most 4: every over-shown item has an alternative
    assert second.blueprint_version == first.blueprint_version
    assert not _keys(first) & _keys(second)
    assert len(second.layout) == len(first.layout)


def test_the_window_counts_only_the_newest_attempts_of_the_exam(tool, platform, browser):
    reg = register(browser, platform, tool)
    launch(browser, platform, create_link(platform, reg.client_id)["id"], "sanne")
    with tool.svc.db.session() as db:
        first = db.scalars(select(Attempt)).one()
    _plant_copies(tool, first, 4)
    with tool.svc.db.session() as db:
        assert exposure(db, first.exam_key, window=3).attempts == 3
        assert set(exposure(db, first.exam_key, window=3).shown.values()) == {3}
        assert exposure(db, "no-such-exam").attempts == 0


def test_a_new_exam_version_keeps_counting_the_exposure_of_the_earlier_ones(tool, platform, browser):
    """A new version (here: another time limit, approved by a second person) does not make the items shown most
    under the old one look fresh: the next candidate's form still avoids them."""
    from tests.e2e.test_feedback_policy import edit_form
    from tests.e2e.test_standard_setting import Person

    reg = register(browser, platform, tool, grants=STAFF_GRANTS)
    link = create_link(platform, reg.client_id)
    sanne = Person(platform, link, "sanne")
    with tool.svc.db.session() as db:
        first = db.scalars(select(Attempt).where(Attempt.status == "in_progress")).one()
    _plant_copies(tool, first, 5)
    linda, kees = Person(platform, link, "linda"), Person(platform, link, "kees")
    assert linda.post("/authoring/blueprints/basic/edit", edit_form(tool, time_limit_minutes="45")).status_code == 303
    with tool.svc.db.session() as db:
        draft = db.scalars(select(BlueprintVersion).where(BlueprintVersion.status == "draft")).one()
    assert kees.post(f"/authoring/blueprints/versions/{draft.id}/approve").status_code == 303

    mohammed = Person(platform, link, "mohammed")
    with tool.svc.db.session() as db:
        second = db.scalars(select(Attempt).where(Attempt.status == "in_progress",
                                                  Attempt.person_id != first.person_id)).one()
        counted = exposure(db, first.exam_key)
    assert second.blueprint_version != first.blueprint_version and second.exam_key == first.exam_key
    assert counted.attempts == 7 and all(counted.shown[key] == 6 for key in _keys(first))
    assert not _keys(first) & _keys(second)
    assert sanne.page.status_code == mohammed.page.status_code == 200


def test_the_newest_calibration_with_enough_responses_is_read(tool):
    with tool.svc.db.transaction() as db:
        old = CalibrationRun(level="basic", model="2pl", attempts=400, items=2)
        new = CalibrationRun(level="basic", model="2pl", attempts=50, items=2)
        other = CalibrationRun(level="expert", model="rasch", attempts=900, items=1)
        db.add_all([old, new, other])
        db.flush()
        db.add_all([
            ItemCalibration(run_id=old.id, item_key="a", difficulty=-1.0, discrimination=1.2, n=400),
            ItemCalibration(run_id=old.id, item_key="b", difficulty=0.5, discrimination=0.9, n=400),
            ItemCalibration(run_id=new.id, item_key="a", difficulty=-0.4, discrimination=1.1, n=150),
            ItemCalibration(run_id=new.id, item_key="b", difficulty=2.0, discrimination=1.0, n=50),
            ItemCalibration(run_id=other.id, item_key="c", difficulty=1.0, discrimination=1.0, n=900),
        ])
    with tool.svc.db.session() as db:
        found = calibrated_parameters(db, "basic")
    assert {k: dataclasses.astuple(v) for k, v in found.items()} == {"a": (-0.4, 1.1), "b": (0.5, 0.9)}


def _run(tool, level: str, difficulty: float) -> None:
    with tool.svc.db.transaction() as db:
        run = CalibrationRun(level=level, model="2pl", attempts=300, items=1)
        db.add(run)
        db.flush()
        db.add(ItemCalibration(run_id=run.id, item_key="a", difficulty=difficulty, discrimination=1.0, n=300))


def test_a_process_keeps_the_calibration_a_minute_and_forgets_it_when_it_calibrates(tool):
    """Start reads the parameters once a minute per process; a run stored by this process is read at once."""
    now = [100.0]
    kept = CalibratedParameters(clock=lambda: now[0])

    def difficulty(level: str = "basic") -> float | None:
        with tool.svc.db.session() as db:  # each Start its own session
            found = kept.at_launch(db, level).get("a")
        return None if found is None else found.b

    _run(tool, "basic", 0.5)
    assert difficulty() == 0.5
    _run(tool, "basic", 1.5)  # stored by another process
    now[0] += REFRESH_SECONDS - 1
    assert difficulty() == 0.5 and difficulty("expert") is None
    now[0] += 1
    assert difficulty() == 1.5
    _run(tool, "basic", -1.0)
    kept.forget("basic")  # what calibrate_level does once its run is committed
    assert difficulty() == -1.0


def test_a_young_version_is_counted_exactly_with_other_processes_attempts_and_erasures(tool, platform, browser):
    """Each process reads only the layouts it has not counted yet; the result is the database's exact count."""
    kept = tool.svc.catalogue.exposure
    reg = register(browser, platform, tool)
    launch(browser, platform, create_link(platform, reg.client_id)["id"], "sanne")
    with tool.svc.db.session() as db:
        first = db.scalars(select(Attempt)).one()
    label = first.exam_key

    def both() -> tuple[object, object]:
        with tool.svc.db.session() as db:
            return kept.at_launch(db, label), exposure(db, label)

    counted, exact = both()
    assert counted == exact and counted.attempts == 1
    _plant_copies(tool, first, 3)  # made by other processes: this one has not seen them
    counted, exact = both()
    assert counted == exact and counted.attempts == 4 and set(counted.shown.values()) == {4}
    with tool.svc.db.transaction() as db:  # two erased
        for gone in db.scalars(select(Attempt).where(Attempt.id != first.id).limit(2)):
            db.delete(gone)
    counted, exact = both()
    assert counted == exact and counted.attempts == 2 and set(counted.shown.values()) == {2}
    assert both()[0] == counted  # nothing new: nothing read again, the same count


def test_a_full_window_is_kept_per_process_and_counts_its_own_forms(tool, platform, browser):
    kept = tool.svc.catalogue.exposure
    reg = register(browser, platform, tool)
    launch(browser, platform, create_link(platform, reg.client_id)["id"], "sanne")
    with tool.svc.db.session() as db:
        first = db.scalars(select(Attempt)).one()
    with tool.svc.db.session() as db:
        young = kept.at_launch(db, first.exam_key)
    assert young.attempts == 1  # a young exam version is counted exactly, every launch
    _plant_copies(tool, first, EXPOSURE_WINDOW)
    with tool.svc.db.session() as db:
        full = kept.at_launch(db, first.exam_key)
        kept.shown(first.exam_key, ["extra-item"])
        again = kept.at_launch(db, first.exam_key)
    assert full.attempts == EXPOSURE_WINDOW
    assert again.attempts == EXPOSURE_WINDOW + 1 and again.shown["extra-item"] == 1


def test_the_blueprint_page_edits_the_assembly_and_keeps_a_wrong_limit(tool, platform):
    from tests.e2e.test_authoring import as_user

    with Browser() as admin:
        reg = register(admin, platform, tool, grants=STAFF_GRANTS)
    link = create_link(platform, reg.client_id)
    linda = as_user(platform, link, "linda")
    page = linda.get("/blueprints/basic/edit")
    assert page.status_code == 200 and 'name="assembly"' in page.text and 'name="max_exposure_rate"' in page.text
    form = {"key": "basic", "level": "basic", "title_nl": "AI-diploma – Basis", "title_en": "AI diploma – Basic",
            "pass_mark": "70", "time_limit_minutes": "30", "max_attempts": "3", "retake_wait_days": "1",
            "language_nl": "on", "language_en": "on", "count_safe-everyday-use": "3",
            "count_data-confidentiality-prompts": "4", "count_personal-data-privacy": "3",
            "count_checking-output-sources": "3", "count_bias-misleading-use": "2", "count_transparency": "2",
            "count_ai-tool-policy": "3", "assembly": "random", "max_exposure_rate": "150"}
    wrong = linda.post("/blueprints/basic/edit", form)
    assert wrong.status_code == 400 and "max_exposure_rate must be above 0 and at most 1" in wrong.text
    assert 'value="150"' in wrong.text  # what was typed stays
    assert linda.post("/blueprints/basic/edit", {**form, "max_exposure_rate": "35"}).status_code == 303
    with tool.svc.db.session() as db:
        draft = db.scalars(select(BlueprintVersion).where(BlueprintVersion.status == "draft")).one()
    assert draft.content["assembly"] == "random" and draft.content["max_exposure_rate"] == 0.35
    listed = linda.get("/blueprints")
    assert "equal forms (matched difficulty, exposure limit)" in listed.text
