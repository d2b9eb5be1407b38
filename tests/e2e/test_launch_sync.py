"""What a launch writes about the course and the exam link when it finds both already (issue 17: they are read
together in one statement and written only where the launch changed something), over real HTTP."""

from __future__ import annotations

from sqlalchemy import func, select

from lti_tool.db.models import Attempt, Context, Membership, ResourceLink
from tests.lti_client import create_link, launch, new_learner, register


def test_a_launch_into_a_known_course_and_link_writes_back_what_the_lms_says(tool, platform, browser):
    reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id, title="AI-diploma basis")
    launch(browser, platform, link["id"], new_learner(platform), start=False)
    with tool.svc.db.transaction() as db:  # the rows drift from what the LMS says (an edit, an older launch)
        course, placed = db.scalars(select(Context)).one(), db.scalars(select(ResourceLink)).one()
        said = (course.title, course.label, placed.title)
        course.title, course.label, placed.title = "stale course", "stale", "stale link"
    browser.cookies.clear()
    launch(browser, platform, link["id"], new_learner(platform), start=False)
    with tool.svc.db.session() as db:
        course, placed = db.scalars(select(Context)).one(), db.scalars(select(ResourceLink)).one()
        assert (course.title, course.label, placed.title) == said
        assert said[0] and said[2] == "AI-diploma basis"
        assert db.scalar(select(func.count()).select_from(Membership)) == 2  # both learners, in the one course


def test_a_new_learner_on_a_link_to_an_unknown_exam_is_told_what_to_do(tool, platform, browser):
    """A person the launch creates is not looked up for an open attempt, so an unknown exam is found out on the
    start page: a 404 that names the exam and says who can fix it, in the person's language, and nothing stored."""
    reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id, exam="no-such-exam")
    page = launch(browser, platform, link["id"], new_learner(platform), start=False)
    assert page.status_code == 404, page.text
    assert "no-such-exam" in page.text and ("L&amp;D" in page.text or "L&D" in page.text)
    with tool.svc.db.session() as db:
        assert db.scalar(select(func.count()).select_from(Attempt)) == 0
