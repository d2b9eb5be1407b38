"""Translated labels for codes shown on pages (statuses, item types, flags, review actions)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_babel import gettext as _
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
ROLE = {"employee": _l("employee"), "instructor": _l("course instructor"), "ld": _l("L&D"),
        "ciso": _l("CISO / privacy"), "hr": _l("HR"), "manager": _l("line manager"), "board": _l("board"),
        "works_council": _l("works council"),
        "auditor": _l("auditor"), "admin": _l("tool administrator"), "panel": _l("standard-setting panel member")}
SCENARIO = {"all_at_once": _l("all at once"), "phased": _l("phased per unit"),
            "hybrid": _l("hybrid: basic for everybody, higher levels phased")}
PHASE_STATUS = {"planned": _l("planned"), "running": _l("running"), "ended": _l("ended")}
CHANGE = {"changed": _l("changed"), "added": _l("added"), "removed": _l("removed")}
FLAG_SOURCE = {"employee": _l("employee"), "policy": _l("policy change")}
ASSEMBLY = {"equal_forms": _l("equal forms (matched difficulty, exposure limit)"),
            "random": _l("random draw per competence")}
#: a certificate's state on a day (``assessments.certificate_state``) and how far a person is (``personal_requirement``)
CERTIFICATE_STATE = {"not_yet": _l("not yet valid"), "valid": _l("valid"), "expiring": _l("valid, expiring soon"),
                     "cut_short": _l("valid, recertification required"), "expired": _l("expired"),
                     "revoked": _l("revoked")}
PROGRESS = {"left": _l("left the organisation"), "none": _l("not required"), "met": _l("meets the requirement"),
            "on_track": _l("on track"), "late": _l("late")}
ROUND_STATUS = {"open": _l("open for ratings"), "closed": _l("closed"), "adopted": _l("cut adopted")}
HOFSTEE_OUTCOME = {"intersection": _l("the line meets the fail rate curve"),
                   "curve_above": _l("no compromise: even at the lowest acceptable pass mark more fail than "
                                     "acceptable"),
                   "curve_below": _l("no compromise: even at the highest acceptable pass mark fewer fail than the "
                                     "lowest acceptable fail rate"),
                   "no_data": _l("no submitted attempts yet: no observed fail rates")}


def pass_mark_basis_text(basis: Mapping[str, Any] | None) -> str:
    """How an exam version's pass mark was set, for the blueprint pages, the audit log and exports."""
    if basis and basis.get("method") == "modified_angoff":
        return _("pass mark set by standard setting on %(date)s, panel of %(n)d", date=basis.get("date", ""),
                 n=int(basis.get("panel_size") or 0))
    return _("pass mark set by L&D without standard setting")


def role_label(code: str) -> str:
    return str(ROLE.get(code, code))


def register_labels(app: Flask) -> None:
    for name, table in (("status_label", STATUS), ("type_label", TYPE), ("flag_label", FLAG),
                        ("action_label", ACTION), ("dimension_label", DIMENSION), ("cert_status_label", CERT_STATUS),
                        ("role_label", ROLE), ("scenario_label", SCENARIO),
                        ("phase_status_label", PHASE_STATUS), ("change_label", CHANGE),
                        ("flag_source_label", FLAG_SOURCE), ("assembly_label", ASSEMBLY),
                        ("round_status_label", ROUND_STATUS),
                        ("hofstee_outcome_label", HOFSTEE_OUTCOME)):
        app.jinja_env.globals[name] = lambda code, table=table: str(table.get(code, code))
    app.jinja_env.globals["pass_mark_basis_text"] = pass_mark_basis_text
