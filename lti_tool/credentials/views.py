"""Certificates as documents: PDF and Open Badges 3.0 credential downloads for their holder, the
public verification page, and the revocation status list that credentials point to."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request, session
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _

from assessments.text import localize

from ..db.models import utcnow
from ..errors import NotFound, UserError
from ..lti.keys import published_jwks, signing_key
from ..permissions import Permission, require
from ..request import pull_sid
from ..services import services
from . import badges, queries, wording
from .documents import CertificateDocument, certificate_document, level_texts, logo_data_uri
from .pdf import certificate_pdf

holder = Blueprint("certificates", __name__, url_prefix="/s/<sid>/me/certificates")
holder.url_value_preprocessor(pull_sid)
public = Blueprint("credentials", __name__)
STATUS_LIST = "/credentials/status/revocation"


CRITERIA = {"nl": "Geslaagd voor de toets van dit niveau van het interne AI-diploma.",
            "en": "Passed the exam at this level of the internal AI diploma."}


def _own(certificate_id: str) -> CertificateDocument:
    """The signed-in holder's certificate as of now; 404 for anyone else's."""
    svc = services()
    with svc.db.session() as db:
        found = certificate_document(db, svc.derivation(db), svc.catalogue.model(db), certificate_id, utcnow())
    if found is None or found.cert.person_id != session.get("person_id"):
        raise NotFound(_("This certificate does not exist or is not yours."))
    return found


def _organisation() -> str:
    return services().settings.organisation_name


@holder.get("/<certificate_id>.pdf")
@require(Permission.VIEW_OWN_STATUS)
def pdf(certificate_id: str) -> ResponseReturnValue:
    """The printable diploma as of today: a revoked, expired or cut-short one is marked as such."""
    settings = services().settings
    lang = str(session.get("locale", "nl"))
    doc = _own(certificate_id)
    organisation = settings.organisation_name
    data = certificate_pdf(
        holder_name=doc.person.name or doc.person.subject, level_name=localize(dict(doc.level.name), lang),
        organisation=organisation, issued_on=doc.cert.issued_at.date(),
        valid_until=doc.facts.state.ends_at.date(), certificate_id=doc.cert.id,
        verify_url=f"{settings.base_url}/verify/{doc.cert.id}", language=lang,
        competences=[localize(dict(c), lang) for c in doc.level.competences],
        mark=wording.state_mark(doc.facts, lang), note=wording.validity_note(doc.facts, lang),
        logo=Path(settings.organisation_logo) if settings.organisation_logo else None)
    response = Response(data, mimetype="application/pdf")
    suffix = "" if doc.facts.state.looks_valid else f"-{doc.facts.state.standing.value}"
    response.headers["Content-Disposition"] = f'attachment; filename="ai-diploma-{doc.cert.level}{suffix}.pdf"'
    return response


def subject_id(issuer: str, subject: str) -> str:
    """A pseudonymous, stable subject id: never an e-mail address."""
    return f"urn:aidiploma:{hashlib.sha256(issuer.encode()).hexdigest()[:16]}:{subject}"


def _credential(doc: CertificateDocument, base: str, lang: str) -> dict[str, Any]:
    """The Open Badge as of now: never valid past a revocation or a recertification due date, and its name and
    description say when it is not plainly valid (its status-list entry says revoked too)."""
    organisation, state = _organisation(), doc.facts.state
    title = wording.diploma_title(doc.level.name, organisation, lang)
    description = localize(dict(doc.level.description), lang)
    if not state.looks_valid:
        title = f"{title} ({wording.standing_label(doc.facts, lang)})"
        description = f"{description} {wording.state_sentence(doc.facts, lang, personal=False)}"
    return badges.build_credential(
        credential_id=f"urn:uuid:{doc.cert.id}", issuer_id=f"{base}/credentials/issuer",
        issuer_name=wording.issuer_name(organisation, lang),
        subject_id=subject_id(doc.platform.issuer, doc.person.subject), subject_name=doc.person.name,
        achievement_id=f"{base}/credentials/achievements/{doc.cert.level}",
        achievement_name=wording.diploma_titles(doc.level.name, organisation),
        achievement_description=doc.level.description, criteria_narrative=CRITERIA, level=doc.cert.level,
        valid_from=doc.cert.issued_at, valid_until=max(state.ends_at, doc.cert.issued_at + dt.timedelta(seconds=1)),
        status_list_url=base + STATUS_LIST, status_index=int(doc.cert.status_index or 0),
        evidence_url=f"{base}/verify/{doc.cert.id}", language=lang, credential_name=title,
        credential_description=description)


@holder.get("/<certificate_id>/badge.jwt")
@require(Permission.VIEW_OWN_STATUS)
def badge(certificate_id: str) -> ResponseReturnValue:
    svc = services()
    doc = _own(certificate_id)
    credential = _credential(doc, svc.settings.base_url, str(session.get("locale", "nl")))
    with svc.db.transaction() as db:
        key = signing_key(db)
    token = badges.sign_credential(credential, key.private_pem, key.kid)
    response = Response(token, mimetype="application/vc+jwt")
    response.headers["Content-Disposition"] = f'attachment; filename="ai-diploma-{doc.cert.level}.jwt"'
    return response


def status_list_token() -> str:
    svc = services()
    base = svc.settings.base_url
    with svc.db.transaction() as db:
        revoked = queries.revoked_status_indexes(db)
        key = signing_key(db)
    credential = badges.status_list_credential(base + STATUS_LIST, f"{base}/credentials/issuer", revoked,
                                               utcnow() - dt.timedelta(minutes=5))
    return badges.sign_credential(credential, key.private_pem, key.kid)


@public.get(STATUS_LIST)
def status_list() -> ResponseReturnValue:
    response = Response(status_list_token(), mimetype="application/vc+jwt")
    response.headers["Cache-Control"] = "public, max-age=60"
    return response


@public.get("/credentials/issuer")
def issuer() -> ResponseReturnValue:
    settings = services().settings
    base = settings.base_url
    profile: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": f"{base}/credentials/issuer", "type": ["Profile"],
        "name": settings.organisation_name or "AI diploma / AI-diploma", "url": base}
    logo = logo_data_uri(settings.organisation_logo)
    if logo:
        profile["image"] = {"id": logo, "type": "Image"}
    return jsonify(profile)


@public.get("/credentials/achievements/<level>")
def achievement(level: str) -> ResponseReturnValue:
    svc = services()
    with svc.db.session() as db:
        model = svc.catalogue.model(db)
        if level not in model.levels:
            raise NotFound(_("There is no such level."))
        texts = level_texts(model, level)
    return jsonify(badges.achievement_document(
        achievement_id=f"{svc.settings.base_url}/credentials/achievements/{level}",
        achievement_name=wording.diploma_titles(texts.name, svc.settings.organisation_name),
        achievement_description=texts.description, criteria_narrative=CRITERIA,
        level=level, language=request.args.get("lang", "en") if request.args.get("lang") in ("nl", "en") else "en"))


@public.route("/verify", methods=["GET", "POST"])
def verify_token() -> ResponseReturnValue:
    """Paste an Open Badges credential (VC-JWT) to check signature, validity and revocation."""
    result = None
    if request.method == "POST":
        token = (request.form.get("credential") or "").strip()
        if not token:
            raise UserError(_("Paste the credential (the text of the .jwt file)."), 400)
        svc = services()
        with svc.db.session() as db:
            jwks = published_jwks(db, svc.settings.key_grace_days)
        own_list = svc.settings.base_url + STATUS_LIST

        def lookup(url: str) -> bytes:
            if url != own_list:
                raise UserError(_("Only credentials issued by this tool can be checked here."), 400)
            return status_list_token().encode()

        result = badges.verify_credential(token, jwks, lookup, utcnow())
    pasted = (request.form.get("credential") or "") if request.method == "POST" else ""
    return (render_template("credentials/verify.html", result=result, pasted=pasted,
                            until=_valid_until(result.credential if result else None)),
            200 if result is None or result.ok else 422)


def _valid_until(credential: Mapping[str, Any] | None) -> dt.datetime | None:
    """A checked credential's ``validUntil`` as a moment to show (None when it has none or it cannot be read)."""
    try:
        return dt.datetime.fromisoformat(str((credential or {})["validUntil"]).replace("Z", "+00:00"))
    except (KeyError, ValueError):
        return None


@public.get("/verify/<certificate_id>")
def verify(certificate_id: str) -> ResponseReturnValue:
    """The public page a certificate's QR code points to: its state today, as its PDF and badge say it."""
    svc = services()
    with svc.db.session() as db:
        doc = certificate_document(db, svc.derivation(db), svc.catalogue.model(db), certificate_id, utcnow())
    if doc is None:
        raise NotFound(_("No certificate with this number exists."))
    lang = str(get_locale() or "nl")
    return render_template("credentials/certificate.html", doc=doc, localize=localize,
                           organisation=svc.settings.organisation_name,
                           logo=logo_data_uri(svc.settings.organisation_logo),
                           standing=wording.standing_label(doc.facts, lang),
                           sentence=wording.state_sentence(doc.facts, lang, personal=False))
