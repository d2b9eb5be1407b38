"""The tool's xAPI Profile (ADL xAPI Profiles 1.0, JSON-LD), built from the same vocabulary as the statements.

Pure: ``build_profile(iris)`` returns the profile document for one deployment. The tool-minted IRIs
(verbs, the certificate activity type, the extensions) live under the deployment's base URL
(``xapi/vocabulary.py``), so the profile is *generated* for that base rather than kept as a fixed
file: the tool serves ``build_profile(ToolIris(base_url))`` at ``<base>/xapi/profile`` (and
``/xapi/profile.jsonld``), and its statements are built from the same ``ToolIris``, so the served
profile and the statements cannot disagree about an IRI. ``xapi/profile.example.jsonld`` is the
profile rendered for ``https://tool.example``, kept for reading in the repository; a test checks it is
current (regenerate with ``python -m xapi.profile > xapi/profile.example.jsonld``).

Identity and versions. Every statement the tool emits names ``<base>/xapi/profile`` as a *category*
context activity (``ToolIris.category``). That IRI is this profile's current *version* id, as the
specification asks (Part Two §5: statements name the profile version in their category), and
dereferencing it returns this document. The profile as a whole is ``<base>/xapi/profile#profile``
(the specification wants version ids distinct from the profile id). A change to a template's
determining properties or rules, or to a pattern, is a new version: mint ``<base>/xapi/profile/v2``,
add it to ``versions`` with ``wasRevisionOf``, give the changed templates and patterns new ids, and
change ``ToolIris.category`` in the same commit.

Concepts. The profile defines the concepts the tool mints (its verbs, the certificate activity type
and its extensions). Concepts the tool reuses — the ADL verbs and activity types, ``earned`` from
the Tin Can registry and the cmi5 context extensions — are *not* redefined here: the specification
forbids a profile to define a concept another profile defines (Part Two §7). They are listed in
``EXTERNAL_CONCEPTS`` with the vocabulary that defines them, the profile's templates use them by IRI,
and the checks in ``tests/xapi_profile_check.py`` (test code) accept exactly those.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from . import vocabulary as v

CONTEXT = "https://w3id.org/xapi/profiles/context"
CONFORMS_TO = "https://w3id.org/xapi/profiles#1.0"
#: when version 1 (the category ``<base>/xapi/profile``) was published
VERSION_1_DATE = "2026-11-29T00:00:00Z"
#: version 2 (``<base>/xapi/profile/v2``): question statements carry ``context.language`` (for DIF studies)
VERSION_2_DATE = "2026-12-06T00:00:00Z"
EXAMPLE_BASE = "https://tool.example"

ADL_VOCABULARY = "https://w3id.org/xapi/adl"
CMI5_PROFILE = "https://w3id.org/xapi/cmi5"
TINCAN_REGISTRY = "http://id.tincanapi.com"


@dataclass(frozen=True)
class External:
    """A concept the tool reuses from another vocabulary."""

    type: str  # Verb, ActivityType, ContextExtension, ResultExtension, ActivityExtension
    source: str  # the profile or registry that defines it
    label: str


EXTERNAL_CONCEPTS: Mapping[str, External] = {
    v.LAUNCHED.id: External("Verb", ADL_VOCABULARY, "launched"),
    v.INITIALIZED.id: External("Verb", ADL_VOCABULARY, "initialized"),
    v.ANSWERED.id: External("Verb", ADL_VOCABULARY, "answered"),
    v.PASSED.id: External("Verb", ADL_VOCABULARY, "passed"),
    v.FAILED.id: External("Verb", ADL_VOCABULARY, "failed"),
    v.TERMINATED.id: External("Verb", ADL_VOCABULARY, "terminated"),
    v.SCORED.id: External("Verb", ADL_VOCABULARY, "scored"),
    v.EARNED.id: External("Verb", TINCAN_REGISTRY, "earned"),
    v.ASSESSMENT: External("ActivityType", ADL_VOCABULARY, "assessment"),
    v.INTERACTION: External("ActivityType", ADL_VOCABULARY, "cmi.interaction"),
    v.COURSE: External("ActivityType", ADL_VOCABULARY, "course"),
    v.CMI5_SESSION_ID: External("ContextExtension", CMI5_PROFILE, "session id"),
    v.CMI5_MASTERY_SCORE: External("ContextExtension", CMI5_PROFILE, "mastery score"),
}

_STRING = {"type": "string", "minLength": 1}
_DATE_TIME = {"type": "string", "format": "date-time"}

#: the tool's extensions: name → (concept type, JSON Schema, label, definition)
EXTENSIONS: Mapping[str, tuple[str, Mapping[str, Any], str, str]] = {
    "blueprint-version": ("ContextExtension", _STRING, "blueprint version",
                          "The version label of the exam blueprint (e.g. 'basic@1'): which rules drew the questions "
                          "and set the pass mark. On a certificate: the blueprint of the exam that earned it."),
    "level": ("ContextExtension", _STRING, "diploma level",
              "The key of the diploma level (e.g. 'basic') the exam, certificate or decision is about."),
    "department": ("ContextExtension", _STRING, "department",
                   "The learner's department when the statement was made, as the LMS launch (custom parameter) or "
                   "the HR import gave it. Absent when unknown."),
    "location": ("ContextExtension", _STRING, "location",
                 "The learner's work location when the statement was made (LMS launch or HR import). "
                 "Absent when unknown."),
    "business-unit": ("ContextExtension", _STRING, "business unit",
                      "The learner's business unit when the statement was made (LMS launch or HR import). "
                      "Absent when unknown."),
    "function-group": ("ContextExtension", _STRING, "function group",
                       "The learner's function group (role family, e.g. 'teamleider') when the statement was made; "
                       "it chooses the exam variant. Absent when unknown."),
    "item-version": ("ContextExtension", {"type": "integer", "minimum": 1}, "item version",
                     "The version number of the question (item) that was answered; the object id names the item, "
                     "this names the exact wording and options."),
    "competence": ("ContextExtension", _STRING, "competence",
                   "The key of the competence in the competence model that the answered question assesses."),
    "certificate-id": ("ContextExtension", _STRING, "certificate id",
                       "The id of one certificate (diploma): the same in the statement that issued it (earned) and "
                       "in those that end it (expired, revoked), and printed on the certificate."),
    "competence-model-version": ("ContextExtension", _STRING, "competence model version",
                                 "The version of the competence model a certificate was earned under."),
    "reason": ("ContextExtension", _STRING, "reason",
               "Why a certificate was revoked, or why recertification is required (free text by the person "
               "who decided)."),
    "due-date": ("ContextExtension", _DATE_TIME, "due date",
                 "Recertification: certificates the decision covers are valid only until this moment."),
    "issued-before": ("ContextExtension", _DATE_TIME, "issued before",
                      "Recertification: the decision covers certificates issued before this moment."),
    "decided-by": ("ContextExtension", _STRING, "decided by",
                   "Recertification: who decided (a body or role, e.g. 'L&D board'), not a person's identifier."),
    "policy-clause": ("ContextExtension", _STRING, "policy clause",
                      "Recertification: the policy clause whose change caused the decision, when there is one."),
    "scope": ("ContextExtension", _STRING, "scope",
              "Recertification: the LMS (platform issuer) whose people the decision covers; absent when it covers "
              "everyone the tool certifies."),
    "timed-out": ("ResultExtension", {"type": "boolean", "enum": [True]}, "timed out",
                  "Present (true) when the attempt was submitted by the deadline rather than by the learner: the "
                  "answers saved by then were graded."),
    "valid-until": ("ResultExtension", _DATE_TIME, "valid until",
                    "The moment an earned certificate ends unless renewed, revoked or cut short by a "
                    "recertification decision."),
}

#: the learner attributes that may travel as context extensions (lti_tool PERSON_ATTRIBUTES minus the
#: employee number, which never leaves the tool)
PERSON_EXTENSIONS = ("department", "location", "business-unit", "function-group")

#: the tool's own verbs: name → (label en, label nl, definition)
TOOL_VERBS: Mapping[str, tuple[str, str, str]] = {
    "expired": ("expired", "verliep",
                "The certificate (object) reached its end (valid-until, or the due date of a recertification "
                "decision) without being revoked. Informational: the end follows from the earned statement and "
                "any recertification decision; this statement records the moment in the audit trail."),
    "revoked": ("revoked", "trok in",
                "The certificate (object) was revoked by HR or L&D from the statement's timestamp on; the "
                "reason extension says why."),
    "recertification-required": (
        "required recertification", "eiste hercertificering",
        "An organisation-wide decision (actor: the tool's organisation agent): certificates at the level "
        "(object) issued before 'issued-before' are valid only until 'due-date' unless renewed."),
}

_NO_PERSONAL_IDENTIFIERS = "$.actor.mbox | $.actor.mbox_sha1sum | $.actor.openid | $.actor.name"


def version_iri(iris: v.ToolIris) -> str:
    """The current profile version: the category every statement of the tool carries."""
    return iris.category


def profile_iri(iris: v.ToolIris) -> str:  # the profile as a whole: the same for every version
    return iris.profile + "#profile"


def template_iri(iris: v.ToolIris, name: str) -> str:
    return f"{iris.category}/templates/{name}"


def pattern_iri(iris: v.ToolIris, name: str) -> str:
    return f"{iris.category}/patterns/{name}"


def _rule(location: str, presence: str | None = None, *, any: Sequence[Any] | None = None,
          all: Sequence[Any] | None = None, none: Sequence[Any] | None = None,
          note: str | None = None) -> dict[str, Any]:
    rule: dict[str, Any] = {"location": location}
    if presence:
        rule["presence"] = presence
    for key, value in (("any", any), ("all", all), ("none", none)):
        if value is not None:
            rule[key] = list(value)
    if note:
        rule["scopeNote"] = {"en": note}
    return rule


def _ctx_ext(iri: str) -> str:
    return f"$.context.extensions['{iri}']"


def _res_ext(iri: str) -> str:
    return f"$.result.extensions['{iri}']"


def _learner_rules(iris: v.ToolIris) -> list[dict[str, Any]]:
    return [
        _rule("$.id", "included"),
        _rule("$.timestamp", "included"),
        _rule("$.actor.account.homePage", "included",
              note="The learner is an account: homePage is the LMS's issuer (the LTI platform)."),
        _rule("$.actor.account.name", "included",
              note="The LMS's own pseudonymous user id (LTI 'sub'); join to names only inside the LMS or the tool."),
        _rule(_NO_PERSONAL_IDENTIFIERS, "excluded", note="No e-mail address or name ever goes to the LRS."),
        _rule("$.context.contextActivities.category[*].id", "included", any=[version_iri(iris)],
              note="Names this profile version."),
    ]


def _attempt_rules(iris: v.ToolIris) -> list[dict[str, Any]]:
    rules = [
        *_learner_rules(iris),
        _rule("$.context.registration", "included", note="The attempt id: every statement of one attempt shares it."),
        _rule(_ctx_ext(v.CMI5_SESSION_ID), "included", note="One id per launch session (cmi5)."),
        _rule(_ctx_ext(iris.extension("blueprint-version")), "included"),
        _rule(_ctx_ext(iris.extension("level")), "included"),
        _rule("$.context.contextActivities.grouping[*].definition.type", "recommended", all=[v.COURSE],
              note="The LMS course the exam was launched from, when the launch named one."),
    ]
    rules += [_rule(_ctx_ext(iris.extension(name)), "recommended",
                    note="From the LMS launch or the HR import; absent when unknown.") for name in PERSON_EXTENSIONS]
    return rules


def _exam_object_rules() -> list[dict[str, Any]]:
    return [_rule("$.object.id", "included"), _rule("$.object.definition.name", "included")]


def _certificate_rules(iris: v.ToolIris) -> list[dict[str, Any]]:
    return [
        *_learner_rules(iris),
        _rule("$.object.definition.name", "included"),
        _rule(_ctx_ext(iris.extension("level")), "included"),
        _rule(_ctx_ext(iris.extension("certificate-id")), "included"),
    ]


def _judged_rules(iris: v.ToolIris, success: bool) -> list[dict[str, Any]]:
    return [
        _rule("$.result.success", "included", all=[success]),
        _rule("$.result.completion", "included", all=[True]),
        _rule("$.result.score.scaled", "included"),
        _rule("$.result.score.raw", "included"),
        _rule("$.result.score.min", "included"),
        _rule("$.result.score.max", "included"),
        _rule("$.result.duration", "included", note="From the start of the attempt to its submission."),
        _rule(_res_ext(iris.extension("timed-out")), "recommended", all=[True],
              note="Present only when the deadline submitted the attempt (a timed-out judgement)."),
    ]


def _item_rules(iris: v.ToolIris) -> list[dict[str, Any]]:
    """What every statement about one question of an attempt carries."""
    return [
        *_attempt_rules(iris),
        _rule("$.object.id", "included"),
        _rule("$.object.definition.interactionType", "included"),
        _rule("$.context.contextActivities.parent[*].id", "included"),
        _rule(_ctx_ext(iris.extension("item-version")), "included"),
        _rule(_ctx_ext(iris.extension("competence")), "included"),
        _rule("$.context.language", "recommended",
              note="The language the question was shown in (RFC 5646, e.g. nl or en); since version 2."),
    ]


def _template(iris: v.ToolIris, name: str, label: str, definition: str, verb: str,
              object_type: str, rules: list[dict[str, Any]], **determining: list[str]) -> dict[str, Any]:
    template: dict[str, Any] = {
        "id": template_iri(iris, name), "type": "StatementTemplate", "inScheme": version_iri(iris),
        "prefLabel": {"en": label}, "definition": {"en": definition},
        "verb": verb, "objectActivityType": object_type,
    }
    template.update(determining)
    template["rules"] = rules
    return template


def _question_templates(iris: v.ToolIris) -> list[dict[str, Any]]:
    """answered (while the attempt is open: the response only) and scored (once it is judged)."""
    return [
        _template(iris, "answered", "question answered",
                  "The learner saved an answer to one question while the attempt was open; again whenever the "
                  "answer changes. The object is the item, the parent the exam. It carries the response only: "
                  "nothing that tells right from wrong leaves the tool before the attempt is judged (see scored).",
                  v.ANSWERED.id, v.INTERACTION, [
                      *_item_rules(iris),
                      _rule("$.result.response", "included", note="In the xAPI cmi.interaction response format."),
                      _rule("$.result.success | $.result.score | $.result.completion", "excluded",
                            note="Correctness and score are sent once the attempt is judged, in scored."),
                      _rule("$.object.definition.correctResponsesPattern", "excluded",
                            note="The correct answer is sent once the attempt is judged, in scored."),
                  ], contextParentActivityType=[v.ASSESSMENT]),
        _template(iris, "scored", "question scored",
                  "The attempt was judged (submitted by the learner or by the deadline): one statement per "
                  "answered question, just before passed or failed, with the graded response, whether it is "
                  "fully correct, the share of the item's points and the correct response pattern.",
                  v.SCORED.id, v.INTERACTION, [
                      *_item_rules(iris),
                      _rule("$.result.response", "included", note="The response that was graded."),
                      _rule("$.result.success", "included", note="Whether the answer is fully correct."),
                      _rule("$.result.score.scaled", "included", note="The fraction of the item's points earned."),
                      _rule("$.result.completion", "included", all=[True]),
                      _rule("$.object.definition.correctResponsesPattern", "included"),
                  ], contextParentActivityType=[v.ASSESSMENT]),
    ]


def _templates(iris: v.ToolIris) -> list[dict[str, Any]]:
    return [*_attempt_templates(iris), *_certificate_templates(iris), _recertification_template(iris)]


def _attempt_templates(iris: v.ToolIris) -> list[dict[str, Any]]:
    """The statements of one exam attempt: launched, initialized, the questions, passed/failed, terminated."""
    no_result = _rule("$.result", "excluded")
    return [
        _template(iris, "launched", "exam launched",
                  "The learner began the exam (its Start button), or opened an open attempt again from the LMS.",
                  v.LAUNCHED.id, v.ASSESSMENT, _attempt_rules(iris) + _exam_object_rules() + [no_result]),
        _template(iris, "initialized", "attempt started",
                  "A new attempt began: the questions were drawn. Once per attempt (registration).",
                  v.INITIALIZED.id, v.ASSESSMENT, _attempt_rules(iris) + _exam_object_rules() + [
                      no_result,
                      _rule(_ctx_ext(v.CMI5_MASTERY_SCORE), "included",
                            note="The pass mark as a fraction of the maximum score (0..1)."),
                  ]),
        *_question_templates(iris),
        _template(iris, "passed", "exam passed",
                  "The attempt was submitted (by the learner, or by the deadline: timed-out) and reached the pass "
                  "mark.", v.PASSED.id, v.ASSESSMENT,
                  _attempt_rules(iris) + _exam_object_rules() + _judged_rules(iris, True)),
        _template(iris, "failed", "exam failed",
                  "The attempt was submitted (by the learner, or by the deadline: timed-out) and did not reach the "
                  "pass mark.", v.FAILED.id, v.ASSESSMENT,
                  _attempt_rules(iris) + _exam_object_rules() + _judged_rules(iris, False)),
        _template(iris, "terminated", "attempt closed",
                  "The attempt was closed right after its judgement; the duration is that of the attempt.",
                  v.TERMINATED.id, v.ASSESSMENT, _attempt_rules(iris) + _exam_object_rules() + [
                      _rule("$.result.duration", "included"),
                      _rule("$.result.score | $.result.success | $.result.completion", "excluded"),
                  ]),
    ]


def _certificate_templates(iris: v.ToolIris) -> list[dict[str, Any]]:
    """A certificate's lifecycle: earned, expired, revoked (grouped by the certificate-id extension)."""
    cert_type = iris.certificate_type
    no_result = _rule("$.result", "excluded")
    return [
        _template(iris, "earned", "certificate earned",
                  "A certificate (diploma) at a level was issued to the learner: after a passed exam, in the same "
                  "registration as the attempt.", v.EARNED.id, cert_type, [
                      *_certificate_rules(iris),
                      _rule("$.result.success", "included", all=[True]),
                      _rule("$.result.completion", "included", all=[True]),
                      _rule(_res_ext(iris.extension("valid-until")), "included"),
                      _rule(_res_ext(iris.extension("certificate-id")), "excluded",
                            note="certificate-id is a context extension."),
                      _rule("$.context.registration", "recommended", note="The attempt that earned it."),
                      _rule(_ctx_ext(iris.extension("blueprint-version")), "recommended"),
                      _rule(_ctx_ext(iris.extension("competence-model-version")), "recommended"),
                  ]),
        _template(iris, "expired", "certificate expired",
                  "The certificate with this certificate-id ran out (recorded once, by the daily expiry run).",
                  iris.verb("expired"), cert_type, [
                      *_certificate_rules(iris), no_result, _rule("$.context.registration", "excluded")]),
        _template(iris, "revoked", "certificate revoked",
                  "HR or L&D revoked the certificate with this certificate-id.",
                  iris.verb("revoked"), cert_type, [
                      *_certificate_rules(iris), no_result, _rule("$.context.registration", "excluded"),
                      _rule(_ctx_ext(iris.extension("reason")), "included")]),
    ]


