"""Key rotation in a live deployment, and one launch served by two tool instances."""

from __future__ import annotations

import httpx
import jwt
import pytest
import redis

from demo_lms.testing import parse_autosubmit_form
from tests.conftest import running_tool
from tests.lti_client import (
    Browser,
    create_link,
    csrf_token,
    deep_link_launch,
    press_start,
    register,
    start_launch,
    state,
)


def test_deep_linking_after_key_rotation_is_verified_with_the_new_key(tool, platform, browser):
    reg = register(browser, platform, tool)
    old_kid = httpx.get(tool.url + "/lti/jwks.json").json()["keys"][0]["kid"]
    assert tool.app.test_cli_runner().invoke(args=["keys", "rotate"]).exit_code == 0
    page = deep_link_launch(browser, platform, "linda", reg.client_id)
    returned = browser.post(str(page.url), data={"csrf_token": csrf_token(page.text), "exam": "basic"})
    action, fields = parse_autosubmit_form(returned.text)
    assert jwt.get_unverified_header(fields["JWT"])["kid"] != old_kid
    accepted = browser.post(action, data=fields)
    assert accepted.status_code in (200, 302, 303)
    assert any((link.get("custom") or {}).get("exam") == "basic" for link in state(platform)["links"])


def _redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url("redis://127.0.0.1:6379/15").ping())
    except redis.RedisError:
        return False


@pytest.mark.skipif(not _redis_available(), reason="Redis is not running on 127.0.0.1:6379")
def test_login_on_one_instance_launch_and_answers_on_another(database_url, lrs, platform, tmp_path):
    """Two tool processes sharing the database and Redis serve one user's flow interchangeably."""
    shared = {"redis_url": "redis://127.0.0.1:6379/15", "secret_key": "shared-secret-for-both-instances"}
    with running_tool(database_url, lrs, tmp_path / "a", **shared) as first:
        base = first.svc.settings.base_url
        with running_tool(database_url, lrs, tmp_path / "b", base_url=base, **shared) as second, Browser() as browser:
            reg = register(browser, platform, first)
            link = create_link(platform, reg.client_id)
            form = start_launch(browser, platform, link["id"], "sanne")  # login served by the first
            action, fields = parse_autosubmit_form(form.text)
            assert action == base + "/lti/launch"
            landed = browser.post(second.url + "/lti/launch", data=fields)  # launch on the second
            assert landed.status_code == 303, landed.text
            question = press_start(browser, browser.get(first.url + landed.headers["location"]))  # on the first
            assert question.status_code == 200
            saved = browser.post(str(question.url).replace(first.url, second.url),
                                 data={"csrf_token": csrf_token(question.text), "answer": []},
                                 headers={"Accept": "application/json"})
            assert saved.status_code == 200 and saved.json()["saved"] is True


def test_platform_key_rotation_is_picked_up_by_refetching_the_jwks(database_url, lrs, platform, tmp_path):
    with running_tool(database_url, lrs, tmp_path / "t", platform_jwks_min_refetch=0) as tool, Browser() as browser:
        reg = register(browser, platform, tool)
        link = create_link(platform, reg.client_id)
        form = start_launch(browser, platform, link["id"], "sanne")
        assert browser.submit_form(form).status_code == 303  # JWKS fetched and cached
        cached_kid = jwt.get_unverified_header(parse_autosubmit_form(form.text)[1]["id_token"])["kid"]
        assert httpx.post(platform.url + "/_control/rotate-key").status_code == 200
        form = start_launch(browser, platform, link["id"], "sanne")
        new_kid = jwt.get_unverified_header(parse_autosubmit_form(form.text)[1]["id_token"])["kid"]
        assert new_kid != cached_kid
        assert browser.submit_form(form).status_code == 303  # unknown kid → refetched → accepted
