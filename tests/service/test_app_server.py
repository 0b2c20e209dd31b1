"""The service started as `make run` starts it (a real uvicorn process on loopback)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx
import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    home = tmp_path_factory.mktemp("aspan-home")
    proc = subprocess.Popen(
        [sys.executable, "-m", "aspan.cli.main", "serve", "--port", str(port)],
        env={"ASPAN_HOME": str(home), "PATH": "/usr/bin:/bin"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(base + "/api/v1/health", timeout=1.0)
            break
        except httpx.TransportError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stdout.read().decode()) from None
            time.sleep(0.2)
    else:
        proc.kill()
        raise RuntimeError("server did not start within 60 s")
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def test_health_reports_version(server):
    from aspan import __version__

    reply = httpx.get(server + "/api/v1/health")
    assert reply.status_code == 200
    assert reply.json() == {"status": "ok", "version": __version__}


def test_landing_page_and_schema(server):
    page = httpx.get(server + "/")
    assert page.status_code == 200
    assert "<title>Aspan</title>" in page.text
    schema = httpx.get(server + "/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Aspan"
    assert "/api/v1/health" in schema["paths"]


def test_unknown_route_is_404(server):
    assert httpx.get(server + "/api/v1/no-such-thing").status_code == 404
