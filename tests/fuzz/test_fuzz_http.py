"""Fuzzing over real HTTP (SQLite): launches, logins, the autosave API and the authoring forms.

No input gives a 500, and nothing is half written: a refused launch creates no person or attempt, an
autosave never stores more responses than the exam has questions, and the item bank only grows when
the editor answers 303 (an import preview never writes).
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import httpx
import pytest
from hypothesis import HealthCheck, Phase, assume, event, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from demo_lms.testing import parse_autosubmit_form
from lti_tool.db.models import Attempt, ItemVersion, Person, Platform
from lti_tool.db.models import Response as StoredResponse
from tests.e2e.test_authoring import NEW_ITEM, Staff, as_user
from tests.fuzz.test_fuzz_importers import (
    CSV_TEXT,
    GIFT_TEXT,
    MUTATIONS,
    NASTY,
    QTI3_PACKAGE,
    TEXT,
    XLSX,
    Mutation,
    damaged_workbooks,
    damaged_zips,
    mutate_bytes,
    mutate_text,
    mutate_zip,
    mutations,
)
from tests.lti_client import STAFF_GRANTS, Browser, create_link, csrf_token, launch, register, start_launch

SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
#: every example against the same running tool; the same examples on every run (AIDIP_FUZZ_RANDOM=1 explores);
#: no shrinking (each step is a real HTTP round trip): a failure is reported as drawn
HTTP = settings(max_examples=40, deadline=None, database=None, derandomize=os.environ.get("AIDIP_FUZZ_RANDOM") != "1",
                phases=[Phase.explicit, Phase.reuse, Phase.generate], print_blob=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.filter_too_much])

#: markup an attacker would try in any text field
PAYLOADS = st.sampled_from([
    "<script>alert('fz')</script>", "<img src=x onerror=alert('fz')>", "<a href=\"javascript:alert('fz')\">x</a>",
    "<svg/onload=alert('fz')>", "\"><script>alert('fz')</script>", "<iframe src=//evil.example>",
    "<p style=\"background:url(javascript:alert('fz'))\">x</p>", "{{ 7*7 }}", "{% raw %}", "<p>ok</p>", "<b>",
    "</textarea><script>alert('fz')</script>", "&lt;script&gt;", "\x00", "a" * 5000,
])
VALUE = st.one_of(TEXT, PAYLOADS)
SCRIPT_MARKER = "<script>alert('fz')</script>"


def count(tool: Any, model: Any, *where: Any) -> int:
    with tool.svc.db.session() as db:
        return int(db.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def assert_no_500(response: httpx.Response) -> None:
    """No server error (the traceback is in the captured log: "lti_tool ... unhandled error")."""
    event(f"HTTP {response.status_code}")  # see --hypothesis-show-statistics
    assert response.status_code < 500, f"{response.status_code} for {response.request.method} {response.request.url}"


@dataclass
class Course:
    client_id: str
    link_id: str


@pytest.fixture
def course(tool: Any, platform: Any, browser: Browser) -> Course:
    registration = register(browser, platform, tool, grants=STAFF_GRANTS)
    return Course(registration.client_id, create_link(platform, registration.client_id)["id"])


# --- the launch -------------------------------------------------------------------------------------------


def _b64decode(segment: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except ValueError:
        return None


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


JSON_VALUE = st.recursive(st.none() | st.booleans() | st.integers(-2**63, 2**64) | st.floats(allow_nan=False)
                          | TEXT, lambda inner: st.lists(inner, max_size=3)
                          | st.dictionaries(TEXT, inner, max_size=3), max_leaves=6)
LTI = "https://purl.imsglobal.org/spec/lti/claim/"
CLAIMS = st.one_of(st.sampled_from([
    "alg", "kid", "typ", "iss", "aud", "azp", "sub", "exp", "iat", "nbf", "nonce", "name", "email", "locale",
    LTI + "message_type", LTI + "version", LTI + "roles", LTI + "deployment_id", LTI + "resource_link",
    LTI + "context", LTI + "custom", LTI + "target_link_uri", LTI + "launch_presentation",
    "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
    "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
]), TEXT)


@dataclass(frozen=True)
class TokenMutation:
    """What to do to the id_token: ``how`` on segment ``segment`` (0 header, 1 payload, 2 signature)."""

    how: str
    segment: int
    claim: str
    value: Any
    delete: bool
    mutation: Mutation
    raw: bytes


TOKEN_MUTATIONS = st.builds(
    TokenMutation, how=st.sampled_from(["claim", "claim", "bytes", "chars", "random-b64", "segments", "swap"]),
    segment=st.integers(0, 2), claim=CLAIMS, value=JSON_VALUE, delete=st.booleans(),
    mutation=MUTATIONS.map(lambda ms: ms[0]), raw=st.binary(max_size=300))


def mutate_token(token: str, m: TokenMutation) -> str:
    parts = token.split(".")
    segment = parts[m.segment]
    if m.how == "claim" and m.segment < 2:
        decoded = json.loads(_b64decode(segment) or b"{}")
        if m.delete:
            decoded.pop(m.claim, None)
        else:
            decoded[m.claim] = m.value
        parts[m.segment] = _b64encode(json.dumps(decoded).encode())
    elif m.how in ("claim", "bytes"):
        parts[m.segment] = _b64encode(mutate_bytes(m.mutation, _b64decode(segment) or b""))
    elif m.how == "chars":
        parts[m.segment] = mutate_text(m.mutation, segment)
    elif m.how == "random-b64":
        parts[m.segment] = _b64encode(m.raw)
    elif m.how == "swap":
        parts[m.segment], parts[(m.segment + 1) % 3] = parts[(m.segment + 1) % 3], parts[m.segment]
    else:  # too few or too many segments
        parts = parts[:m.segment] if m.delete else [*parts, _b64encode(m.raw)]
    return ".".join(parts)


def same_token(a: str, b: str) -> bool:
    """Tokens the tool cannot tell apart: the signed text is equal and the signature decodes alike."""
    pa, pb = a.split("."), b.split(".")
    return len(pa) == len(pb) == 3 and pa[:2] == pb[:2] and _b64decode(pa[2]) == _b64decode(pb[2])


FIELD_NAMES = st.one_of(st.sampled_from(["id_token", "state", "lti_storage_target", "utf8", "authenticity_token",
                                         "error", "error_description"]), TEXT)
RANDOM_FORM = st.dictionaries(FIELD_NAMES, st.one_of(VALUE, st.lists(VALUE, min_size=2, max_size=3)), max_size=6)


@dataclass(frozen=True)
class LaunchCase:
    kind: str  # random-form | token | state | fields
    form: dict[str, Any]
    token: TokenMutation
    state: str | None


LAUNCH_CASES = st.builds(
    LaunchCase, kind=st.sampled_from(["random-form", "token", "token", "token", "state", "fields"]),
    form=RANDOM_FORM, token=TOKEN_MUTATIONS,
    state=st.one_of(st.none(), VALUE, st.from_regex(r"[A-Za-z0-9_-]{43}", fullmatch=True)))


@SQLITE
@settings(HTTP, max_examples=40)
@given(case=LAUNCH_CASES)
def test_fuzzed_launches_are_refused_and_write_nothing(tool, platform, browser, course, case: LaunchCase) -> None:
    action, fields = f"{tool.url}/lti/launch", dict(case.form)
    if case.kind != "random-form":
        action, fields = parse_autosubmit_form(start_launch(browser, platform, course.link_id, "sanne").text)
        if case.kind == "token":
            mutated = mutate_token(fields["id_token"], case.token)
            assume(not same_token(mutated, fields["id_token"]))
            fields["id_token"] = mutated
        elif case.kind == "state":
            if case.state is None:
                del fields["state"]
            else:
                assume(case.state != fields["state"])
                fields["state"] = case.state
        else:  # the real fields plus random ones, and the id_token or the state replaced by a random value
            fields.update(case.form)
            fields[("id_token", "state")[case.token.segment % 2]] = case.state or ""
    people, attempts = count(tool, Person), count(tool, Attempt)
    response = browser.post(urljoin(tool.url, action), data=fields)
    assert_no_500(response)
    assert 400 <= response.status_code < 500, f"a fuzzed launch was accepted ({response.status_code})"
    assert (count(tool, Person), count(tool, Attempt)) == (people, attempts), "a refused launch wrote rows"


# --- the OIDC login ---------------------------------------------------------------------------------------

LOGIN_PARAMS = ["iss", "login_hint", "target_link_uri", "client_id", "lti_message_hint", "lti_deployment_id"]
#: placeholders for the real values (known only once the tool and platform run)
REAL = ["<platform>", "<launch>", "<client_id>", "<tool>", "<deployment>"]


@SQLITE
@settings(HTTP, max_examples=50)
@given(method=st.sampled_from(["GET", "POST"]),
       changes=st.dictionaries(st.one_of(st.sampled_from(LOGIN_PARAMS), TEXT),
                               st.one_of(VALUE, st.sampled_from([*REAL, "http://evil.example/lti/launch",
                                                                 "https://127.0.0.1.evil.example/"])), max_size=4),
       dropped=st.lists(st.sampled_from(LOGIN_PARAMS), max_size=3))
def test_fuzzed_logins_never_fail(tool, platform, course, method: str, changes: dict[str, str],
                                  dropped: list[str]) -> None:
    real = {"<platform>": platform.url, "<launch>": f"{tool.url}/lti/launch", "<client_id>": course.client_id,
            "<tool>": tool.url, "<deployment>": "1"}
    params = {"iss": "<platform>", "login_hint": "vg-1001", "target_link_uri": "<launch>", "client_id": "<client_id>",
              "lti_message_hint": "hint", **changes}
    values = {k: real.get(v, v) for k, v in params.items() if k not in dropped}
    with httpx.Client() as client:
        response = client.request(method, f"{tool.url}/lti/login",
                                  **({"params": values} if method == "GET" else {"data": values}))
    assert_no_500(response)
    if response.is_redirect:  # only ever to the registered platform's authorisation endpoint
        with tool.svc.db.session() as db:
            endpoints = list(db.scalars(select(Platform.auth_login_url)))
        assert any(response.headers["location"].startswith(e) for e in endpoints), response.headers["location"]


# --- the autosave API -------------------------------------------------------------------------------------


@dataclass
class Learner:
    browser: Browser
    base: str
    token: str
    attempt_id: str
    questions: int
    keys: list[str]


@pytest.fixture
def learner(tool, platform, course) -> Iterator[Learner]:
    with Browser() as browser:
        page = launch(browser, platform, course.link_id, "sanne")
        assert "/q/" in str(page.url), page.url
        with tool.svc.db.session() as db:
            attempt = db.scalars(select(Attempt)).one()
            layout = list(attempt.layout)
            attempt_id, questions = attempt.id, len(attempt.layout)
        # the values the attempt's forms submit: opaque ids, and left=right pairs of them for matching
        keys = sorted({oid for e in layout for oid in (e.get("ids") or {}).values()}
                      | {f"{left}={right}" for e in layout if e.get("target_ids")
                         for left in e["ids"].values() for right in e["target_ids"].values()})
        yield Learner(browser, str(page.url).rsplit("/q/", 1)[0], csrf_token(page.text), attempt_id, questions, keys)


ANSWER = st.one_of(TEXT, PAYLOADS, st.sampled_from(["a", "b", "c", "d", "true", "false", "72", "72,5", "-1e9",
                                                    "p1=p1", "p1=p2", "=", "a=", "NaN", "Infinity"]))


@SQLITE
@settings(HTTP, max_examples=60)
@given(position=st.one_of(st.integers(1, 20), st.sampled_from([0, 21, 999, 2**63, 10**30])),
       answers=st.lists(st.one_of(ANSWER, st.integers(0, 500)), max_size=8), extra=RANDOM_FORM)
def test_fuzzed_autosave_never_fails_or_overfills(tool, learner: Learner, position: int, answers: list[Any],
                                                  extra: dict[str, Any]) -> None:
    values = [learner.keys[a % len(learner.keys)] if isinstance(a, int) else a for a in answers]
    data = {**{k: v for k, v in extra.items() if k not in ("csrf_token", "answer")},
            "csrf_token": learner.token, "answer": values}
    response = learner.browser.post(f"{learner.base}/q/{position}", data=data,
                                    headers={"Accept": "application/json"})
    assert_no_500(response)
    assert response.status_code == 200 or 400 <= response.status_code < 500, response.status_code
    if response.status_code == 200:
        assert response.json()["saved"] is True
    with tool.svc.db.session() as db:
        positions = list(db.scalars(select(StoredResponse.position)
                                    .where(StoredResponse.attempt_id == learner.attempt_id)))
    assert len(positions) <= learner.questions, f"{len(positions)} responses for {learner.questions} questions"
    assert len(set(positions)) == len(positions), f"two responses for one question: {sorted(positions)}"
    assert set(positions) <= set(range(1, learner.questions + 1)), sorted(positions)


# --- the authoring forms ----------------------------------------------------------------------------------


@pytest.fixture
def linda(platform, course) -> Iterator[Staff]:
    staff = as_user(platform, {"id": course.link_id}, "linda")
    yield staff
    staff.browser.close()


ITEM_FIELDS = [
    "key", "type", "competence", "level", "high_risk", "author", "policy_refs", "case", "scoring", "stem_nl",
    "stem_en", "rationale_nl", "rationale_en", "answer", "tolerance", "unit_nl", "unit_en", "accepted_nl",
    "accepted_en", *[f"option_{i}_{f}" for i in range(1, 8) for f in ("nl", "en", "key", "correct", "feedback_nl")],
    *[f"pair_{i}_{s}_{lang}" for i in range(1, 6) for s in ("left", "right") for lang in ("nl", "en")],
]
ITEM_VALUES = st.one_of(VALUE, st.sampled_from([
    "single_choice", "multiple_response", "true_false", "ordering", "matching", "numeric", "short_text", "essay",
    "basic", "advanced", "expert", "data-confidentiality-prompts", "on", "true", "1", "all_or_nothing", "1e308",
    "1e309", "-0", "nan", "inf", "-inf", "0,5", "1_000", "9" * 400, "case-hr-screening", "a|b|\\|", "Basic-Key-1",
]))


@SQLITE
@settings(HTTP, max_examples=50)
@given(changes=st.dictionaries(st.one_of(st.sampled_from(ITEM_FIELDS), TEXT), ITEM_VALUES, max_size=8),
       dropped=st.lists(st.sampled_from(list(NEW_ITEM)), max_size=3),
       key=st.from_regex(r"fz-[a-z0-9]{1,6}", fullmatch=True))
def test_fuzzed_item_editor_never_fails(tool, linda: Staff, changes: dict[str, str], dropped: list[str],
                                        key: str) -> None:
    form = {**NEW_ITEM, "key": key, **changes}
    for name in dropped:
        form.pop(name, None)
    before = count(tool, ItemVersion)
    response = linda.post("/items/new", form)
    assert_no_500(response)
    after = count(tool, ItemVersion)
    assert after == before + (1 if response.status_code == 303 else 0), (response.status_code, before, after)
    assert SCRIPT_MARKER not in response.text, "a script payload came back unescaped"


UPLOAD_SEEDS = {"items.zip": QTI3_PACKAGE, "items.gift": GIFT_TEXT.encode(), "items.csv": CSV_TEXT.encode(),
                "items.xlsx": XLSX}
DAMAGED_UPLOADS = {**{f"items.zip/{k}": v for k, v in damaged_zips(QTI3_PACKAGE).items()},
                   **{f"items.xlsx/{k}": v for k, v in damaged_workbooks(XLSX).items()}}


@dataclass(frozen=True)
class Upload:
    """A file to upload, described compactly (so a failing example stays readable): random bytes, a seed
    file with mutations, or one of the damaged files the importer fuzzing found."""

    filename: str
    source: str  # random | a key of UPLOAD_SEEDS | a key of DAMAGED_UPLOADS
    mutations: tuple[Mutation, ...] = ()
    raw: bytes = b""

    def data(self) -> bytes:
        if self.source == "random":
            return self.raw
        if self.source in DAMAGED_UPLOADS:
            return DAMAGED_UPLOADS[self.source]
        seed = UPLOAD_SEEDS[self.source]
        return mutations(seed, self.mutations, mutate_zip if seed[:2] == b"PK" else mutate_bytes)


FILENAMES = st.one_of(st.sampled_from([*UPLOAD_SEEDS, "items.txt", "x.bin", "noext", "items.XLSX", "upload"]), TEXT)
UPLOADS = st.one_of(
    st.builds(Upload, FILENAMES, st.just("random"), raw=st.one_of(st.binary(max_size=3000), NASTY.map(str.encode))),
    st.sampled_from(list(UPLOAD_SEEDS)).flatmap(
        lambda seed: st.builds(Upload, st.one_of(st.just(seed), FILENAMES), st.just(seed), MUTATIONS.map(tuple))),
)


@SQLITE
@settings(HTTP, max_examples=50)
@example(upload=Upload("items.zip", "items.zip/version-needed-9.x"), fmt="auto")
@example(upload=Upload("items.zip", "items.zip/empty-member-name"), fmt="qti3")
@example(upload=Upload("items.xlsx", "items.xlsx/no-worksheet"), fmt="auto")
@example(upload=Upload("items.xlsx", "items.xlsx/bad-cell-reference"), fmt="xlsx")
@given(upload=UPLOADS, fmt=st.one_of(st.sampled_from(["", "auto", "qti3", "qti21", "gift", "csv", "xlsx"]), TEXT))
def test_fuzzed_imports_never_fail_or_write(tool, linda: Staff, upload: Upload, fmt: str) -> None:
    before = count(tool, ItemVersion)
    response = linda.post("/import", {"format": fmt}, files={"file": (upload.filename or "upload", upload.data())})
    assert_no_500(response)
    after = count(tool, ItemVersion)
    assert after == before or response.status_code == 303, f"{response.status_code}, yet {after - before} new items"
    assert after == before, "an import preview wrote items"
