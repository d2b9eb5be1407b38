"""Rate limits that stop abuse, not employees.

Before anyone is known (OIDC login, launch, registration, public pages) the only key is the
client address, and a whole company may share one (NAT, proxy): those limits are sized so that
a 10,000-person organisation behind one address gets through its deadline day (README.md →
*Rate limits*). Once a person is known — a validated launch, a session page under ``/s/<sid>/`` —
the key is the person (platform, person), so one abusive account is throttled on its own while
its colleagues behind the same address are not.

Counters live in Redis when ``redis_url`` is set (one count for every worker and instance);
otherwise in this process's memory, where each worker counts on its own (fine for one process,
the demo and tests; in production set ``AIDIP_REDIS_URL``). A failing counter store hands the
counting to this process's memory for a few seconds (logged): a Redis hiccup must not lock
everyone out on deadline day, nor switch the limits off.

The strategy is a sliding window counter: no burst of twice the limit at a window's edge, and
only two counters per key.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from flask import Flask, current_app, request, session
from flask_babel import gettext as _
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import SlidingWindowCounterRateLimiter

from .errors import UserError
from .kv import REDIS_TIMEOUT
from .settings import Settings

#: endpoints that are never limited: probes, metrics (token-protected) and static files
EXEMPT = frozenset({"static", "web.healthz", "readyz", "prometheus"})
#: seconds to count in memory after the counter store failed, before trying it again
STORE_RETRY = 5
#: the steps of a launch, each counted on its own per address
LAUNCH = frozenset({"lti.login", "lti.login_check", "lti.launch"})
#: rare, costly public actions: registering a platform, checking a pasted credential
PUBLIC = frozenset({"lti.register", "lti.register_invited", "credentials.verify_token"})


class RateLimited(UserError):
    """Too many requests: a 429 page or JSON answer in the user's language, with Retry-After."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            _("Too many requests in a short time. Wait %(seconds)s seconds and try again.", seconds=retry_after),
            status=429, hint=_("What you saved before is kept. If you did not send many requests, tell the "
                               "service desk."))
        self.retry_after = retry_after


@dataclass(frozen=True)
class Rule:
    """Which limit applies to a request and whose counter it hits."""

    limits: str
    key: tuple[str, ...]


class RateLimits:
    """The app's limits: a counter store, a strategy and the settings' limit strings."""

    def __init__(self, settings: Settings) -> None:
        prefix = settings.rate_limit_prefix
        self.storage: Storage = (RedisStorage(settings.redis_url, key_prefix=prefix, socket_timeout=REDIS_TIMEOUT,
                                                    socket_connect_timeout=REDIS_TIMEOUT) if settings.redis_url
                                 else MemoryStorage())
        self.strategy = SlidingWindowCounterRateLimiter(self.storage)
        # while the shared counter store is away, this process counts on its own rather than not at all
        self.fallback = SlidingWindowCounterRateLimiter(MemoryStorage())
        self.store_down_until = 0.0  # after a failure, this process does not wait for Redis again for a while
        self.settings = settings
        self._parsed: dict[str, list[RateLimitItem]] = {}

    def items(self, limits: str) -> list[RateLimitItem]:
        if limits not in self._parsed:
            self._parsed[limits] = parse_many(limits)
        return self._parsed[limits]

    def hit(self, rule: Rule) -> None:
        """Count one request against ``rule``; raise ``RateLimited`` when over a limit. When the counter store
        (Redis) fails, this process's memory counts instead: a Redis outage on deadline day neither locks
        everyone out nor lets an abuser through unlimited."""
        if time.monotonic() < self.store_down_until:
            self._hit(self.fallback, rule)
            return
        try:
            self._hit(self.strategy, rule)
        except RateLimited:
            raise
        except Exception as exc:  # the counter store is down: count here
            current_app.logger.warning("rate limits counted in memory for %ss (%s)", STORE_RETRY,
                                       exc.__class__.__name__)
            self.store_down_until = time.monotonic() + STORE_RETRY
            self._hit(self.fallback, rule)

    def _hit(self, strategy: SlidingWindowCounterRateLimiter, rule: Rule) -> None:
        for item in self.items(rule.limits):
            if not strategy.hit(item, *rule.key):
                reset = strategy.get_window_stats(item, *rule.key).reset_time
                raise RateLimited(max(1, math.ceil(reset - time.time())))


def limits_of(app: Flask | None = None) -> RateLimits:
    return (app or current_app).extensions["aidiploma_limits"]  # type: ignore[no-any-return]


def address() -> str:
    """The client address (the proxy's ``X-Forwarded-For`` when ``proxy_fix`` is on)."""
    return request.remote_addr or "unknown"


def rule_for_request(settings: Settings) -> Rule | None:
    """The limit for this request: per address for the launch steps and the public actions, per
    person with a live session (``/s/<sid>/…`` or the session cookie), otherwise per address."""
    endpoint = request.endpoint or ""
    if endpoint in EXEMPT:
        return None
    if endpoint in LAUNCH:
        return Rule(settings.rate_limit_launch, ("address", endpoint, address()))
    if endpoint in PUBLIC:
        return Rule(settings.rate_limit_public, ("address", endpoint, address()))
    if session.get("person_id") and session.get("platform_id"):
        return Rule(settings.rate_limit_person, ("person", str(session["platform_id"]), str(session["person_id"])))
    return Rule(settings.rate_limit_pages, ("address", "pages", address()))


def check_request() -> None:
    """``before_request``: count this request and refuse it with a 429 when over its limit."""
    rule = rule_for_request(current_app.extensions["aidiploma"].settings)
    if rule is not None:
        limits_of().hit(rule)


def limit_person(platform_id: int, subject_or_person_id: str | int, scope: str = "launch") -> None:
    """Count one validated launch (``scope="launch"``, limit ``rate_limit_person_launch``) or
    another action of one person on one platform, and raise ``RateLimited`` (a 429 ``UserError``
    with Retry-After) when that person is over the limit. Colleagues behind the same address
    have their own counters. ``ToolMessageLaunch.validate`` already calls this for every
    validated launch (keyed by the token's ``sub``); call it elsewhere only for other scopes."""
    limits = limits_of()
    value = limits.settings.rate_limit_person_launch if scope == "launch" else limits.settings.rate_limit_person
    limits.hit(Rule(value, (scope, str(platform_id), str(subject_or_person_id))))


def init_app(app: Flask, settings: Settings) -> RateLimits:
    limits = RateLimits(settings)
    app.extensions["aidiploma_limits"] = limits
    for value in (settings.rate_limit_launch, settings.rate_limit_public, settings.rate_limit_pages,
                  settings.rate_limit_person, settings.rate_limit_person_launch):
        limits.items(value)  # a typo in a limit fails at start, not on a request
    if not settings.redis_url and not settings.testing:
        warned: list[bool] = []

        @app.before_request
        def warn_once() -> None:  # when serving, not for every command-line call
            if not warned:
                warned.append(True)
                app.logger.warning("rate-limit counters are kept per process (no AIDIP_REDIS_URL): with several "
                                   "workers each counts on its own")
    return limits