def _recertification_template(iris: v.ToolIris) -> dict[str, Any]:
    """An organisation-wide decision (the actor is the organisation) about certificates at one level."""
    rules = [
        _rule("$.id", "included"),
        _rule("$.timestamp", "included"),
        _rule("$.actor.account.homePage", "included", all=[iris.organisation]),
        _rule("$.actor.account.name", "included"),
        _rule("$.context.contextActivities.category[*].id", "included", any=[version_iri(iris)]),
        _rule("$.context.registration", "excluded"),
        _rule("$.result", "excluded"),
        *[_rule(_ctx_ext(iris.extension(name)), "included")
          for name in ("level", "due-date", "issued-before", "reason", "decided-by")],
        _rule(_ctx_ext(iris.extension("policy-clause")), "recommended"),
        _rule(_ctx_ext(iris.extension("scope")), "recommended",
              note="Only the named platform's people are covered; everyone when absent."),
    ]
    return _template(iris, "recertification-required", "recertification required",
                     "L&D decided that certificates at a level issued before a date need recertification by a "
                     "due date. The actor is the organisation, not a learner.",
                     iris.verb("recertification-required"), iris.certificate_type, rules)


def _pattern(iris: v.ToolIris, name: str, kind: str, members: str | list[str], *, primary: bool = False,
             label: str | None = None, definition: str | None = None) -> dict[str, Any]:
    pattern: dict[str, Any] = {"id": pattern_iri(iris, name), "type": "Pattern", "inScheme": version_iri(iris)}
    if primary:
        pattern["primary"] = True
    if label:
        pattern["prefLabel"] = {"en": label}
    if definition:
        pattern["definition"] = {"en": definition}
    pattern[kind] = members
    return pattern


