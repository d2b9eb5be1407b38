"""The benchmarks play the LMS themselves, the way a platform does it: an RSA key of their own,
the public JWKS, an OAuth2 token endpoint and an AGS score endpoint served on 127.0.0.1, and
id_tokens signed (RS256, with ``kid``) for the nonce and state the tool issued at login.

The platform's own authorization step (checking the login hint, building the id_token) runs in
the load generator's process instead of over HTTP: it is the same work for the tool and for its
baseline, and it keeps the load generator light. Only the tool's two endpoints — the OIDC
login and the launch — are requests.
"""

from __future__ import annotations

import http.server
import json
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from rawhttp import Client, Response

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
COURSE = "ai-diploma-2026"


class LaunchFailed(AssertionError):
    """A login or launch that did not answer as a valid launch must."""


@dataclass(frozen=True)
class Employee:
    """One person at the platform (the id_token's subject and custom parameters)."""

    sub: str
    name: str
    roles: tuple[str, ...] = (LEARNER,)
    department: str = "Finance"
    location: str = "Utrecht"
    locale: str = "en"


class Platform:
    """A platform's keys and back-channel endpoints, served on 127.0.0.1 in a thread."""

    def __init__(self, client_id: str = "bench-tool", deployment_id: str = "bench-deployment") -> None:
        self.client_id = client_id
        self.deployment_id = deployment_id
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = uuid.uuid4().hex
        public = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        self.jwks = {"keys": [{**public, "kid": self.kid, "alg": "RS256", "use": "sig"}]}
        #: score posts received per user id, and token requests
        self.scores: Counter[str] = Counter()
        self.score_bodies: list[dict[str, Any]] = []
        self.token_requests = 0
        self._lock = threading.Lock()
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.issuer = self.url
        self._thread = threading.Thread(target=self._server.serve_forever, name="platform", daemon=True)

    # --- registration data -------------------------------------------------------------------
    @property
    def auth_login_url(self) -> str:
        return self.url + "/auth"

    @property
    def token_url(self) -> str:
        return self.url + "/token"

    @property
    def jwks_url(self) -> str:
        return self.url + "/jwks"

    def lineitem_url(self, link_id: str) -> str:
        return f"{self.url}/{COURSE}/lineitems/{link_id}/lineitem"

    # --- the platform's authorization step ---------------------------------------------------
    def id_token(self, person: Employee, *, nonce: str, target_link_uri: str, link_id: str,
                 exam: str = "basic") -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer, "aud": self.client_id, "azp": self.client_id, "sub": person.sub,
            "iat": now, "exp": now + 300, "nonce": nonce, "name": person.name,
            "given_name": person.name.split()[0], "family_name": person.name.split()[-1],
            "email": f"{person.sub}@example.com", "locale": person.locale,
            LTI + "message_type": "LtiResourceLinkRequest", LTI + "version": "1.3.0",
            LTI + "deployment_id": self.deployment_id, LTI + "target_link_uri": target_link_uri,
            LTI + "resource_link": {"id": link_id, "title": "AI-diploma basic"},
            LTI + "roles": list(person.roles),
            LTI + "context": {"id": COURSE, "label": "AI", "title": "AI-diploma",
                              "type": ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"]},
            LTI + "custom": {"exam": exam, "department": person.department, "location": person.location,
                             "function_group": "office", "employee_number": person.sub},
            LTI + "launch_presentation": {"locale": person.locale, "document_target": "iframe"},
            LTI + "tool_platform": {"guid": "bench-platform", "name": "Benchmark LMS"},
            AGS: {"scope": ["https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
                            "https://purl.imsglobal.org/spec/lti-ags/scope/score"],
                  "lineitems": f"{self.url}/{COURSE}/lineitems", "lineitem": self.lineitem_url(link_id)},
        }
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})

    # --- the back channel --------------------------------------------------------------------
    def _handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self, status: int, body: dict[str, Any] | None = None) -> None:
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path == "/jwks":
                    self._answer(200, outer.jwks)
                else:
                    self._answer(404, {"error": "not found"})

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path == "/token":
                    form = parse_qs(body.decode())
                    if form.get("grant_type") != ["client_credentials"] or not form.get("client_assertion"):
                        self._answer(400, {"error": "invalid_request"})
                        return
                    with outer._lock:
                        outer.token_requests += 1
                    self._answer(200, {"access_token": uuid.uuid4().hex, "token_type": "Bearer",
                                       "expires_in": 3600, "scope": form.get("scope", [""])[0]})
                elif self.path.endswith("/lineitem/scores"):
                    if not self.headers.get("Authorization", "").startswith("Bearer "):
                        self._answer(401, {"error": "no token"})
                        return
                    score = json.loads(body)
                    with outer._lock:
                        outer.scores[score["userId"]] += 1
                        outer.score_bodies.append(score)
                    self._answer(200, {})
                else:
                    self._answer(404, {"error": "not found"})

            def log_message(self, *args: object) -> None:
                pass

        return Handler

    def start(self) -> Platform:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _cookies(response: Response) -> dict[str, str]:
    """name → value of every Set-Cookie (a browser treats http://127.0.0.1 as a secure context)."""
    jar = {}
    for header in response.headers.get_list("set-cookie"):
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


