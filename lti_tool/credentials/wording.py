"""The words a certificate's documents use for its name and its state, in the document's language (gettext, so
the catalogue holds them in Dutch and English)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from flask_babel import force_locale
from flask_babel import gettext as _

from assessments.text import localize
from xapi.certificate_state import Standing

from ..labels import CERT_STANDING
from .documents import CertificateFacts
from .pdf import StateMark, format_date

LANGUAGES = ("nl", "en")


def long_date(value: dt.datetime, language: str) -> str:
    """``6 december 2026`` / ``6 December 2026``."""
    return format_date(value.date(), language)


def diploma_title(level_name: Mapping[str, str], organisation: str, language: str) -> str:
    """``AI-diploma Basis — Voorbeeld Groep`` / ``AI diploma Basic — Voorbeeld Groep`` (without an organisation
    name: only the diploma and its level)."""
    with force_locale(language):
        title = _("AI diploma %(level)s", level=localize(dict(level_name), language))
    return f"{title} — {organisation}" if organisation else title


def diploma_titles(level_name: Mapping[str, str], organisation: str) -> dict[str, str]:
    return {language: diploma_title(level_name, organisation, language) for language in LANGUAGES}


def issuer_name(organisation: str, language: str) -> str:
    """The badge issuer: the organisation, or the diploma's name when none is configured."""
    if organisation:
        return organisation
    with force_locale(language):
        return _("AI diploma")


def standing_label(facts: CertificateFacts, language: str) -> str:
    with force_locale(language):
        return str(CERT_STANDING[facts.state.standing.value])


def _lines(facts: CertificateFacts, language: str) -> tuple[str, str]:
    """(what the state is, why) for a certificate that is not plainly valid. A revocation's reason is never on a
    document or a public page (they get shown around); the holder reads it on *My AI diploma*."""
    state = facts.state
    when = long_date(state.ends_at, language)
    why = ""
    with force_locale(language):
        if state.standing is Standing.REVOKED:
            line = _("Revoked on %(date)s: this certificate is not valid.", date=when)
        elif state.standing is Standing.EXPIRED:
            line = _("Expired on %(date)s: this certificate is no longer valid.", date=when)
        elif state.standing is Standing.ENDED_BY_DECISION:
            line = _("Ended on %(date)s: recertification was required by then.", date=when)
        else:
            line = _("Recertification required: valid until %(date)s instead of %(until)s.", date=when,
                     until=long_date(state.valid_until, language))
        if state.standing in (Standing.ENDED_BY_DECISION, Standing.CUT_SHORT) and facts.decision is not None:
            why = _("Why: %(reason)s", reason=facts.decision.reason)
    return line, why


def state_mark(facts: CertificateFacts, language: str) -> StateMark | None:
    """How the PDF marks a certificate that is not plainly valid; None for a valid or expiring one."""
    if facts.state.looks_valid:
        return None
    line, why = _lines(facts, language)
    return StateMark(standing_label(facts, language).upper(), line, why, ended=not facts.state.in_force)


def validity_note(facts: CertificateFacts, language: str) -> str:
    """A note after the validity line of a certificate that is valid but expiring soon."""
    if facts.state.standing is not Standing.EXPIRING:
        return ""
    with force_locale(language):
        return _("expiring soon: renew it in time")


def state_sentence(facts: CertificateFacts, language: str, *, personal: bool) -> str:
    """The state in a sentence (with why when known; ``personal``: the holder's own, with the expiry note)."""
    state = facts.state
    if state.looks_valid:
        with force_locale(language):
            sentence = _("Valid until %(date)s.", date=long_date(state.ends_at, language))
        note = validity_note(facts, language) if personal else ""  # the public page's verdict says it already
        return f"{sentence} ({note})" if note else sentence
    line, why = _lines(facts, language)
    return f"{line} {why}".strip()
