"""Run with an early commit's code first on ``sys.path`` (see ``tests/e2e/test_upgrade_keeps_passes.py``):
one employee passes the basic exam through that version's own tool and LMS, on the given database. Prints
``PASSED <attempt id> <tool url>``."""

import sys
from pathlib import Path

from demo_lms.testing import start_platform
from tests.conftest import make_tool, serve
from tests.e2e.test_exam_flow import answer, correct_answers, only_attempt
from tests.lti_client import Browser, create_link, csrf_token, launch, register

database_url, instance = sys.argv[1], Path(sys.argv[2])
app, port = make_tool(database_url, None, instance)
thread, server = serve(app, port)
platform = start_platform(port=0, control_api=True)


class Tool:
    url = f"http://127.0.0.1:{port}"
    svc = app.extensions["aidiploma"]


try:
    with Browser() as browser:
        reg = register(browser, platform, Tool.url)
        link = create_link(platform, reg.client_id)
        page = launch(browser, platform, link["id"], "sanne")
        attempt = only_attempt(Tool)
        answers = correct_answers(Tool, attempt.id)
        for position in range(1, 21):
            page = browser.follow(answer(browser, page, position, answers[position]))
        submit_url = f"{Tool.url}{page.url.path.rsplit('/review', 1)[0]}/submit"
        result = browser.follow(browser.post(submit_url, data={"csrf_token": csrf_token(page.text)}))
        assert result.status_code == 200, result.text
    print("PASSED", attempt.id, Tool.url)
finally:
    server.shutdown()
    platform.stop()
    Tool.svc.db.dispose()
