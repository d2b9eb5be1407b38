"""Helpers for tests: run the demo LMS over real HTTP, parse its auto-submitting forms."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Self

from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from . import create_app


@dataclass
class RunningPlatform:
    """A demo LMS served on 127.0.0.1 in a background thread."""

    url: str
    app: Flask
    server: BaseWSGIServer
    thread: threading.Thread = field(repr=False)

    def stop(self) -> None:
        """Shut the server down and wait for its thread."""
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_platform(
    port: int = 0, control_api: bool = True, config: dict[str, Any] | None = None
) -> RunningPlatform:
    """Start a demo LMS on 127.0.0.1:``port`` (0 = a free port); ISSUER is its real URL."""
    app = create_app({"CONTROL_API": control_api, **(config or {})})
    server = make_server("127.0.0.1", port, app, threaded=True)
    url = f"http://127.0.0.1:{server.port}"
    if not (config or {}).get("ISSUER"):
        app.config["ISSUER"] = url
    thread = threading.Thread(target=server.serve_forever, name="demo-lms", daemon=True)
    thread.start()
    return RunningPlatform(url=url, app=app, server=server, thread=thread)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: dict[str, str] = {}
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag == "form" and self.action is None:
            self.action = attr.get("action", "")
            self._in_form = True
        elif tag == "input" and self._in_form and attr.get("name"):
            self.fields[attr["name"]] = attr.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False


def parse_autosubmit_form(html: str) -> tuple[str, dict[str, str]]:
    """The first form's action and its named input fields; ValueError when there is no form."""
    parser = _FormParser()
    parser.feed(html)
    if parser.action is None:
        raise ValueError("no <form> in the page")
    return parser.action, parser.fields