def _patterns(iris: v.ToolIris) -> list[dict[str, Any]]:
    t = lambda name: template_iri(iris, name)  # noqa: E731
    p = lambda name: pattern_iri(iris, name)  # noqa: E731
    return [
        _pattern(iris, "exam-attempt", "sequence", [
            t("launched"), t("initialized"), p("answering"), p("item-scores"), p("judgement"), t("terminated"),
            p("certificate-earned"), p("later-launches")], primary=True, label="exam attempt",
            definition="The statements of one attempt (one registration), by timestamp: launched, initialized, "
                       "then answers and relaunches (resuming), the scores of the answered questions, "
                       "one judgement (passed or failed; timed-out when the "
                       "deadline submitted it), terminated, the certificate when the exam earned one, and any "
                       "later launches that show the result. An attempt still in progress matches partially."),
        _pattern(iris, "answering", "zeroOrMore", p("answer-or-resume")),
        _pattern(iris, "answer-or-resume", "alternates", [t("answered"), t("launched")]),
        _pattern(iris, "item-scores", "zeroOrMore", t("scored")),
        _pattern(iris, "judgement", "alternates", [t("passed"), t("failed")]),
        _pattern(iris, "certificate-earned", "optional", t("earned")),
        _pattern(iris, "later-launches", "zeroOrMore", t("launched")),
        _pattern(iris, "certificate-lifecycle", "sequence", [t("earned"), p("expiry"), p("revocation")],
                 primary=True, label="certificate lifecycle",
                 definition="The statements about one certificate, grouped by the certificate-id context extension "
                            "(expired and revoked carry no registration), by timestamp: earned, then at most one "
                            "expired and at most one revoked (a certificate can be revoked after it expired, "
                            "not the other way round)."),
        _pattern(iris, "expiry", "optional", t("expired")),
        _pattern(iris, "revocation", "optional", t("revoked")),
        _pattern(iris, "recertification-decision", "sequence", [t("recertification-required")], primary=True,
                 label="recertification decision",
                 definition="An organisation-wide decision stands alone: it has no registration."),
    ]


