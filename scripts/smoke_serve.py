"""Smoke test of the production server (`make serve`), run by CI after the tests.

Starts `make serve` on a scratch PostgreSQL database made next to the one of DATABASE_URL (or CI's), a scratch data
directory and a free port; fetches the log-in page (200, with the security headers), the static file it links
(200, cached for a year), and the API schema /api/v1/openapi.json when the application has that URL; then stops the
server as Ctrl+C would and checks that every process of it ended. Exit status 0 when all of that holds.

    .venv/bin/python scripts/smoke_serve.py [DATABASE_URL]
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/test"
START_TIMEOUT = 180  # seconds: migrating an empty PostgreSQL database, collecting the static files, starting gunicorn
YEAR = 365 * 24 * 3600
MAKE = shutil.which("make") or "/usr/bin/make"


class SmokeFailure(Exception):
    pass


def scratch_database(url: str) -> tuple[str, Any]:
    """A fresh database named after the given one (``<name>_smoke``), and a function that drops it."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise SmokeFailure(f"the smoke test runs on PostgreSQL, not {parts.scheme!r}")
    name = (parts.path.lstrip("/") or "postgres") + "_smoke"
    admin = psycopg.connect(url, autocommit=True)

    def drop() -> None:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    drop()
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def cleanup() -> None:
        drop()
        admin.close()

    return urlunsplit(parts._replace(path="/" + name)), cleanup


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (the local server)
            return answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def wait_for(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SmokeFailure(f"the server stopped before answering (exit {server.returncode})")
        try:
            fetch(url)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            time.sleep(1)
    raise SmokeFailure(f"no answer from {url} within {START_TIMEOUT} s")


def has_api_schema(env: dict[str, str]) -> bool:
    """Whether the application routes /api/v1/openapi.json (the API may not be there yet in every checkout)."""
    probe = (
        "from django.urls import resolve, Resolver404\n"
        "try:\n    resolve('/api/v1/openapi.json')\nexcept Resolver404:\n    print('no')\nelse:\n    print('yes')\n"
    )
    out = subprocess.run(
        [str(ROOT / ".venv/bin/parindex"), "shell", "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip().endswith("yes")


def check(server_url: str, env: dict[str, str]) -> list[str]:
    done = []
    status, headers, body = fetch(server_url + "/login/")
    if status != 200:
        raise SmokeFailure(f"GET /login/ answered {status}")
    csp = headers.get("content-security-policy", "")
    if "default-src 'self'" not in csp or "unsafe-inline" in csp:
        raise SmokeFailure(f"GET /login/ has no strict Content-Security-Policy: {csp!r}")
    done.append(f"GET /login/ 200, CSP {csp[:40]}…")
    found = re.search(rb'href="(/static/parindex/css/app\.[0-9a-f]{12}\.css)"', body)
    if not found:
        raise SmokeFailure("the log-in page links no hashed style sheet (collectstatic and the manifest storage)")
    static = found.group(1).decode()
    status, headers, _ = fetch(server_url + static)
    cache = headers.get("cache-control", "")
    age = re.search(r"max-age=(\d+)", cache)
    if status != 200 or not age or int(age.group(1)) < YEAR:
        raise SmokeFailure(f"GET {static} answered {status} with Cache-Control {cache!r} (a year's cache expected)")
    done.append(f"GET {static} 200, Cache-Control {cache}")
    if has_api_schema(env):
        status, headers, body = fetch(server_url + "/api/v1/openapi.json")
        if status != 200 or not str(json.loads(body).get("openapi", "")).startswith("3"):
            raise SmokeFailure(f"GET /api/v1/openapi.json answered {status}, not an OpenAPI 3 schema")
        done.append("GET /api/v1/openapi.json 200, OpenAPI " + json.loads(body)["openapi"])
    else:
        done.append("GET /api/v1/openapi.json skipped: the application has no such URL yet")
    return done


def stop(server: subprocess.Popen[bytes]) -> None:
    """Ctrl+C, as a person at the terminal would: the signal goes to every process of the server."""
    os.killpg(server.pid, signal.SIGINT)
    try:
        server.wait(timeout=40)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        raise SmokeFailure("the server did not stop within 40 s of Ctrl+C") from None
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(server.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.5)
    os.killpg(server.pid, signal.SIGKILL)
    raise SmokeFailure("a process of the server was still running 10 s after it stopped")


def main() -> int:
    url = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("DATABASE_URL", DEFAULT_URL)
    database, drop = scratch_database(url)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="parindex-smoke-") as data:
        env = {
            **os.environ,
            "DATABASE_URL": database,
            "PARINDEX_DATA_DIR": data,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "WEB_WORKERS": "2",
            "STATIC_MANIFEST": "1",
        }
        log = Path(data) / "server.log"
        with log.open("wb") as out:
            server = subprocess.Popen(
                [MAKE, "--no-print-directory", "serve", "HOST=127.0.0.1", f"PORT={port}"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                wait_for(f"http://127.0.0.1:{port}/login/", server)
                done = check(f"http://127.0.0.1:{port}", env)
                stop(server)
            except BaseException as failure:
                if server.poll() is None:
                    os.killpg(server.pid, signal.SIGKILL)
                print(log.read_text(errors="replace")[-4000:], file=sys.stderr)
                print(f"smoke test failed: {failure}", file=sys.stderr)
                drop()
                return 1
    drop()
    for line in done:
        print(line)
    print("make serve: started, answered and stopped cleanly")
    return 0


if __name__ == "__main__":
    sys.exit(main())
