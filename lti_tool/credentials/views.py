"""Certificates as documents: PDF and Open Badges 3.0 credential downloads for their holder, the
public verification page, and the revocation status list that credentials point to."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request, session
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessments.text import localize

from ..db.models import Certificate, Person, Platform, utcnow
from ..errors import NotFound, UserError
from ..lti.keys import published_jwks, signing_key
from ..permissions import Permission, require
from ..request import pull_sid
from ..services import services
from . import badges, queries
from .pdf import certificate_pdf

holder = Blueprint("certificates", __name__, url_prefix="/s/<sid>/me/certificates")
holder.url_value_preprocessor(pull_sid)
public = Blueprint("credentials", __name__)
STATUS_LIST = "/credentials/status/revocation"


def _own(db: Any, certificate_id: str) -> tuple[Certificate, Person, Platform]:
    found = queries.certificate_with_holder(db, certificate_id)
    if found is None or found[0].person_id != session.get("person_id"):
        raise NotFound(_("This certificate does not exist or is not yours."))
    cert, person, platform = found
    assert person is not None and platform is not None
    return cert, person, platform


def _level_texts(db: Any, level: str) -> tuple[dict[str, str], dict[str, str], list[dict[str, str]]]:
    model = services().catalogue.model(db)
    lvl = model.levels.get(level)
    name = dict(lvl.name) if lvl else {"nl": level, "en": level}
    description = dict(lvl.description) if lvl and lvl.description else name
    competences = [dict(c.name) for c in model.competences_for(level)]
    return name, description, competences


@holder.get("/<certificate_id>.pdf")
@require(Permission.VIEW_OWN_STATUS)
def pdf(certificate_id: str) -> ResponseReturnValue:
    svc = services()
    lang = str(session.get("locale", "nl"))
    with svc.db.session() as db:
        cert, person, _platform = _own(db, certificate_id)
        name, _description, competences = _level_texts(db, cert.level)
    data = certificate_pdf(
        holder_name=person.name or person.subject, level_name=localize(name, lang),
        organisation=_("the organisation"), issued_on=cert.issued_at.date(), valid_until=cert.valid_until.date(),
        certificate_id=cert.id, verify_url=f"{svc.settings.base_url}/verify/{cert.id}", language=lang,
        competences=[localize(c, lang) for c in competences])
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="ai-diploma-{cert.level}.pdf"'
    return response


def subject_id(issuer: str, subject: str) -> str:
    """A pseudonymous, stable subject id: never an e-mail address."""
    return f"urn:aidiploma:{hashlib.sha256(issuer.encode()).hexdigest()[:16]}:{subject}"


@holder.get("/<certificate_id>/badge.jwt")
@require(Permission.VIEW_OWN_STATUS)
def badge(certificate_id: str) -> ResponseReturnValue:
    svc = services()
    base = svc.settings.base_url
    lang = str(session.get("locale", "nl"))
    with svc.db.transaction() as db:
        cert, person, platform = _own(db, certificate_id)
        name, description, _competences = _level_texts(db, cert.level)
        key = signing_key(db)
    ends = min(d for d in (cert.valid_until, cert.cut_off_at) if d is not None)
    credential = badges.build_credential(
        credential_id=f"urn:uuid:{cert.id}", issuer_id=f"{base}/credentials/issuer", issuer_name={
            "nl": "AI-diploma", "en": "AI diploma"},
        subject_id=subject_id(platform.issuer, person.subject), subject_name=person.name,
        achievement_id=f"{base}/credentials/achievements/{cert.level}", achievement_name=name,
        achievement_description=description, criteria_narrative={
            "nl": "Geslaagd voor de toets van dit niveau van het interne AI-diploma.",
            "en": "Passed the exam at this level of the internal AI diploma."},
        level=cert.level, valid_from=cert.issued_at, valid_until=ends, status_list_url=base + STATUS_LIST,
        status_index=int(cert.status_index or 0), evidence_url=f"{base}/verify/{cert.id}", language=lang)
    token = badges.sign_credential(credential, key.private_pem, key.kid)
    response = Response(token, mimetype="application/vc+jwt")
    response.headers["Content-Disposition"] = f'attachment; filename="ai-diploma-{cert.level}.jwt"'
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
    base = services().settings.base_url
    return jsonify({"@context": ["https://www.w3.org/ns/credentials/v2",
                                 "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
                    "id": f"{base}/credentials/issuer", "type": ["Profile"], "name": "AI diploma / AI-diploma",
                    "url": base})


@public.get("/credentials/achievements/<level>")
def achievement(level: str) -> ResponseReturnValue:
    svc = services()
    with svc.db.session() as db:
        if level not in svc.catalogue.model(db).levels:
            raise NotFound(_("There is no such level."))
        name, description, _competences = _level_texts(db, level)
    return jsonify(badges.achievement_document(
        achievement_id=f"{svc.settings.base_url}/credentials/achievements/{level}", achievement_name=name,
        achievement_description=description, criteria_narrative={
            "nl": "Geslaagd voor de toets van dit niveau van het interne AI-diploma.",
            "en": "Passed the exam at this level of the internal AI diploma."},
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
    return render_template("credentials/verify.html", result=result), 200 if result is None or result.ok else 422


@public.get("/verify/<certificate_id>")
def verify(certificate_id: str) -> ResponseReturnValue:
    """The public page a certificate's QR code points to."""
    svc = services()
    with svc.db.session() as db:
        found = queries.certificate_with_holder(db, certificate_id)
        if found is None:
            raise NotFound(_("No certificate with this number exists."))
        cert, person, _platform = found
        name, _description, _competences = _level_texts(db, cert.level)
    now = utcnow()
    ends = min(d for d in (cert.valid_until, cert.revoked_at, cert.cut_off_at) if d is not None)
    status = ("revoked" if cert.revoked_at and cert.revoked_at <= now else "expired" if ends <= now else
              "expiring" if (ends - now).days <= svc.certification.expiring_days else "valid")
    return render_template("credentials/certificate.html", cert=cert, person=person, name=name, status=status,
                           ends=ends, localize=localize)
