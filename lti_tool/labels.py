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

#: the levels of the competence model (its own names per language are the same words)
LEVEL = {"basic": _l("Basic"), "advanced": _l("Advanced"), "expert": _l("Expert")}
ATTEMPT_STATUS = {"in_progress": _l("in progress"), "submitted": _l("submitted"), "timed_out": _l("time ran out")}
#: where a statement or a grade is on its way out (the outbox)
DELIVERY_STATUS = {"pending": _l("queued"), "sent": _l("sent"), "failed": _l("failed")}
#: where a person stands in the reports and exports
PERSON_STATE = {"left": _l("left the organisation"), "not_required": _l("not required"), "valid": _l("valid"),
                "late": _l("late"), "on_track": _l("on track")}
#: audit log actions (``lti_tool.audit.record``)
AUDIT_ACTION = {
    "accommodation.set": _l("accommodation set"), "blueprint.approved": _l("exam version approved"),
    "blueprint.draft": _l("exam version drafted"), "certificate.revoked": _l("certificate revoked"),
    "competence_model.changed": _l("competence model changed"), "grade_column.recreated": _l("grade column recreated"),
    "learning_paths.changed": _l("learning path catalogue changed"),
    "grade_sync.resumed": _l("grade sync resumed"), "grade_sync.stopped": _l("grade sync stopped"),
    "grades.resent": _l("grades sent again"), "item_flag.resolved": _l("question flag resolved"),
    "items.calibrated": _l("questions calibrated"), "items.imported": _l("questions imported"),
    "item.submitted": _l("question sent for review"), "item.approved": _l("question approved"),
    "item.rejected": _l("question rejected"), "item.retired": _l("question retired"),
    "people.imported": _l("HR file imported"), "person.erased": _l("person erased"),
    "reminders.sent": _l("reminder mails queued"),
    "reminders.retried": _l("failed reminder mails queued again"),
    "platform.added": _l("platform added"), "platform.registered": _l("platform registered"),
    "platform.updated": _l("platform updated"), "policy.added": _l("policy added"),
    "policy.changed": _l("policy changed"), "policy.rolled_back": _l("policy rolled back"),
    "recertification.decided": _l("recertification decided"),
    "role.granted": _l("role granted"), "role.revoked": _l("role taken away"),
    "role_matrix.changed": _l("role matrix changed"), "role_matrix.rolled_back": _l("role matrix rolled back"),
    "rollout.changed": _l("rollout plan changed"),
    "rollout.remark_answered": _l("remark on the rollout answered"),
    "standard_setting.cut_adopted": _l("standard setting: cut adopted"),
    "standard_setting.member_invited": _l("standard setting: panel member invited"),
    "standard_setting.ratings_submitted": _l("standard setting: ratings submitted"),
    "standard_setting.round_closed": _l("standard setting: round closed"),
    "standard_setting.round_opened": _l("standard setting: round opened"),
}
PERMISSION = {
    "take_exam": _l("take the exam"), "place_exam": _l("place the exam in a course"),
    "preview_exam": _l("preview an exam's rules and a sample form"),
    "view_course": _l("see the course view"), "sync_roster": _l("synchronise the course roster"),
    "view_outbox": _l("see the delivery queue"), "retry_outbox": _l("retry deliveries"),
    "view_bank": _l("see the question bank"), "author_items": _l("write questions"),
    "review_items": _l("review questions"), "review_high_risk": _l("review high-risk questions"),
    "manage_blueprints": _l("manage exams"), "manage_competences": _l("manage the competence model"),
    "import_export": _l("import and export questions"), "view_item_stats": _l("see question statistics"),
    "manage_accommodations": _l("manage accommodations"), "view_own_status": _l("see own status"),
    "view_reports": _l("see person-level reports"), "view_aggregates": _l("see aggregate reports"),
    "view_team": _l("see own team"), "export_audit": _l("download audit exports"),
    "manage_people": _l("import HR files"), "manage_role_matrix": _l("manage the role matrix"),
    "revoke_certificates": _l("revoke certificates"), "view_audit_log": _l("see the audit log"),
    "send_reminders": _l("mail the reminders to managers"),
    "manage_roles": _l("grant roles"), "view_rollout": _l("see the rollout"),
    "manage_rollout": _l("manage the rollout"), "remark_on_rollout": _l("remark on the rollout"),
    "view_feedback": _l("see employee feedback"), "view_policies": _l("see policies"),
    "manage_policies": _l("manage policies"), "decide_recertification": _l("decide on recertification"),
    "manage_grade_sync": _l("manage grade sync"), "calibrate_bank": _l("calibrate the question bank"),
    "manage_standard_setting": _l("manage standard setting"), "rate_items": _l("rate questions (standard setting)"),
}

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
#: one certificate's state on its documents (xapi/certificate_state.py Standing)
CERT_STANDING = {"valid": _l("valid"), "expiring": _l("valid, expiring soon"),
                 "cut_short": _l("recertification required"), "expired": _l("expired"),
                 "ended_by_decision": _l("expired: not recertified in time"), "revoked": _l("revoked")}


def role_label(code: str) -> str:
    return str(ROLE.get(code, code))


def level_label(code: str) -> str:
    return str(LEVEL.get(code, code))


def attempt_status_label(code: str) -> str:
    return str(ATTEMPT_STATUS.get(code, code))


def cert_status_label(code: str) -> str:
    return str(CERT_STATUS.get(code, code))


def audit_action_label(code: str) -> str:
    return str(AUDIT_ACTION.get(code, code))


def register_labels(app: Flask) -> None:
    for name, table in (("status_label", STATUS), ("type_label", TYPE), ("flag_label", FLAG),
                        ("action_label", ACTION), ("dimension_label", DIMENSION), ("cert_status_label", CERT_STATUS),
                        ("role_label", ROLE), ("scenario_label", SCENARIO),
                        ("phase_status_label", PHASE_STATUS), ("change_label", CHANGE),
                        ("flag_source_label", FLAG_SOURCE), ("assembly_label", ASSEMBLY),
                        ("round_status_label", ROUND_STATUS), ("level_label", LEVEL),
                        ("person_state_label", PERSON_STATE), ("audit_action_label", AUDIT_ACTION),
                        ("permission_label", PERMISSION), ("attempt_status_label", ATTEMPT_STATUS),
                        ("delivery_status_label", DELIVERY_STATUS),
                        ("hofstee_outcome_label", HOFSTEE_OUTCOME),
                        ("cert_standing_label", CERT_STANDING)):
        app.jinja_env.globals[name] = lambda code, table=table: str(table.get(code, code))
    app.jinja_env.globals["pass_mark_basis_text"] = pass_mark_basis_text
#: kinds of learning activity in a learning path (``assessments.learning_paths.KINDS``)
PATH_KIND = {"lms_course": _l("course in the LMS"), "lms_module": _l("module in the LMS"),
             "e_learning": _l("e-learning"), "in_company": _l("in-company session"), "testing": _l("exam")}
