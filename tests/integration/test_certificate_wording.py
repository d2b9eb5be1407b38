"""The words for every certificate state, in Dutch and English, through the app's catalogue (gettext)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lti_tool import create_app
from lti_tool.credentials import wording
from lti_tool.credentials.documents import CertificateFacts
from xapi.certificate_state import Decision, Standing, certificate_state
from xapi.certification import Certificate

ISSUED = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC)
UNTIL = dt.datetime(2028, 1, 10, 9, 0, tzinfo=dt.UTC)
DUE = dt.datetime(2027, 3, 1, tzinfo=dt.UTC)
REVOKED = dt.datetime(2026, 12, 5, 14, 0, tzinfo=dt.UTC)
DECISION = Decision(("basic",), dt.datetime(2026, 11, 1, tzinfo=dt.UTC), DUE, "INFOSEC 2026.2")

#: (moment, revoked, cut) per standing
CASES = {
    Standing.VALID: (dt.datetime(2026, 6, 1, tzinfo=dt.UTC), None, None),
    Standing.EXPIRING: (UNTIL - dt.timedelta(days=10), None, None),
    Standing.CUT_SHORT: (dt.datetime(2026, 12, 1, tzinfo=dt.UTC), None, DUE),
    Standing.ENDED_BY_DECISION: (DUE + dt.timedelta(days=1), None, DUE),
    Standing.EXPIRED: (UNTIL + dt.timedelta(days=1), None, None),
    Standing.REVOKED: (REVOKED + dt.timedelta(days=1), REVOKED, None),
}
NL = {Standing.CUT_SHORT: ("HERCERTIFICERING VEREIST", "geldig tot en met 1 maart 2027", "Waarom: INFOSEC 2026.2"),
      Standing.ENDED_BY_DECISION: ("VERLOPEN: NIET OP TIJD GEHERCERTIFICEERD", "Beëindigd op 1 maart 2027",
                                   "Waarom: INFOSEC 2026.2"),
      Standing.EXPIRED: ("VERLOPEN", "Verlopen op 10 januari 2028", ""),
      Standing.REVOKED: ("INGETROKKEN", "Ingetrokken op 5 december 2026", "")}  # the reason: My AI diploma only


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):
    return create_app({"instance_path": str(Path(tmp_path_factory.mktemp("wording")) / "instance"), "testing": True})


def facts(standing: Standing) -> CertificateFacts:
    at, revoked, cut = CASES[standing]
    cert = Certificate("c-1", ("https://lms.example", "u1"), "basic", ISSUED, UNTIL, revoked, cut, "tool", ("s1",))
    state = certificate_state(cert, at, 90)
    assert state.standing is standing
    return CertificateFacts(state, "fraude" if revoked else None, DECISION if cut else None)


@pytest.mark.parametrize("standing", list(Standing))
def test_every_state_is_worded_in_both_languages(app, standing: Standing):
    with app.test_request_context():
        marks = {lang: wording.state_mark(facts(standing), lang) for lang in ("nl", "en")}
        sentences = {lang: wording.state_sentence(facts(standing), lang, personal=False) for lang in ("nl", "en")}
        labels = {lang: wording.standing_label(facts(standing), lang) for lang in ("nl", "en")}
    assert labels["nl"] != labels["en"] and sentences["nl"] != sentences["en"]
    if standing in (Standing.VALID, Standing.EXPIRING):
        assert marks == {"nl": None, "en": None}
        assert sentences["nl"].startswith("Geldig tot en met 10 januari 2028.")
        return
    banner, line, why = NL[standing]
    nl, en = marks["nl"], marks["en"]
    assert nl is not None and en is not None
    assert (nl.banner, nl.detail) == (banner, why) and line in nl.line and nl.line != en.line
    assert nl.ended is (standing is not Standing.CUT_SHORT)
    assert "fraude" not in sentences["nl"]  # the public page never shows a revocation's reason


def test_badge_names_say_diploma_level_and_organisation(app):
    with app.test_request_context():
        assert wording.diploma_titles({"nl": "Basis", "en": "Basic"}, "Voorbeeld Groep") == {
            "nl": "AI-diploma Basis — Voorbeeld Groep", "en": "AI diploma Basic — Voorbeeld Groep"}
        assert wording.diploma_title({"nl": "Basis", "en": "Basic"}, "", "nl") == "AI-diploma Basis"
        assert wording.issuer_name("", "nl") == "AI-diploma"