def _concepts(iris: v.ToolIris) -> list[dict[str, Any]]:
    version = version_iri(iris)
    concepts: list[dict[str, Any]] = []
    for name, (en, nl, definition) in TOOL_VERBS.items():
        concepts.append({"id": iris.verb(name), "type": "Verb", "inScheme": version,
                         "prefLabel": {"en": en, "nl": nl}, "definition": {"en": definition}})
    concepts.append({
        "id": iris.certificate_type, "type": "ActivityType", "inScheme": version,
        "prefLabel": {"en": "certificate", "nl": "certificaat"},
        "definition": {"en": "A certificate (the diploma at one level). Activity ids are "
                             f"{iris.certificate('<level>')}; the statement's certificate-id extension names the "
                             "individual certificate."}})
    verbs_for = {
        "timed-out": [v.PASSED.id, v.FAILED.id], "valid-until": [v.EARNED.id],
        "item-version": [v.ANSWERED.id, v.SCORED.id], "competence": [v.ANSWERED.id, v.SCORED.id],
        "certificate-id": [v.EARNED.id, iris.verb("expired"), iris.verb("revoked")],
        "competence-model-version": [v.EARNED.id],
        "reason": [iris.verb("revoked"), iris.verb("recertification-required")],
        **{name: [iris.verb("recertification-required")]
           for name in ("due-date", "issued-before", "decided-by", "policy-clause", "scope")},
    }
    for name, (kind, schema, label, definition) in EXTENSIONS.items():
        concept: dict[str, Any] = {"id": iris.extension(name), "type": kind, "inScheme": version,
                                   "prefLabel": {"en": label}, "definition": {"en": definition}}
        if name in verbs_for:
            concept["recommendedVerbs"] = verbs_for[name]
        concept["inlineSchema"] = json.dumps(schema)
        concepts.append(concept)
    return concepts


