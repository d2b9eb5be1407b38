"""The long lists of issue 15 over HTTP: flagged questions, the question bank and the audit log — search,
filters, sort, pages, bad parameters, and the bulk actions (resolve selected, retire selected) with a refused
item and a retry."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from sqlalchemy import func, select

from lti_tool.audit import record
from lti_tool.db.models import AuditEntry, ItemFlag, ItemVersion
from tests.e2e.test_authoring import NEW_ITEM, as_user
from tests.e2e.test_certification import reports_user
from tests.e2e.test_governance import course, governance  # noqa: F401


def cells(page, attribute: str) -> list[str]:
    assert page.status_code == 200, page.text
    return re.findall(rf'{attribute}="([^"]+)"', page.text.split("<tbody>")[1].split("</tbody>")[0])


@pytest.fixture
def ld(platform, course):  # noqa: F811
    _reg, link = course
    return governance(as_user(platform, link, "linda"))


def _keys(tool, n: int) -> list[str]:
    with tool.svc.db.session() as db:
        return list(db.scalars(select(ItemVersion.item_key).where(ItemVersion.status == "approved")
                               .distinct().order_by(ItemVersion.item_key).limit(n)))


def _flag(tool, platform_id, key, source, clause=None, comment="", resolved=False) -> int:
    with tool.svc.db.transaction() as db:
        flag = ItemFlag(platform_id=platform_id, item_key=key, source=source, clause_key=clause, comment=comment,
                        resolved_at=dt.datetime.now(dt.UTC) if resolved else None,
                        resolved_by="Someone" if resolved else "")
        db.add(flag)
        db.flush()
        return flag.id


def _platform_id(tool, ld) -> int:
    return tool.svc.store.get("session:" + ld.base.rsplit("/s/", 1)[1].split("/")[0])["platform_id"]


def test_flags_list_search_filters_sort_pages_and_bulk_resolve(tool, ld):
    pid = _platform_id(tool, ld)
    keys = _keys(tool, 3)
    a = _flag(tool, pid, keys[0], "employee", comment="Antwoord b is ook goed")
    b = _flag(tool, pid, keys[1], "policy", clause="INFOSEC-4.2", comment="INFOSEC 2026.2")
    c = _flag(tool, None, keys[2], "policy", clause="AI-ACT-4", comment="AIGOV 2026.2")
    done = _flag(tool, pid, keys[0], "employee", comment="old remark", resolved=True)
    ids = lambda page: [int(i) for i in cells(page, "data-flag")]  # noqa: E731
    assert ids(ld.get_gov("/flags")) == [a, b, c]  # open by default, oldest first
    assert ids(ld.get_gov("/flags", state="resolved")) == [done]
    assert ids(ld.get_gov("/flags", state="all", sort="created", order="desc")) == [done, c, b, a]
    assert ids(ld.get_gov("/flags", reason="policy")) == [b, c]
    assert ids(ld.get_gov("/flags", clause="AI-ACT-4")) == [c]
    assert ids(ld.get_gov("/flags", item=keys[1])) == [b]
    assert ids(ld.get_gov("/flags", q="ANTWOORD B")) == [a]
    with tool.svc.db.session() as db:
        stem = db.scalars(select(ItemVersion).where(ItemVersion.item_key == keys[2])).first().content["stem"]["en"]
    word = max(re.findall(r"[A-Za-z]{6,}", stem), key=len)
    found = ld.get_gov("/flags", q=word)
    assert c in ids(found) and stem[:30] in found.text  # the stem is shown and searched
    assert ids(ld.get_gov("/flags", sort="item", order="desc")) == [c, b, a]
    paged = ld.get_gov("/flags", state="all", size="50", page="2")
    assert ids(paged) == [] and "First page" in paged.text
    for name, value in (("state", "gone"), ("sort", "x"), ("page", "0"), ("size", "7"), ("reason", "boss")):
        refused = ld.get_gov("/flags", **{name: value})
        assert refused.status_code == 400 and name in refused.text

    page = ld.get_gov("/flags")
    form = re.search(r'<form method="post" action="[^"]*/flags/resolve"[^>]*>', page.text).group(0)
    assert "data-confirm=" in form and "data-confirm-detail=" in form
    assert ld.post_gov("/flags/resolve", {}).status_code == 400
    assert ld.post_gov("/flags/resolve", {"flag": "abc"}).status_code == 400
    count = lambda: _audit_count(tool, "item_flag.resolved")  # noqa: E731
    before = count()
    first = ld.post_gov("/flags/resolve", {"flag": [str(a), str(c)], "note": "checked"})
    assert first.status_code == 303 and count() == before + 2
    assert ids(ld.get_gov("/flags")) == [b]
    again = ld.post_gov("/flags/resolve", {"flag": [str(a), str(c)], "note": "checked"})  # a retry
    assert again.status_code == 303 and count() == before + 2
    assert "0 flags resolved; 2 were resolved already" in ld.browser.get(
        ld.base.split("/s/")[0] + again.headers["location"]).text
    assert ld.post_gov("/flags/resolve", {"flag": str(10**6)}).status_code == 404


def _audit_count(tool, action: str) -> int:
    with tool.svc.db.session() as db:
        return db.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action))


def test_question_bank_search_filters_sort_pages(ld):
    keys = lambda page: cells(page, "data-key")  # noqa: E731
    everything = keys(ld.get("/items", size="200"))
    assert len(everything) > 20
    by_key = keys(ld.get("/items", sort="key", size="200"))
    assert by_key == sorted(everything)
    assert keys(ld.get("/items", sort="key", order="desc", size="200")) == sorted(everything, reverse=True)
    basic = keys(ld.get("/items", level="basic", size="200"))
    assert basic and all(k.startswith("basic-") for k in basic) and len(basic) < len(everything)
    types = ld.get("/items", type="true_false", size="200")
    assert all(s == "approved" for s in cells(types, "data-status"))
    assert set(keys(types)) < set(everything)
    assert keys(ld.get("/items", q=everything[3].upper())) == [everything[3]]
    assert keys(ld.get("/items", status="draft")) == []
    first, second = ld.get("/items", sort="key", size="50"), ld.get("/items", sort="key", size="50", page="2")
    assert keys(first) == by_key[:50] and keys(second) == by_key[50:100]
    link = re.search(r'rel="next" href="([^"]+)"', first.text)
    assert link and "sort=key" in link.group(1) and "page=2" in link.group(1)
    for name, value in (("level", "guru"), ("type", "essay"), ("status", "gone"), ("sort", "x"), ("page", "x"),
                        ("q", "x" * 101), ("competence", "nope")):
        refused = ld.get("/items", **{name: value})
        assert refused.status_code == 400 and name in refused.text


def test_retire_selected_is_all_or_nothing(tool, ld):
    approved = _keys(tool, 2)
    assert ld.post("/items/new", {**NEW_ITEM, "key": "basic-list-001"}).status_code == 303  # a draft
    page = ld.get("/items")
    form = re.search(r'<form method="post" action="[^"]*/items/retire"[^>]*>', page.text).group(0)
    assert "data-confirm=" in form and "data-confirm-detail=" in form

    refused = ld.post("/items/retire", {"key": [*approved, "basic-list-001"]})
    assert refused.status_code == 303
    shown = ld.browser.get(ld.base.split("/s/")[0] + refused.headers["location"]).text
    assert "Nothing was retired" in shown and "basic-list-001: Only an approved question can be retired." in shown
    with tool.svc.db.session() as db:
        statuses = set(db.scalars(select(ItemVersion.status).where(ItemVersion.item_key.in_(approved))))
    assert "retired" not in statuses  # nothing half-done
    assert ld.post("/items/retire", {"key": [*approved, "no-such-key"]}).status_code == 303
    assert _audit_count(tool, "item.retired") == 0
    assert ld.post("/items/retire", {}).status_code == 400

    done = ld.post("/items/retire", {"key": approved, "comment": "replaced"})
    assert done.status_code == 303 and _audit_count(tool, "item.retired") == 2
    retired = ld.get("/items", status="retired")
    assert sorted(cells(retired, "data-key")) == sorted(approved)


def test_audit_log_pages_object_filter_and_export(tool, platform, course):  # noqa: F811
    _reg, link = course
    hr = reports_user(tool, platform, link, "priya", "hr")
    pid = tool.svc.store.get("session:" + hr.base.rsplit("/s/", 1)[1].split("/")[0])["platform_id"]
    with tool.svc.db.transaction() as db:
        for n in range(60):
            record(db, "certificate.revoked", f"cert-{n:03d}", before={"status": "valid"},
                   after={"status": "revoked", "reason": f"reason {n}"}, platform_id=pid, actor="Auditor Test")
        record(db, "role.granted", "cert-lookalike", after={"role": "hr"}, platform_id=pid, actor="Someone Else")
    subjects = lambda page: re.findall(r"<td>(cert-[a-z0-9]+)</td>", page.text)  # noqa: E731
    first = hr.get_reports("/audit", who="Auditor Test")
    assert "60 entries" in first.text and "page 1 of 2" in first.text
    assert subjects(first) == [f"cert-{n:03d}" for n in range(59, 9, -1)]  # newest first
    link = re.search(r'rel="next" href="([^"]+)"', first.text)
    assert link and "who=Auditor" in link.group(1)
    second = hr.browser.get(hr.base.split("/s/")[0] + link.group(1).replace("&amp;", "&"))
    assert subjects(second) == [f"cert-{n:03d}" for n in range(9, -1, -1)]
    assert subjects(hr.get_reports("/audit", subject="CERT-04")) == [f"cert-{n:03d}" for n in range(49, 39, -1)]
    assert subjects(hr.get_reports("/audit", subject="cert-", action="role.granted")) == ["cert-lookalike"]
    assert hr.get_reports("/audit", page="0").status_code == 400
    assert hr.get_reports("/audit", size="7").status_code == 400

    export = hr.get_reports("/audit", format="csv", subject="cert-0", who="Auditor")
    assert export.status_code == 200
    text = export.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    found = [r for r in rows if len(r) > 4 and r[3].startswith("cert-0")]
    assert len(found) == 60 and not any("cert-lookalike" in c for r in rows for c in r)
    assert any("status: valid → revoked" in c for c in found[0])  # the change in words
    assert any("certificate revoked" in c for c in found[0])