@dataclass
class LaunchTimer:
    """Per-endpoint latencies (seconds) collected by the load generators."""

    samples: dict[str, list[float]] = field(default_factory=dict)

    def add(self, endpoint: str, seconds: float) -> None:
        self.samples.setdefault(endpoint, []).append(seconds)


async def forged_launch_status(client: Client, tool_url: str, platform: Platform, person: Employee,
                               link_id: str) -> int:
    """A login followed by an id_token signed with another key under the platform's ``kid``: the
    tool's answer (a tool that really checks signatures refuses it)."""
    target = tool_url + "/lti/launch"
    login = await client.get(tool_url + "/lti/login", params={
        "iss": platform.issuer, "login_hint": person.sub, "target_link_uri": target,
        "client_id": platform.client_id, "lti_deployment_id": platform.deployment_id})
    query = {k: v[0] for k, v in parse_qs(urlsplit(login.headers["location"]).query).items()}
    genuine = platform.id_token(person, nonce=query["nonce"], target_link_uri=target, link_id=link_id)
    claims = jwt.decode(genuine, options={"verify_signature": False})
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(claims, other, algorithm="RS256", headers={"kid": platform.kid})
    cookie = "; ".join(f"{k}={v}" for k, v in _cookies(login).items())
    answer = await client.post(target, data={"id_token": forged, "state": query["state"]}, headers={"Cookie": cookie})
    return answer.status_code


async def login_and_launch(client: Client, tool_url: str, platform: Platform, person: Employee,
                           link_id: str, expect_launch: int = 303,
                           timer: LaunchTimer | None = None,
                           check: Callable[[Response], bool] | None = None) -> Response:
    """A browser's OIDC login at the tool, the platform's authorization answer, and the form
    post of the id_token back to the tool; returns the tool's answer to the launch."""
    target = tool_url + "/lti/launch"
    started = time.perf_counter()
    login = await client.get(tool_url + "/lti/login", params={
        "iss": platform.issuer, "login_hint": person.sub, "target_link_uri": target,
        "client_id": platform.client_id, "lti_deployment_id": platform.deployment_id,
        "lti_message_hint": link_id})
    if timer:
        timer.add("GET /lti/login", time.perf_counter() - started)
    if login.status_code != 302:
        raise LaunchFailed(f"login answered {login.status_code}: {login.text[:500]}")
    location = login.headers["location"]
    query = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    if not location.startswith(platform.auth_login_url) or query.get("client_id") != platform.client_id \
            or query.get("redirect_uri") != target or query.get("login_hint") != person.sub:
        raise LaunchFailed(f"login redirected to an unexpected authorization request: {location}")
    token = platform.id_token(person, nonce=query["nonce"], target_link_uri=target, link_id=link_id)
    cookie = "; ".join(f"{k}={v}" for k, v in _cookies(login).items())
    started = time.perf_counter()
    launched = await client.post(target, data={"id_token": token, "state": query["state"]},
                                 headers={"Cookie": cookie})
    if timer:
        timer.add("POST /lti/launch", time.perf_counter() - started)
    if launched.status_code != expect_launch or (check is not None and not check(launched)):
        raise LaunchFailed(f"launch answered {launched.status_code}: {launched.text[:500]}")
    return launched
