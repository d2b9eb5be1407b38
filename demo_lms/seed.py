"""Seed data: the personas of the fictional "Voorbeeld Groep" and the AI-diploma course."""

from __future__ import annotations

from typing import Any

LIS = "http://purl.imsglobal.org/vocab/lis/v2"
ROLE_LEARNER = f"{LIS}/membership#Learner"
ROLE_INSTRUCTOR = f"{LIS}/membership#Instructor"
ROLE_CONTEXT_ADMIN = f"{LIS}/membership#Administrator"
ROLE_INST_STUDENT = f"{LIS}/institution/person#Student"
ROLE_INST_STAFF = f"{LIS}/institution/person#Staff"
ROLE_INST_INSTRUCTOR = f"{LIS}/institution/person#Instructor"
ROLE_INST_ADMIN = f"{LIS}/institution/person#Administrator"
ROLE_SYSTEM_ADMIN = f"{LIS}/system/person#Administrator"

COURSE_ID = "ai-diploma-2026"
COURSE_TYPE = f"{LIS}/course#CourseOffering"


def _persona(
    key: str,
    user_id: str,
    given: str,
    family: str,
    email: str | None,
    department: str,
    location: str,
    business_unit: str,
    function_group: str,
    employee_number: str,
    course_roles: list[str],
    institution_roles: list[str],
    title_nl: str,
    title_en: str,
) -> dict[str, Any]:
    persona: dict[str, Any] = {
        "key": key,
        "user_id": user_id,
        "given_name": given,
        "family_name": family,
        "name": f"{given} {family}",
        "department": department,
        "location": location,
        "business_unit": business_unit,
        "function_group": function_group,
        "employee_number": employee_number,
        "course_roles": course_roles,
        "institution_roles": institution_roles,
        "title": {"nl": title_nl, "en": title_en},
    }
    if email:
        persona["email"] = email
    return persona


LEARNER = [ROLE_LEARNER]

PERSONAS: list[dict[str, Any]] = [
    _persona("sanne", "vg-1001", "Sanne", "de Vries", "sanne.devries@voorbeeldgroep.nl",
             "Klantenservice", "Utrecht", "Particulieren", "medewerker", "VG-10231",
             LEARNER, [ROLE_INST_STAFF], "Klantadviseur", "Customer advisor"),
    _persona("mohammed", "vg-1002", "Mohammed", "El Amrani", "mohammed.elamrani@voorbeeldgroep.nl",
             "Klantenservice", "Rotterdam", "Particulieren", "teamleider", "VG-10487",
             LEARNER, [ROLE_INST_STAFF], "Teamleider klantenservice", "Customer service team lead"),
    _persona("eva", "vg-1003", "Eva", "Jansen", "eva.jansen@voorbeeldgroep.nl",
             "Financiën", "Groningen", "Zakelijk", "medewerker", "VG-11020",
             LEARNER, [ROLE_INST_STAFF], "Financieel administratief medewerker", "Finance officer"),
    _persona("priya", "vg-1004", "Priya", "Ramdin", "priya.ramdin@voorbeeldgroep.nl",
             "HR", "Utrecht", "Staf", "beleidsmedewerker", "VG-11302",
             LEARNER, [ROLE_INST_STAFF], "HR-beleidsmedewerker", "HR policy advisor"),
    # No e-mail address on record: tools must cope with a launch without the email claim.
    _persona("joost", "vg-1005", "Joost", "Bakker", None,
             "Zorg", "Groningen", "Zorg", "medewerker", "VG-12044",
             LEARNER, [ROLE_INST_STAFF], "Wijkverpleegkundige", "District nurse"),
    _persona("daan", "vg-1006", "Daan", "Visser", "daan.visser@voorbeeldgroep.nl",
             "IT & Data", "Rotterdam", "Staf", "data-specialist", "VG-12518",
             LEARNER, [ROLE_INST_STAFF], "Data-specialist", "Data specialist"),
    _persona("linda", "vg-2001", "Linda", "Mulder", "linda.mulder@voorbeeldgroep.nl",
             "HR", "Utrecht", "Staf", "beleidsmedewerker", "VG-20017",
             [ROLE_INSTRUCTOR], [ROLE_INST_STAFF, ROLE_INST_INSTRUCTOR],
             "L&D-adviseur (Academy)", "L&D advisor (Academy)"),
    _persona("kees", "vg-9001", "Kees", "Smit", "kees.smit@voorbeeldgroep.nl",
             "IT & Data", "Utrecht", "Staf", "medewerker", "VG-90003",
             [ROLE_CONTEXT_ADMIN], [ROLE_INST_STAFF, ROLE_INST_ADMIN, ROLE_SYSTEM_ADMIN],
             "LMS-beheerder", "LMS administrator"),
]

def plain_employee(number: int, **fields: Any) -> dict[str, Any]:
    """A learner with no other role: "Medewerker 0001" (key ``medewerker-0001``), any field overridable."""
    persona = _persona(
        f"medewerker-{number:04d}", f"vg-5{number:04d}", "Medewerker", f"{number:04d}",
        f"medewerker{number:04d}@voorbeeldgroep.nl", "Klantenservice", "Utrecht", "Particulieren",
        "medewerker", f"VG-5{number:04d}", LEARNER, [ROLE_INST_STAFF], "Medewerker", "Employee",
    )
    persona.update(fields)
    if "name" not in fields:
        persona["name"] = f"{persona['given_name']} {persona['family_name']}"
    return persona


INSTRUCTOR_KEY = "linda"
ADMIN_KEY = "kees"


def seed_courses() -> dict[str, dict[str, Any]]:
    """Return the seeded courses with their memberships."""
    members = [
        {
            "user_id": p["user_id"],
            "roles": list(p["course_roles"]),
            "status": "Active",
            "name": p["name"],
            "given_name": p["given_name"],
            "family_name": p["family_name"],
            **({"email": p["email"]} if "email" in p else {}),
        }
        for p in PERSONAS
    ]
    return {
        COURSE_ID: {
            "id": COURSE_ID,
            "label": "AI-2026",
            "title": "AI-diploma",
            "type": [COURSE_TYPE],
            "members": members,
        }
    }
