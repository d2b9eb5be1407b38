"""Statement builders produce valid xAPI 1.0.3 (checked by Ralph's models)."""

import datetime as dt
import uuid

import pytest
from ralph.models.xapi.base.statements import BaseXapiStatement

from assessments.item_types.registry import item_type
from tests.factories import choice_record
from xapi import statements as st
from xapi import vocabulary as v

NOW = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def ctx():
    return st.ExamContext(
        iris=v.ToolIris("https://tool.example"), actor=st.Actor("https://lms.example", "user-1"),
        exam_key="basic", exam_title={"nl": "Basis", "en": "Basic"}, registration=str(uuid.uuid4()),
        session_id=str(uuid.uuid4()), blueprint_version="basic@1", level="basic", mastery_score=0.7,
        course_iri="https://tool.example/xapi/activities/course/x/y",
        person={"department": "Finance", "location": None},
    )


def _item():
    kind = item_type("multiple_response")
    record = choice_record("q1", correct=("a", "b"))
    return st.AnsweredItem("q1", 2, "c1", kind.interaction_type, record["stem"], kind.xapi_definition(record),
                           kind.xapi_response(record, ["a", "c"]))


def _answered(ctx):
    return st.answered(ctx, _item(), NOW)


def test_every_statement_validates_and_uses_an_account_actor(ctx):
    built = [st.launched(ctx, NOW), st.initialized(ctx, NOW), _answered(ctx), st.scored(ctx, _item(), 0.0, NOW),
             st.judged(ctx, True, 15, 20, 321.5, NOW), st.judged(ctx, False, 5, 20, 60, NOW),
             st.terminated(ctx, 400, NOW)]
    for statement in built:
        BaseXapiStatement.model_validate(statement)
        assert statement["actor"] == {"objectType": "Agent",
                                      "account": {"homePage": "https://lms.example", "name": "user-1"}}
        assert "mbox" not in statement["actor"]
        assert statement["context"]["registration"] == ctx.registration
        uuid.UUID(statement["id"])
    assert [s["verb"]["id"].rsplit("/", 1)[-1] for s in built] == [
        "launched", "initialized", "answered", "scored", "passed", "failed", "terminated"]
    assert len({s["id"] for s in built}) == len(built)


def test_answered_carries_the_interaction_and_the_response_but_nothing_about_correctness(ctx):
    statement = _answered(ctx)
    definition = statement["object"]["definition"]
    assert definition["interactionType"] == "choice"
    assert [c["id"] for c in definition["choices"]] == ["a", "b", "c", "d"]
    assert "correctResponsesPattern" not in definition
    assert statement["result"] == {"response": "a[,]c"}
    assert statement["context"]["contextActivities"]["parent"][0]["id"] == "https://tool.example/xapi/activities/exam/basic"
    assert statement["context"]["extensions"]["https://tool.example/xapi/extensions/item-version"] == 2
    assert statement["context"]["extensions"]["https://tool.example/xapi/extensions/department"] == "Finance"
    assert "https://tool.example/xapi/extensions/location" not in statement["context"]["extensions"]


def test_scored_carries_correctness_score_and_the_correct_pattern(ctx):
    statement = st.scored(ctx, _item(), 0.0, NOW)
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/scored"
    assert statement["object"]["definition"]["correctResponsesPattern"] == ["a[,]b"]
    assert statement["result"] == {"response": "a[,]c", "success": False, "score": {"scaled": 0.0},
                                   "completion": True}
    assert statement["context"]["contextActivities"]["parent"][0]["id"] == "https://tool.example/xapi/activities/exam/basic"
    assert st.scored(ctx, _item(), 1.0, NOW)["result"]["success"] is True


def test_passed_has_score_success_and_duration(ctx):
    statement = st.judged(ctx, True, 15, 20, 321.5, NOW)
    assert statement["result"]["score"] == {"scaled": 0.75, "raw": 15, "min": 0, "max": 20}
    assert statement["result"]["success"] is True
    assert statement["result"]["duration"] == "PT05M21.5S"
    assert statement["timestamp"].startswith("2026-03-01T10:00:00")


def test_a_timed_out_submission_says_so(ctx):
    statement = st.judged(ctx, False, 3, 20, 1800, NOW, timed_out=True)
    BaseXapiStatement.model_validate(statement)
    assert statement["result"]["extensions"] == {"https://tool.example/xapi/extensions/timed-out": True}
    assert "extensions" not in st.judged(ctx, False, 3, 20, 1800, NOW)["result"]


def test_question_statements_name_the_language_the_question_was_shown_in(ctx):
    kind = item_type("single_choice")
    record = choice_record("q1", correct=("a",))
    shown_in_english = st.AnsweredItem("q1", 1, "c1", kind.interaction_type, record["stem"],
                                       kind.xapi_definition(record), kind.xapi_response(record, ["a"]), language="en")
    for statement in (st.answered(ctx, shown_in_english, NOW), st.scored(ctx, shown_in_english, 1.0, NOW)):
        BaseXapiStatement.model_validate(statement)
        assert statement["context"]["language"] == "en"
        assert statement["context"]["contextActivities"]["category"] == [{"id": "https://tool.example/xapi/profile/v2",
                                                                          "objectType": "Activity"}]
    assert "language" not in st.launched(ctx, NOW)["context"]  # an attempt may switch language: per question only
