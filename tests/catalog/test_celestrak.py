"""``update_from_celestrak`` against a loopback HTTP server replaying recorded answers."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

from aspan.catalog.celestrak import (
    USER_AGENT,
    GPCache,
    fetch_gp,
    gp_url,
    update_from_celestrak,
)
from aspan.catalog.store import Store
from aspan.errors import InputError, NetworkError, ParseError

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
ACTIVE = DATA / "celestrak-active-2025-10-03.tle"


def recorded_tle(n_objects: int = 5) -> bytes:
    """The first objects of the recorded CelesTrak 'active' answer, plus AL-FARABI 2."""
    lines = ACTIVE.read_bytes().split(b"\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(b"1 43805")) - 1
    return b"\n".join(lines[:3 * n_objects] + lines[start:start + 3]) + b"\n"


class Replay(http.server.BaseHTTPRequestHandler):
    """Answers every GET with ``server.answer`` = (status, body); logs the requests."""

    def do_GET(self):  # noqa: N802 - the http.server API
        self.server.requests.append((self.path, self.headers.get("User-Agent")))
        status, body = self.server.answer
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Replay)
    httpd.requests = []
    httpd.answer = (200, recorded_tle())
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02},
                              daemon=True)
    thread.start()
    httpd.url_base = f"http://127.0.0.1:{httpd.server_address[1]}/NORAD/elements/gp.php"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ASPAN_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_update_imports_and_caches(server, home):
    with Store() as store:
        result = update_from_celestrak(store, group="active", url_base=server.url_base)
        assert result.report.n_new == 6 and not result.fetched.from_cache
        assert server.requests == [("/NORAD/elements/gp.php?GROUP=active&FORMAT=tle", USER_AGENT)]
        assert store.history(43805).provenance[0].source == result.fetched.url
        # a second update within 2 hours uses the cache: no request, nothing new
        again = update_from_celestrak(store, group="active", url_base=server.url_base)
        assert again.fetched.from_cache and "next download allowed in" in again.fetched.note
        assert again.report.already_imported
        assert len(server.requests) == 1
        assert store.counts()["element_sets"] == 6
    assert list((home / "cache" / "celestrak").glob("*.data"))


def test_refetch_after_two_hours(server, home):
    cache = GPCache()
    url = gp_url("active", url_base=server.url_base)
    first = fetch_gp(url, cache=cache, now=1_000_000.0)
    cache.save(first)
    assert fetch_gp(url, cache=cache, now=1_000_000.0 + 7199).from_cache
    assert not fetch_gp(url, cache=cache, now=1_000_000.0 + 7200).from_cache
    assert len(server.requests) == 2


@pytest.mark.parametrize(("status", "message"), [
    (403, "refused .* with HTTP 403 Forbidden"),
    (404, "answered HTTP 404 Not Found"),
    (500, "answered HTTP 500 .*a server error"),
    (301, "redirect"),
])
def test_http_errors_leave_the_store_unchanged(server, home, status, message):
    with Store() as store:
        store.import_bytes(recorded_tle(20), source="earlier.tle")
        before = store.counts()
        server.answer = (status, b"nope")
        with pytest.raises(NetworkError, match=message):
            update_from_celestrak(store, url_base=server.url_base)
        assert store.counts() == before
    assert not list((home / "cache" / "celestrak").glob("*.data"))


def test_after_a_403_aspan_does_not_ask_again(server, home):
    server.answer = (403, b"Forbidden")
    with Store() as store:
        with pytest.raises(NetworkError, match="403"):
            update_from_celestrak(store, url_base=server.url_base)
        with pytest.raises(NetworkError, match="will not ask again"):
            update_from_celestrak(store, url_base=server.url_base)
    assert len(server.requests) == 1


@pytest.mark.parametrize("body", [
    b"<html><body>Service temporarily unavailable</body></html>",
    b"Invalid query: \"GROUP=nosuch\"\n",
    b"\x00\xff\xfe garbage \x80\x81",
])
def test_garbage_body_is_a_parse_error_and_is_not_cached(server, home, body):
    server.answer = (200, body)
    with Store() as store:
        with pytest.raises(ParseError, match="is not GP data"):
            update_from_celestrak(store, url_base=server.url_base)
        assert store.counts()["element_sets"] == 0
        server.answer = (200, recorded_tle())  # a later good answer is fetched and imported
        assert update_from_celestrak(store, url_base=server.url_base).report.n_new == 6


def test_not_updated_message_uses_the_cached_copy(server, home):
    cache = GPCache()
    url = gp_url("active", url_base=server.url_base)
    cache.save(fetch_gp(url, cache=cache, now=0.0))
    server.answer = (200, b"GP data has not updated since your last successful\n"
                          b"download of GROUP=active at 2025-10-03 08:11:36 UTC.\n")
    fetched = fetch_gp(url, cache=cache)
    assert fetched.from_cache and fetched.data == recorded_tle()
    other = gp_url("stations", url_base=server.url_base)
    with pytest.raises(NetworkError, match="no cached copy"):
        fetch_gp(other, cache=cache)


def test_unreachable_server_is_a_network_error(home):
    with Store() as store, pytest.raises(NetworkError, match="cannot reach"):
        update_from_celestrak(store, url_base="http://127.0.0.1:9/gp.php")


def test_group_names_are_checked():
    with pytest.raises(InputError, match="not a CelesTrak group name"):
        gp_url("active&FORMAT=json")
    assert gp_url("weather") == ("https://celestrak.org/NORAD/elements/gp.php"
                                 "?GROUP=weather&FORMAT=tle")
