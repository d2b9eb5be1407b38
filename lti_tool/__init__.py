"""The internal AI diploma: an LTI 1.3 Advantage tool (Flask application factory)."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_babel import Babel, format_date, format_datetime, format_decimal, format_percent, get_locale
from flask_wtf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from assessments.attempts import AttemptStatus

from . import observability, principal, rate_limits
from .commands import register_cli
from .delivery.times import clock, moment
from .errors import register_error_handlers
from .html import safe_html
from .kept_input import kept_input
from .labels import register_labels
from .lti.launch_validation import refuse_oversized_id_token
from .outbox import send_scores, send_statements
from .permissions import Permission, has
from .problems import register_problem_filters
from .request import select_locale, sid_url_defaults  # (no flask `request` in this namespace: the submodule shadows it)
from .services import Services
from .sessions import KeyValueSessionInterface, raise_if_unavailable
from .settings import load_settings

csrf = CSRFProtect()
babel = Babel()


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    settings = load_settings(test_config)
    app = Flask(__name__, instance_path=settings.instance_path)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        TESTING=settings.testing,
        WTF_CSRF_TIME_LIMIT=None,  # bound to the launch session, which expires itself
        WTF_CSRF_SSL_STRICT=False,  # LMS iframes send cross-site referrers
        BABEL_DEFAULT_LOCALE=settings.default_locale,
        BABEL_DEFAULT_TIMEZONE=settings.timezone,  # the pages' format_datetime; stored times are UTC
        BABEL_TRANSLATION_DIRECTORIES="translations",
        MAX_CONTENT_LENGTH=10 * 1024 * 1024,
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_SAMESITE="None",
        SESSION_COOKIE_PARTITIONED=True,
    )
    svc = Services.create(settings, app)
    app.extensions["aidiploma"] = svc
    app.session_interface = KeyValueSessionInterface(svc.store, settings.session_ttl)
    app.before_request(raise_if_unavailable)  # before the CSRF check reads the session
    rate_limits.init_app(app, settings)
    app.before_request(rate_limits.check_request)  # per address, or per person on session pages
    app.before_request(refuse_oversized_id_token)  # before the launch view reads the form's id_token
    csrf.init_app(app)
    app.before_request(principal.load)  # roles from the grants, on every request
    babel.init_app(app, locale_selector=select_locale)
    register_error_handlers(app)
    _register_blueprints(app)
    app.url_defaults(sid_url_defaults)
    _register_template_helpers(app)
    observability.init_app(app, svc)
    if settings.proxy_fix:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    register_cli(app)
    if settings.sender_interval > 0 and not settings.testing:
        start_background_sender(app, svc)
    return app


def _register_blueprints(app: Flask) -> None:
    """Every feature's blueprint (imported here, so that importing one module of the package stays light)."""
    from .admin.views import bp as admin_bp
    from .authoring import path_views, transfer  # noqa: F401 - register the import/export and learning path routes
    from .authoring.views import bp as authoring_bp
    from .credentials.views import holder as certificates_bp
    from .credentials.views import public as credentials_bp
    from .credentials.views import verify_token
    from .delivery.views import bp as delivery_bp
    from .governance import (  # noqa: F401 - register the rollout and policy form routes on the governance blueprint
        plan_views,
        policy_views,
    )
    from .governance.views import bp as governance_bp
    from .lti.views import bp as lti_bp
    from .quality.views import bp as quality_bp
    from .reports import (  # noqa: F401 - register their routes on the reports blueprint
        board_views,
        diploma_views,
        dossier,
        exports,
        matrix_views,
        monitoring_views,
    )
    from .reports.views import bp as reports_bp
    from .reports.views import own as own_bp
    from .staff import grade_sync  # noqa: F401 - registers the grade sync routes on the staff blueprint
    from .staff.views import bp as staff_bp
    from .standards.views import bp as standards_bp
    from .web import bp as web_bp
    from .xapi_profile import bp as xapi_profile_bp

    csrf.exempt(lti_bp)  # platform form posts: protected by OIDC state, nonce and signature
    csrf.exempt(verify_token)  # a public, read-only check of a pasted credential
    for blueprint in (lti_bp, delivery_bp, staff_bp, admin_bp, authoring_bp, reports_bp, own_bp, certificates_bp,
                      credentials_bp, governance_bp, standards_bp, web_bp, xapi_profile_bp, quality_bp):
        app.register_blueprint(blueprint)


def _register_template_helpers(app: Flask) -> None:
    app.add_template_filter(safe_html, "safe_html")
    register_labels(app)
    register_problem_filters(app)
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["format_decimal"] = format_decimal
    app.jinja_env.globals["format_datetime"] = format_datetime
    app.jinja_env.globals["moment"] = moment  # a day and time a person acts on, with its time zone
    app.jinja_env.globals["clock"] = clock  # a time in a staff table, with its time zone
    app.jinja_env.globals["format_date"] = format_date
    app.jinja_env.globals["format_percent"] = format_percent
    app.jinja_env.globals["can"] = lambda name: has(Permission(name))
    app.jinja_env.globals["kept_input"] = kept_input  # a refused form's values, on the way back to it
    app.jinja_env.globals["AttemptStatus"] = AttemptStatus


def start_background_sender(app: Flask, svc: Services) -> threading.Thread:
    """Deliver statements and scores every ``sender_interval`` seconds in this process."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(svc.settings.sender_interval):
            try:
                send_statements(svc.db, svc.settings)
                send_scores(svc.db, svc.settings)
            except Exception:
                app.logger.exception("background sender failed; retrying next round")

    def in_app_context() -> None:  # like `flask worker`: the whole loop runs in one app context
        with app.app_context():
            loop()

    thread = threading.Thread(target=in_app_context, name="outbox-sender", daemon=True)
    thread.start()
    app.extensions["aidiploma_sender_stop"] = stop
    return thread
