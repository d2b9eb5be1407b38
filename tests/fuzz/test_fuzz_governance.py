"""Fuzzing the governance forms over real HTTP (SQLite): policy versions and rollout plans as YAML
(mutated from valid ones, or random), role grants, remarks and recertification decisions.

No input gives a 500 or a script back unescaped, and nothing is half written: a policy version, plan
version, grant, remark or decision exists exactly when the form answered 303."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from lti_tool.db.models import (
    ItemFlag,
    PhaseRemark,
    PolicyVersion,
    RecertificationDecision,
    RoleGrant,
    RolloutPlanVersion,
)
from tests.e2e.test_authoring import as_user
from tests.fuzz.test_fuzz_http import HTTP, SCRIPT_MARKER, SQLITE, VALUE, Course, assert_no_500, count
from tests.fuzz.test_fuzz_importers import MUTATIONS, TEXT, mutate_text, mutations
from tests.lti_client import STAFF_GRANTS, Browser, create_link, register

CONFIG = Path(__file__).resolve().parents[2] / "config"
POLICY_TEXT = yaml.safe_dump({**yaml.safe_load((CONFIG / "policies.yaml").read_text(encoding="utf-8"))["policies"][3],
                              "version": "2026.9"}, allow_unicode=True, sort_keys=False)
PLAN_TEXT = (CONFIG / "rollout.yaml").read_text(encoding="utf-8")
YAML_TEXT = st.one_of(TEXT, VALUE, st.sampled_from([POLICY_TEXT, PLAN_TEXT]).flatmap(
    lambda seed: MUTATIONS.map(lambda drawn: mutations(seed, drawn, mutate_text))))


@pytest.fixture
def kees(tool: Any, platform: Any, browser: Browser) -> Iterator[Any]:
    """The tool administrator (LTI Administrator), one session for all examples of a test."""
    registration = register(browser, platform, tool, grants=STAFF_GRANTS)
    course = Course(registration.client_id, create_link(platform, registration.client_id)["id"])
    staff = as_user(platform, {"id": course.link_id}, "kees")
    yield staff
    staff.browser.close()


MODELS = (PolicyVersion, RolloutPlanVersion, RoleGrant, PhaseRemark, RecertificationDecision, ItemFlag)


def _counts(tool: Any) -> dict[str, int]:
    return {m.__name__: count(tool, m) for m in MODELS}


@SQLITE
@settings(HTTP, max_examples=40)
@given(target=st.sampled_from(["/governance/policies", "/governance/rollout"]), text=YAML_TEXT,
       field=st.sampled_from(["policy", "plan", "file"]))
def test_fuzzed_policy_and_plan_uploads_never_fail_or_half_write(tool, kees, target: str, text: str,
                                                                 field: str) -> None:
    staff = kees
    before = _counts(tool)
    if field == "file":
        response = staff.browser.post(f"{staff.base}{target}", data={"csrf_token": staff.token},
                                      files={"file": ("x.yaml", text.encode("utf-8", "surrogatepass"), "text/yaml")})
    else:
        response = staff.browser.post(f"{staff.base}{target}", data={"csrf_token": staff.token, field: text})
    assert_no_500(response)
    after = _counts(tool)
    grown = {k for k in after if after[k] != before[k]}
    if response.status_code != 303:
        assert not grown, (response.status_code, grown)
    assert SCRIPT_MARKER not in response.text, "a script payload came back unescaped"


@SQLITE
@settings(HTTP, max_examples=40)
@given(action=st.sampled_from(["grant", "remark", "recertify", "resolve", "revoke"]),
       form=st.dictionaries(st.sampled_from(["person", "role", "phase", "text", "level", "due", "reason", "note",
                                             "clause"]), VALUE, max_size=5),
       number=st.one_of(st.integers(-5, 10**6), st.just(1)))
def test_fuzzed_governance_forms_never_fail(tool, kees, action: str, form: dict[str, str], number: int) -> None:
    staff = kees
    path = {"grant": "/governance/roles", "remark": "/governance/rollout/remarks",
            "recertify": f"/governance/policies/versions/{number}/recertify",
            "resolve": f"/governance/flags/{number}/resolve", "revoke": f"/governance/roles/{number}/revoke"}[action]
    before = _counts(tool)
    response = staff.browser.post(f"{staff.base}{path}", data={"csrf_token": staff.token, **form})
    assert_no_500(response)
    if response.status_code != 303:
        assert _counts(tool) == before, response.status_code
    assert SCRIPT_MARKER not in response.text
