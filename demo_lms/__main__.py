"""``python -m demo_lms --host 127.0.0.1 --port 5100 [--control-api] [--data-file F] [--tool-url T]``."""

from __future__ import annotations

import argparse

from . import create_app


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and serve the demo LMS (threaded werkzeug server)."""
    parser = argparse.ArgumentParser(prog="python -m demo_lms", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5100)
    parser.add_argument("--issuer", help="public base URL (default http://HOST:PORT)")
    parser.add_argument("--control-api", action="store_true", help="enable /_control/*")
    parser.add_argument("--data-file", help="JSON file to persist state between restarts")
    parser.add_argument("--tool-url", help="the tool's dynamic registration URL (admin page)")
    args = parser.parse_args(argv)
    app = create_app({
        "ISSUER": args.issuer or f"http://{args.host}:{args.port}",
        "CONTROL_API": args.control_api,
        "DATA_FILE": args.data_file,
        "TOOL_DYNREG_URL": args.tool_url,
    })
    app.run(host=args.host, port=args.port, threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()
