"""The service started as `make run` starts it (a real uvicorn process on loopback), on a
fresh, empty store: health, the landing page, the schema, unknown routes."""

from __future__ import annotations

import httpx
import pytest
from conftest import Server


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("aspan-home") / "aspan.db").start()
    yield server
    server.stop()


def test_health_reports_version(empty_server):
    from aspan import __version__

    reply = httpx.get(empty_server.api + "/health")
    assert reply.status_code == 200
    assert reply.json() == {"status": "ok", "version": __version__}


def test_landing_page_and_schema(empty_server):
    page = httpx.get(empty_server.base + "/")
    assert page.status_code == 200
    assert "<title>Aspan</title>" in page.text
    schema = httpx.get(empty_server.api + "/openapi.json").json()
    assert schema["info"]["title"] == "Aspan"
    assert "/api/v1/health" in schema["paths"]


def test_unknown_route_is_404(empty_server):
    reply = httpx.get(empty_server.api + "/no-such-thing")
    assert reply.status_code == 404
    assert "openapi.json" in reply.json()["message"]