def build_profile(iris: v.ToolIris) -> dict[str, Any]:
    """The profile document for the deployment whose IRIs ``iris`` mints."""
    return {
        "@context": CONTEXT,
        "id": profile_iri(iris),
        "type": "Profile",
        "conformsTo": CONFORMS_TO,
        "prefLabel": {"en": "Internal AI diploma: exams and certificates", "nl": "Intern AI-diploma: toetsen en "
                                                                                   "certificaten"},
        "definition": {"en": "The statements the internal AI diploma (an LTI 1.3 tool) sends to the LRS: exam "
                             "attempts (cmi5-style launched, initialized, answered, scored, passed or failed, "
                             "terminated), "
                             "certificates (earned, expired, revoked) and recertification decisions. Reused "
                             "concepts: the ADL verbs and activity types (" + ADL_VOCABULARY + "), 'earned' from the "
                             "Tin Can registry, the cmi5 session id and mastery score (" + CMI5_PROFILE + ")."},
        "seeAlso": iris.category + ".jsonld",
        "versions": [{"id": version_iri(iris), "wasRevisionOf": [iris.profile], "generatedAtTime": VERSION_2_DATE},
                     {"id": iris.profile, "generatedAtTime": VERSION_1_DATE}],
        "author": {"type": "Organization", "name": "Internal AI diploma (L&D)"},
        "concepts": _concepts(iris),
        "templates": _templates(iris),
        "patterns": _patterns(iris),
    }


def render(profile: Mapping[str, Any]) -> str:
    """The JSON-LD text as served and as kept in the repository."""
    return json.dumps(profile, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(render(build_profile(v.ToolIris(sys.argv[1] if len(sys.argv) > 1 else EXAMPLE_BASE))))
