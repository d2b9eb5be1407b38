"""Times a person acts on are shown in the organisation's time zone (``AIDIP_TIMEZONE``), with its name: a retake
"from 9 December, 01:47" in UTC is 02:47 in Amsterdam, and a reader cannot tell which without the zone."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_datetime
from sqlalchemy import select

from lti_tool.db.models import Attempt, BlueprintVersion
from lti_tool.settings import SettingsError, load_settings
from tests.conftest import running_tool
from tests.e2e.test_feedback_policy import edit_form, fail_once
from tests.e2e.test_standard_setting import Person
from tests.lti_client import STAFF_GRANTS, create_link, register


@pytest.fixture
def amsterdam(database_url, lrs, tmp_path):
    with running_tool(database_url, lrs, tmp_path / "instance", timezone="Europe/Amsterdam") as running:
        yield running


def test_the_retake_moment_is_shown_in_the_organisations_time_zone(amsterdam, platform, browser):
    reg = register(browser, platform, amsterdam, grants=STAFF_GRANTS)
    course = create_link(platform, reg.client_id)
    linda, kees = Person(platform, course, "linda"), Person(platform, course, "kees")
    assert linda.post("/authoring/blueprints/basic/edit", edit_form(amsterdam, retake_wait_days="1")).status_code == 303
    with amsterdam.svc.db.session() as db:
        draft = db.scalars(select(BlueprintVersion).where(BlueprintVersion.status == "draft")).one()
    assert kees.post(f"/authoring/blueprints/versions/{draft.id}/approve").status_code == 303

    sanne, first = fail_once(amsterdam, platform, course)
    with amsterdam.svc.db.session() as db:
        submitted = db.get(Attempt, first.id).submitted_at
    local = (submitted + dt.timedelta(days=1)).astimezone(ZoneInfo("Europe/Amsterdam"))
    expected = format_datetime(local, "d MMMM y, HH:mm z", tzinfo=ZoneInfo("Europe/Amsterdam"), locale="en")
    assert expected.endswith(("+0100", "+0200")) and f"{local:%H:%M}" in expected
    result = sanne.get(f"/attempt/{first.id}/result").text
    assert f"You can take the exam again on {expected} (in 1 day)" in result
    assert f"The exam can be taken again from {expected}." in sanne.get("/me/").text
    history = linda.get("/authoring/blueprints/basic/edit").text  # a staff table's times: converted, zone named
    stamps = re.findall(r"\d{4}-\d\d-\d\d \d\d:\d\d (?:\+0[12]00|UTC)", history)
    assert stamps and all(not stamp.endswith("UTC") for stamp in stamps), stamps


@pytest.mark.parametrize("zone", ["Europe/Utrecht", "localtime"])  # the second: the system knows it, pytz does not
def test_a_time_zone_the_pages_cannot_use_is_refused_at_start(tmp_path, zone):
    with pytest.raises(SettingsError, match=f"AIDIP_TIMEZONE='{zone}' is not an IANA time zone"):
        load_settings({"instance_path": str(tmp_path), "testing": True}, {"AIDIP_TIMEZONE": zone})
    assert load_settings({"instance_path": str(tmp_path), "testing": True}).timezone == "UTC"
