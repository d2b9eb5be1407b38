"""Length limits on every text field: every form on every page a person with every organisation role sees
is sent back with each text field far too long (5,000 characters in a line, 200,000 in a text area).
PostgreSQL refuses a value longer than its column, so a field without its own limit would end in a 500
there; each answer must be a page, a redirect or a 4xx that says what was wrong."""

from __future__ import annotations

import re
import secrets
from urllib.parse import urljoin

import lxml.html
from sqlalchemy import select

from lti_tool.db.models import Person, Platform, RoleGrant
from lti_tool.permissions import GRANTABLE
from tests.integration.test_permission_walk import DUMMY
from tests.lti_client import Browser, create_link, launch, register

LINE, AREA = "x" * 5000, "Lange tekst. " * 15_385  # 200,005 characters
TEXT_TYPES = {"text", "search", "email", "url", "tel", None}
NOT_WALKED = ("/language",)  # the language switch takes a language code, nothing typed


def everyone(tool, platform, browser) -> tuple[str, str]:
    """A session of a person holding every organisation role (and staff in the course); its /s/<sid> base."""
    reg = register(browser, platform, tool)
    launch(browser, platform, create_link(platform, reg.client_id)["id"], "sanne")
    with tool.svc.db.transaction() as db:
        person = db.scalars(select(Person)).one()
        db.get(Platform, person.platform_id).is_home = True
        for role in GRANTABLE:
            db.add(RoleGrant(platform_id=person.platform_id, person_id=person.id, role=role.value))
        platform_id, person_id = person.platform_id, person.id
    sid = secrets.token_urlsafe(32)
    tool.svc.store.set("session:" + sid, {"platform_id": platform_id, "person_id": person_id,
                                          "org_roles": [r.value for r in GRANTABLE],
                                          "course_roles": ["instructor"], "locale": "en"}, 900)
    return sid, f"{tool.url}/s/{sid}"


def pages(tool, sid: str) -> list[str]:
    urls = []
    for rule in tool.app.url_map.iter_rules():
        if rule.rule.startswith("/s/<sid>/") and "GET" in rule.methods:
            path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: DUMMY.get(m.group(1), m.group(0)), rule.rule)
            urls.append(tool.url + path.replace("<sid>", sid))
    return sorted(set(urls))


def overlong(form) -> dict[str, str | list[str]]:
    """The form's fields as a browser would send them, every text field far too long."""
    data: dict[str, str | list[str]] = {}
    for field in form.inputs:
        name = field.get("name")
        if not name or field.get("disabled") is not None:
            continue
        if field.tag == "textarea":
            data[name] = AREA
        elif field.tag == "select":
            options = field.xpath("./option/@value | ./optgroup/option/@value")
            data[name] = options[-1] if options else ""
        elif field.get("type") in TEXT_TYPES:
            data[name] = LINE
        elif field.get("type") in ("hidden", "number", "date") and field.get("value") is not None:
            data[name] = field.get("value")
        elif field.get("type") in ("checkbox", "radio") and field.get("checked") is not None:
            data[name] = field.get("value") or "on"
    return data


def test_every_form_refuses_overlong_text_in_words(tool, platform, browser):
    sid, _base = everyone(tool, platform, browser)
    failures, posted = [], 0
    with Browser() as client:
        for url in pages(tool, sid):
            page = client.get(url)
            if page.status_code != 200 or "text/html" not in page.headers.get("content-type", ""):
                continue
            for form in lxml.html.fromstring(page.text).forms:
                action = urljoin(url, form.get("action") or url)
                method = (form.get("method") or "get").lower()
                if method not in ("get", "post") or action.endswith(NOT_WALKED):
                    continue
                data = overlong(form)
                if not any(v in (LINE, AREA) for v in data.values()):
                    continue  # nothing typed in this form (a button)
                if method == "get":  # search and filter forms: a query string too long is a 400, not a 500
                    answer = client.get(action, params=data)
                elif "multipart" in (form.get("enctype") or ""):  # with "no file chosen", as a browser sends it
                    files = {f.get("name"): ("", b"", "application/octet-stream") for f in form.inputs
                             if f.get("type") == "file" and f.get("name")}
                    answer = client.post(action, data=data, files=files)
                else:
                    answer = client.post(action, data=data)
                posted += 1
                if answer.status_code >= 500 or "Traceback" in answer.text:
                    failures.append(f"{method.upper()} {action.replace(sid, '<sid>')} (from "
                                    f"{url.replace(sid, '<sid>')}): {answer.status_code}")
    assert posted >= 12, f"only {posted} forms with text fields were found: the walk saw too little"
    assert not failures, "\n".join(failures)
