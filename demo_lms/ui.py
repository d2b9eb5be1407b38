"""The demo LMS pages (Dutch and English)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue

from .context import issuer, store
from .i18n import department, pick_lang, translator
from .seed import COURSE_ID, INSTRUCTOR_KEY

bp = Blueprint("ui", __name__)


def _role_label(roles: list[str], lang: str) -> str:
    t = translator(lang)
    if any(r.endswith("#Administrator") for r in roles):
        return t["administrator"]
    if any(r.endswith("#Instructor") for r in roles):
        return t["instructor"]
    return t["learner"]


def _render(template: str, lang: str, **kwargs: Any) -> str:
    def lang_query(code: str) -> str:
        args = request.args.to_dict()
        args["lang"] = code
        return urlencode(args)

    return render_template(
        template,
        lang=lang,
        t=translator(lang),
        course_id=COURSE_ID,
        lang_query=lang_query,
        dept=lambda name: department(name, lang),
        role_label=lambda roles: _role_label(roles, lang),
        **kwargs,
    )


@bp.get("/")
def home() -> ResponseReturnValue:
    """Persona cards and the course list."""
    lang = pick_lang(request.args.get("lang"))
    st = store()
    with st.lock:
        courses = list(st.courses.values())
    return _render("home.html", lang, personas=list(st.personas.values()), courses=courses)


def render_course(
    context_id: str,
    lang: str,
    added: list[dict[str, Any]] | None = None,
    tool_message: str | None = None,
    breakout: bool = False,
) -> str:
    """The course page: resource links with launch buttons, "Add exam", roster."""
    lang = pick_lang(lang)
    st = store()
    with st.lock:
        course = st.courses.get(context_id)
        if not course:
            abort(404)
        links = [dict(link) for link in st.links.values() if link["context_id"] == context_id]
        lineitems = {k: dict(v) for k, v in st.lineitems.items()}
        tools = [dict(tool) for tool in st.tools.values()]
        members = [dict(m) for m in course["members"]]
    member_ids = {m["user_id"] for m in members}
    personas = [p for p in st.personas.values() if p["user_id"] in member_ids]
    return _render(
        "course.html", lang,
        course=course, links=links, lineitems=lineitems, tools=tools,
        tool_names={tool["client_id"]: tool.get("client_name") or tool["client_id"]
                    for tool in tools},
        members=members, personas=personas,
        selected_user=request.args.get("user", ""),
        instructor_key=INSTRUCTOR_KEY, added=added or [], tool_message=tool_message,
        breakout=breakout,
        self_url=f"{issuer()}/course/{context_id}?lang={lang}",
    )


@bp.get("/course/<context_id>")
def course(context_id: str) -> ResponseReturnValue:
    """A course page (also the launch_presentation return_url: shows lti_msg/lti_errormsg)."""
    msg = request.args.get("lti_msg") or request.args.get("lti_errormsg")
    return render_course(context_id, request.args.get("lang", "nl"), tool_message=msg)


@bp.get("/course/<context_id>/gradebook")
def gradebook(context_id: str) -> ResponseReturnValue:
    """Line items × learners with score, timestamp and progress."""
    lang = pick_lang(request.args.get("lang"))
    st = store()
    with st.lock:
        course = st.courses.get(context_id)
        if not course:
            abort(404)
        items = [dict(i) for i in st.lineitems.values() if i["context_id"] == context_id]
        results = {k: dict(v) for k, v in st.results.items()}
        learners = [
            dict(m) for m in course["members"]
            if any(r.endswith("#Learner") for r in m["roles"])
        ]
    return _render("gradebook.html", lang, course=course, items=items, results=results,
                   learners=learners)


@bp.get("/admin")
def admin() -> ResponseReturnValue:
    """Registered tools and the dynamic registration form."""
    lang = pick_lang(request.args.get("lang"))
    st = store()
    with st.lock:
        tools = [dict(tool) for tool in st.tools.values()]
    return _render("admin.html", lang, tools=tools,
                   default_url=current_app.config.get("TOOL_DYNREG_URL") or "")


@bp.get("/admin/register-tool")
def register_tool() -> ResponseReturnValue:
    """Start dynamic registration: the tool's page in an iframe, listening for the close message."""
    lang = pick_lang(request.args.get("lang"))
    url = request.args.get("url") or current_app.config.get("TOOL_DYNREG_URL")
    if not url or not url.startswith(("http://", "https://")):
        abort(400, "url (the tool's registration URL) is required")
    token = store().new_registration_token()
    query = urlencode({
        "openid_configuration": f"{issuer()}/.well-known/openid-configuration",
        "registration_token": token,
    })
    target = f"{url}{'&' if '?' in url else '?'}{query}"
    return _render("register_tool.html", lang, target=target)
