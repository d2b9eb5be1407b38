"""The xAPI profile: valid by the specification's structural rules, current in the repository, and in
step with the statement builders; the checker finds broken rules, unknown extensions and patterns
out of order."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from assessments.item_types.registry import item_type
from tests.factories import choice_record
from tests.xapi_profile_check import ProfileChecker, ProfileError, compile_path, evaluate_path, profile_problems
from tests.xapi_profile_plugin import check
from xapi import statements as st
from xapi import vocabulary as v
from xapi.profile import (
    EXAMPLE_BASE,
    EXTENSIONS,
    EXTERNAL_CONCEPTS,
    PERSON_EXTENSIONS,
    build_profile,
    pattern_iri,
    render,
    template_iri,
)

IRIS = v.ToolIris("https://tool.example")
NOW = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)
LEARNER = st.Actor("https://lms.example", "user-1")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def profile():
    return build_profile(IRIS)


@pytest.fixture(scope="module")
def checker(profile):
    return ProfileChecker(profile)


def exam_context(registration: str | None = None, **person) -> st.ExamContext:
    return st.ExamContext(
        iris=IRIS, actor=LEARNER, exam_key="basic", exam_title={"nl": "Basis", "en": "Basic"},
        registration=registration or str(uuid.uuid4()), session_id=str(uuid.uuid4()), blueprint_version="basic@1",
        level="basic", mastery_score=0.7, course_iri=IRIS.course("https://lms.example", "course-1"),
        person=person or {"department": "Finance", "location": "Utrecht", "business_unit": "Zakelijk",
                          "function_group": "medewerker"})


def answered_item() -> st.AnsweredItem:
    kind = item_type("multiple_response")
    record = choice_record("q1", correct=("a", "b"))
    return st.AnsweredItem("q1", 2, "c1", kind.interaction_type, record["stem"], kind.xapi_definition(record),
                           kind.xapi_response(record, ["a", "b"]))


def answered(ctx: st.ExamContext, at: dt.datetime = NOW) -> dict:
    return st.answered(ctx, answered_item(), at)


def scored(ctx: st.ExamContext, at: dt.datetime = NOW, fraction: float = 1.0) -> dict:
    return st.scored(ctx, answered_item(), fraction, at)


def one_of_each() -> dict[str, dict]:
    """Every kind of statement the builders make, named by the template it must match."""
    ctx = exam_context()
    return {
        "launched": st.launched(ctx, NOW),
        "initialized": st.initialized(ctx, NOW),
        "answered": answered(ctx),
        "scored": scored(ctx),
        "passed": st.judged(ctx, True, 15, 20, 321.5, NOW),
        "failed": st.judged(ctx, False, 3, 20, 1800, NOW, timed_out=True),
        "terminated": st.terminated(ctx, 321.5, NOW),
        "earned": st.earned(IRIS, LEARNER, "basic", "cert-1", NOW, NOW + dt.timedelta(days=730),
                            registration=ctx.registration, blueprint_version="basic@1", model_version="2026.1"),
        "expired": st.expired(IRIS, LEARNER, "basic", "cert-1", NOW),
        "revoked": st.revoked(IRIS, LEARNER, "basic", "cert-1", NOW, "exam fraud"),
        "recertification-required": st.recertification_required(
            IRIS, "basic", NOW + dt.timedelta(days=90), NOW, "new AI policy", "L&D board", NOW, policy_clause="7.1"),
    }


# --- the profile's structure --------------------------------------------------------------------


@pytest.mark.parametrize("base", ["https://tool.example", "http://127.0.0.1:5000/", "https://lms.example/ai-diploma"])
def test_the_profile_follows_the_structural_rules_for_any_base_url(base):
    assert profile_problems(build_profile(v.ToolIris(base))) == []


def test_the_profile_uses_the_statements_category_as_its_version(profile):
    assert profile["@context"] == "https://w3id.org/xapi/profiles/context"
    assert profile["versions"][0]["id"] == IRIS.category != profile["id"]
    every = profile["concepts"] + profile["templates"] + profile["patterns"]
    assert {thing["inScheme"] for thing in every} == {IRIS.category}


def test_the_copy_in_the_repository_is_current():
    kept = (ROOT / "xapi" / "profile.example.jsonld").read_text(encoding="utf-8")
    assert kept == render(build_profile(v.ToolIris(EXAMPLE_BASE))), (
        "regenerate it: python -m xapi.profile > xapi/profile.example.jsonld (and is this a new profile version?)")


def test_concepts_are_the_tools_own_iris_and_reused_ones_are_not_redefined(profile):
    ids = {c["id"] for c in profile["concepts"]}
    assert {IRIS.verb(name) for name in ("expired", "revoked", "recertification-required")} <= ids
    assert IRIS.certificate_type in ids
    assert {IRIS.extension(name) for name in EXTENSIONS} <= ids
    assert not ids & set(EXTERNAL_CONCEPTS)


def mutated(profile, change):
    broken = copy.deepcopy(profile)
    change(broken)
    return profile_problems(broken)


def find(things, suffix):
    return next(t for t in things if t["id"].endswith(suffix))


@pytest.mark.parametrize(("change", "expected"), [
    (lambda p: p["templates"].append(copy.deepcopy(p["templates"][0])), "is used twice"),
    (lambda p: find(p["templates"], "/launched").update(verb="https://example.org/verbs/unknown"),
     "is not a Verb concept"),
    (lambda p: find(p["templates"], "/answered").update(contextParentActivityType=[IRIS.certificate_type + "x"]),
     "is not a ActivityType concept"),
    (lambda p: find(p["templates"], "/earned").update(objectActivityType=v.LAUNCHED.id),
     "is not a ActivityType concept"),
    (lambda p: find(p["patterns"], "/judgement").update(alternates=[template_iri(IRIS, "passed"),
                                                                    template_iri(IRIS, "nope")]),
     "is neither a template nor a pattern"),
    (lambda p: find(p["patterns"], "/judgement").update(alternates=[pattern_iri(IRIS, "certificate-earned"),
                                                                    template_iri(IRIS, "failed")]),
     "optional or zeroOrMore directly inside alternates"),
    (lambda p: find(p["patterns"], "/answer-or-resume").update(alternates=[pattern_iri(IRIS, "answering"),
                                                                           template_iri(IRIS, "launched")]),
     "contains itself"),
    (lambda p: find(p["patterns"], "/judgement").update(sequence=[template_iri(IRIS, "passed")]), "exactly one of"),
    (lambda p: find(p["patterns"], "/exam-attempt").pop("definition"), "needs prefLabel and definition"),
    (lambda p: find(p["templates"], "/passed")["rules"].append({"location": "$.result.success"}),
     "needs presence, any, all or none"),
    (lambda p: find(p["templates"], "/passed")["rules"].append({"location": "$.result[?(@.x)]",
                                                                "presence": "included"}), "unsupported JSONPath"),
    (lambda p: find(p["templates"], "/passed")["rules"].append({"location": "$.result.success", "presence": "maybe"}),
     "is not included/excluded/recommended"),
    (lambda p: find(p["templates"], "/passed")["rules"].append(
        {"location": "$.result.extensions['https://example.org/x']", "presence": "included"}), "is not declared"),
    (lambda p: find(p["templates"], "/passed")["rules"].append(
        {"location": f"$.result.extensions['{IRIS.extension('level')}']", "presence": "included"}),
     "is a ContextExtension, not a ResultExtension"),
    (lambda p: p["concepts"].append({**find(p["concepts"], "/extensions/level"), "id": IRIS.extension("unused")}),
     "no template says where it goes"),
    (lambda p: p["concepts"].append({"id": v.PASSED.id, "type": "Verb", "inScheme": IRIS.category,
                                     "prefLabel": {"en": "passed"}, "definition": {"en": "passed"}}),
     "do not redefine it"),
    (lambda p: find(p["concepts"], "/verbs/revoked").update(inScheme="https://tool.example/xapi/profile/v9"),
     "is not a version of this profile"),
    (lambda p: find(p["concepts"], "/verbs/revoked").pop("definition"), "definition is required"),
    (lambda p: find(p["concepts"], "/extensions/level").update(inlineSchema="{not json"), "not JSON"),
    (lambda p: find(p["concepts"], "/extensions/level").update(recommendedVerbs=["https://example.org/v"]),
     "is not a Verb concept"),
    (lambda p: p.pop("author"), "author is required"),
    (lambda p: p.update(versions=[{"id": p["id"], "generatedAtTime": "2026-01-01T00:00:00Z"}]),
     "must differ from the profile id"),
    (lambda p: find(p["templates"], "/passed").update(definition={}), "empty value"),
])
def test_structural_problems_are_found(profile, change, expected):
    problems = mutated(profile, change)
    assert any(expected in problem for problem in problems), problems


# --- statements and templates ---------------------------------------------------------------------


def test_every_kind_of_statement_matches_exactly_its_template(checker):
    built = one_of_each()
    for name, statement in built.items():
        verdict = checker.validate(statement)
        assert verdict.ok, f"{name}: {verdict.explain()}"
        assert verdict.templates == (template_iri(IRIS, name),)
    assert {t["id"] for t in checker.profile["templates"]} == {template_iri(IRIS, name) for name in built}


def test_answers_to_every_question_of_the_seed_bank_match(checker):
    """Every interaction type the bank uses (the definitions and responses differ per item type)."""
    import yaml

    from assessments.item_types.registry import ITEM_TYPES

    ctx = exam_context()
    seen = set()
    for path in sorted((ROOT / "config" / "items").glob("*.yaml")):
        for record in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            kind = item_type(record["type"])
            item = st.AnsweredItem(record["key"], 1, record["competence"], kind.interaction_type, record["stem"],
                                   kind.xapi_definition(record),
                                   kind.xapi_response(record, kind.correct_response(record)))
            for statement in (st.answered(ctx, item, NOW), st.scored(ctx, item, 1.0, NOW)):
                verdict = checker.validate(statement)
                assert verdict.ok, f"{record['key']}: {verdict.explain()}"
            seen.add(record["type"])
    assert seen == set(ITEM_TYPES)


def test_a_statement_without_the_optional_parts_still_matches(checker):
    ctx = st.ExamContext(iris=IRIS, actor=LEARNER, exam_key="basic", exam_title={"en": "Basic"},
                         registration=str(uuid.uuid4()), session_id="s", blueprint_version="basic@1", level="basic",
                         mastery_score=0.7)  # no course, no person attributes
    assert checker.validate(st.launched(ctx, NOW)).ok
    earned = st.earned(IRIS, LEARNER, "basic", "c", NOW, NOW)  # no registration, blueprint or model version
    assert checker.validate(earned).ok


def broken(statement, change):
    copied = copy.deepcopy(statement)
    change(copied)
    return copied


@pytest.mark.parametrize(("name", "change", "rule_location"), [
    ("launched", lambda s: s["actor"].update(mbox="mailto:sanne@example.org"), "$.actor.mbox"),
    ("launched", lambda s: s["context"].pop("registration"), "$.context.registration"),
    ("passed", lambda s: s["result"].update(success=False), "$.result.success"),
    ("failed", lambda s: s["result"]["score"].pop("raw"), "$.result.score.raw"),
    ("failed", lambda s: s["result"]["extensions"].update({IRIS.extension("timed-out"): False}), "timed-out"),
    ("answered", lambda s: s["context"]["extensions"].pop(IRIS.extension("item-version")), "item-version"),
    ("answered", lambda s: s["result"].update(success=True), "$.result.success"),
    ("answered", lambda s: s["result"].update(score={"scaled": 1.0}), "$.result.score"),
    ("answered", lambda s: s["object"]["definition"].update(correctResponsesPattern=["a[,]b"]),
     "correctResponsesPattern"),
    ("scored", lambda s: s["result"].pop("success"), "$.result.success"),
    ("scored", lambda s: s["object"]["definition"].pop("correctResponsesPattern"), "correctResponsesPattern"),
    ("terminated", lambda s: s["result"].update(success=True), "$.result.score | $.result.success"),
    ("initialized", lambda s: s["context"]["extensions"].pop(v.CMI5_MASTERY_SCORE), "masteryscore"),
    ("earned", lambda s: s["result"]["extensions"].update({IRIS.extension("certificate-id"): "c"}), "certificate-id"),
    ("revoked", lambda s: s["context"]["extensions"].pop(IRIS.extension("reason")), "reason"),
    ("recertification-required", lambda s: s["actor"]["account"].update(homePage="https://lms.example"),
     "$.actor.account.homePage"),
    ("expired", lambda s: s["context"]["contextActivities"].update(category=[{"id": "https://other.example/p"}]),
     "category"),
])
def test_a_broken_rule_is_named_with_its_template(checker, name, change, rule_location):
    verdict = checker.validate(broken(one_of_each()[name], change))
    assert verdict.outcome == "invalid" and not verdict.ok
    assert verdict.templates == (template_iri(IRIS, name),)
    assert any(rule_location in failure.location for failure in verdict.failures), verdict.explain()
    assert template_iri(IRIS, name) in verdict.explain()


def test_unknown_verbs_and_types_match_no_template(checker):
    statement = broken(one_of_each()["passed"], lambda s: s["verb"].update(id=v.COMPLETED.id))
    assert checker.validate(statement).outcome == "unmatched"
    statement = broken(one_of_each()["passed"], lambda s: s["object"]["definition"].update(type=v.COURSE))
    assert "matches no statement template" in checker.validate(statement).explain()


def test_undeclared_misplaced_and_mistyped_extensions_are_problems(checker):
    unknown = broken(one_of_each()["launched"],
                     lambda s: s["context"]["extensions"].update({IRIS.extension("employee-number"): "VG-1"}))
    verdict = checker.validate(unknown)
    assert verdict.outcome == "success" and not verdict.ok
    assert "employee-number is not declared" in verdict.explain()
    misplaced = broken(one_of_each()["passed"], lambda s: s["result"].setdefault("extensions", {}).update(
        {IRIS.extension("level"): "basic"}))
    assert "is a ContextExtension but is used in the result" in checker.validate(misplaced).explain()
    mistyped = broken(one_of_each()["answered"],
                      lambda s: s["context"]["extensions"].update({IRIS.extension("item-version"): "2"}))
    assert "is not of type integer" in checker.validate(mistyped).explain()
    bad_date = broken(one_of_each()["earned"],
                      lambda s: s["result"]["extensions"].update({IRIS.extension("valid-until"): "next year"}))
    assert "is not a date-time" in checker.validate(bad_date).explain()


def test_person_attributes_travel_as_declared_extensions_and_the_employee_number_never_does(checker):
    from lti_tool.db.repositories import PERSON_ATTRIBUTES

    travelling = {name.replace("_", "-") for name in PERSON_ATTRIBUTES if name != "employee_number"}
    assert travelling == set(PERSON_EXTENSIONS)
    statement = one_of_each()["launched"]
    for name in PERSON_EXTENSIONS:
        assert IRIS.extension(name) in statement["context"]["extensions"]
    assert checker.validate(statement).ok


# --- patterns -----------------------------------------------------------------------------------------


def attempt(passed: bool = True, certificate: bool = True) -> list[dict]:
    ctx = exam_context()
    at = [NOW + dt.timedelta(minutes=m) for m in range(6)]
    statements = [st.launched(ctx, at[0]), st.initialized(ctx, at[0]), answered(ctx, at[1]),
                  st.launched(ctx, at[2]), answered(ctx, at[3]), scored(ctx, at[4]),
                  st.judged(ctx, passed, 15, 20, 240, at[4]), st.terminated(ctx, 240, at[4])]
    if certificate and passed:
        statements.append(st.earned(IRIS, LEARNER, "basic", "c", at[4], at[4], registration=ctx.registration))
    return [*statements, st.launched(ctx, at[5])]


def test_an_attempt_follows_the_attempt_pattern_whatever_the_order_of_equal_timestamps(checker):
    statements = attempt()
    assert checker.follows(statements).outcome == "success"
    assert checker.follows(list(reversed(statements))).outcome == "success"  # taken by timestamp
    assert checker.follows(attempt(passed=False)).outcome == "success"
    assert checker.follows(statements).pattern == pattern_iri(IRIS, "exam-attempt")


def test_an_attempt_in_progress_matches_partially_and_a_wrong_order_fails(checker):
    statements = attempt()
    assert checker.follows(statements[:3]).outcome == "partial"
    no_start = [s for s in statements if s["verb"]["id"] != v.INITIALIZED.id]
    assert checker.follows(no_start).outcome == "failure"
    answer_after = [*statements, answered(exam_context(statements[0]["context"]["registration"]),
                                          NOW + dt.timedelta(hours=1))]
    assert checker.follows(answer_after).outcome == "failure"
    judged_twice = [*statements[:7], statements[6]]
    judged_twice[-1] = {**statements[6], "id": str(uuid.uuid4()), "timestamp": statements[-1]["timestamp"]}
    assert checker.follows(judged_twice).outcome == "failure"
    scored_after = [*statements, scored(exam_context(statements[0]["context"]["registration"]),
                                        NOW + dt.timedelta(hours=1))]
    assert checker.follows(scored_after).outcome == "failure"


def test_a_statement_breaking_its_template_fails_the_sequence(checker):
    statements = attempt()
    statements[2] = broken(statements[2], lambda s: s["result"].pop("response"))
    verdict = checker.follows(statements)
    assert verdict.outcome == "failure" and "$.result.response" in verdict.problems[0]


def test_certificate_lifecycles(checker):
    lifecycle = [pattern_iri(IRIS, "certificate-lifecycle")]
    earned = st.earned(IRIS, LEARNER, "basic", "c", NOW, NOW + dt.timedelta(days=730))
    expired = st.expired(IRIS, LEARNER, "basic", "c", NOW + dt.timedelta(days=730))
    revoked = st.revoked(IRIS, LEARNER, "basic", "c", NOW + dt.timedelta(days=800), "fraud")
    early_revoked = st.revoked(IRIS, LEARNER, "basic", "c", NOW + dt.timedelta(days=10), "fraud")
    for good in ([earned], [earned, expired], [earned, early_revoked], [earned, expired, revoked]):
        assert checker.follows(good, lifecycle).outcome == "success", good
    for bad in ([expired], [earned, early_revoked, expired], [earned, expired, expired]):
        assert checker.follows(bad, lifecycle).outcome == "failure", bad


# --- JSONPath -------------------------------------------------------------------------------------------


def test_jsonpath_subset():
    doc = {"a": {"b": [{"id": 1}, {"id": 2}, {"x": 3}], "c.d/e": "dotted", "n": None},
           "context": {"extensions": {"https://x.example/ext's": 1}}}
    assert evaluate_path(compile_path("$.a.b[*].id"), doc) == [1, 2]
    assert evaluate_path(compile_path("$.a['c.d/e']"), doc) == ["dotted"]
    assert evaluate_path(compile_path('$.a["c.d/e"] | $.a.b[0].id'), doc) == ["dotted", 1]
    assert evaluate_path(compile_path("$.a.b[0,2]"), doc) == [{"id": 1}, {"x": 3}]
    assert evaluate_path(compile_path("$.a.b[9].id"), doc) == []
    assert evaluate_path(compile_path("$.a.n"), doc) == [None]
    assert evaluate_path(compile_path("$.a.*"), doc)[1] == "dotted"
    assert evaluate_path(compile_path("$.a.b[*]"), doc)[2] == {"x": 3}
    assert evaluate_path(compile_path("$"), doc) == [doc]
    for unsupported in ("a.b", "$..id", "$.a[?(@.id)]", "$.a[-1]", "$.a[1:2]", "$.a.b[*"):
        with pytest.raises(ProfileError):
            compile_path(unsupported)


def test_rule_semantics_follow_the_specification():
    profile = build_profile(IRIS)
    template = find(profile["templates"], "/passed")
    template["rules"] = [
        {"location": "$.context.contextActivities.grouping[*]", "selector": "$.definition.type",
         "presence": "included"},
        {"location": "$.result.score.scaled", "any": [0.75, 1]},
        {"location": "$.context.contextActivities.category[*].id", "none": ["https://other.example/profile"]},
    ]
    checker = ProfileChecker(profile)
    good = one_of_each()["passed"]
    assert checker.validate(good).ok
    untyped = broken(good, lambda s: s["context"]["contextActivities"]["grouping"].append({"id": "https://g"}))
    assert "selector found nothing" in checker.validate(untyped).explain()
    other_score = broken(good, lambda s: s["result"]["score"].update(scaled=True))  # true is not 1
    assert "none of [0.75, 1]" in checker.validate(other_score).explain()
    other_profile = broken(good, lambda s: s["context"]["contextActivities"]["category"].append(
        {"id": "https://other.example/profile"}))
    assert "is not allowed" in checker.validate(other_profile).explain()
    single = broken(good, lambda s: s["context"]["contextActivities"].update(
        grouping=s["context"]["contextActivities"]["grouping"][0]))  # a singleton object is normalised to a list
    assert checker.validate(single).ok


# --- the session plugin -----------------------------------------------------------------------------


def test_the_session_check_names_bad_statements():
    built = one_of_each()
    assert check([("journal", s) for s in built.values()]) == []
    no_category = broken(built["launched"], lambda s: s["context"]["contextActivities"].pop("category"))
    bad = broken(built["revoked"], lambda s: s["context"]["extensions"].pop(IRIS.extension("reason")))
    problems = check([("journal", no_category), ("LRS post", bad)])
    assert len(problems) == 2
    assert "names no version of the tool's profile" in problems[0]
    assert "(LRS post)" in problems[1] and "reason" in problems[1]


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["one-process", "xdist-workers"])
def test_the_plugin_fails_the_session_on_a_bad_statement(tmp_path, workers):
    statement = broken(one_of_each()["launched"], lambda s: s.update(result={"success": True}))
    (tmp_path / "statement.json").write_text(json.dumps(statement), encoding="utf-8")
    test_file = tmp_path / "test_bad_statement.py"
    test_file.write_text(
        "import json, pathlib\n"
        "from tests.xapi_profile_plugin import capture\n"
        "def test_writes_a_bad_statement():\n"
        "    capture('journal', json.loads((pathlib.Path(__file__).parent / 'statement.json').read_text()))\n",
        encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "tests.xapi_profile_plugin",
                          "-p", "no:cacheprovider", *workers, "--rootdir", str(ROOT), str(test_file)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 passed" in run.stdout and "1 of 1 statements the tool wrote do not follow" in run.stdout
    assert "$.result" in run.stdout and statement["id"] in run.stdout
