"""Translated labels for codes shown on pages (statuses, item types, flags, review actions)."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

STATUS = {"draft": _l("draft"), "in_review": _l("in review"), "approved": _l("approved"), "retired": _l("retired"),
          "superseded": _l("superseded")}
TYPE = {"single_choice": _l("single choice"), "multiple_response": _l("multiple response"),
        "true_false": _l("true/false"), "ordering": _l("ordering"), "matching": _l("matching"),
        "numeric": _l("numeric"), "short_text": _l("short text")}
FLAG = {"negative_discrimination": _l("negative discrimination"), "nobody_correct": _l("nobody correct"),
        "everybody_correct": _l("everybody correct"), "low_n": _l("few answers")}
ACTION = {"created": _l("created"), "edited": _l("edited"), "submitted": _l("sent for review"),
          "approved": _l("approved"), "rejected": _l("rejected"), "retired": _l("retired")}


DIMENSION = {"department": _l("department"), "location": _l("location"), "business_unit": _l("business unit"),
             "function_group": _l("function group"), "risk_class": _l("risk class"),
             "critical_process": _l("critical process")}
CERT_STATUS = {"valid": _l("valid"), "expiring": _l("valid, expiring soon"), "expired": _l("expired"),
               "revoked": _l("revoked"), "never": _l("not obtained"), "invalid": _l("not valid"),
               "not_yet_valid": _l("not yet valid")}


def register_labels(app: Flask) -> None:
    for name, table in (("status_label", STATUS), ("type_label", TYPE), ("flag_label", FLAG),
                        ("action_label", ACTION), ("dimension_label", DIMENSION), ("cert_status_label", CERT_STATUS)):
        app.jinja_env.globals[name] = lambda code, table=table: str(table.get(code, code))
