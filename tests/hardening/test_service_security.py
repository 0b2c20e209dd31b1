"""Service security over a real uvicorn server on loopback (issue 10), beyond what
tests/service checks one route at a time:

- the token on every writing route, taken from the OpenAPI schema itself (a new POST, PUT,
  PATCH or DELETE route is checked the day it is added): no token 401, a wrong one 403;
- oversize bodies refused early: 413 from the request head alone (the body never sent), and a
  chunked body cut off once it passes the limit, while the client still has more to send;
- no path traversal: ``../``, absolute paths and their URL-encoded forms in every string
  parameter of every route and in ``/ui/`` paths, sent byte for byte (no client-side
  normalisation); no answer carries a file from outside the dashboard's folder;
- CORS off: no ``Access-Control-Allow-*`` header on a cross-origin request or preflight.

Requests go over a raw socket where the exact bytes matter (paths, bodies never sent).
"""

from __future__ import annotations

import json
import socket
from importlib.resources import files
from urllib.parse import quote

import httpx
import pytest

from service.conftest import TOKEN, Server, auth

WRITING = {"post", "put", "patch", "delete"}
JOB_ID = "0" * 32


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    folder = tmp_path_factory.mktemp("security")
    server = Server(folder / "aspan.db").start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def schema(srv) -> dict:
    return httpx.get(srv.api + "/openapi.json").json()


def operations(schema: dict, methods: set[str]):
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            if method in methods:
                yield method.upper(), path, op


def raw(srv, head: str, body: bytes = b"", *, read_s: float = 30.0) -> tuple[int, dict, bytes]:
    """Send ``head`` (request line and headers, no blank line) and ``body`` as they are;
    return the status, headers (lower-case names) and body of the answer."""
    with socket.create_connection(("127.0.0.1", srv.port), timeout=read_s) as sock:
        sock.sendall(head.encode("latin-1") + b"\r\nConnection: close\r\n\r\n" + body)
        data = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            data += chunk
    top, _, content = data.partition(b"\r\n\r\n")
    lines = top.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
    return int(lines[0].split()[1]), headers, content


# -- the token on every writing route -------------------------------------------------------

def test_every_writing_route_needs_the_token(srv, schema):
    writing = list(operations(schema, WRITING))
    assert {(m, p) for m, p, _ in writing} >= {
        ("POST", "/api/v1/catalog/import"), ("POST", "/api/v1/catalog/update"),
        ("POST", "/api/v1/jobs/conjunctions"), ("POST", "/api/v1/jobs/passes"),
        ("POST", "/api/v1/jobs/{job_id}/cancel")}
    cases = [({}, {401}), ({"Authorization": "Bearer"}, {401, 403}),
             ({"Authorization": ""}, {401}), (auth("nope"), {403}), (auth(TOKEN + "x"), {403}),
             (auth(TOKEN[:-1]), {403}), (auth(TOKEN.upper()), {403}),
             ({"Authorization": f"Basic {TOKEN}"}, {403}), ({"Authorization": TOKEN}, {403}),
             ({"X-Api-Token": TOKEN}, {401}), ({"Cookie": f"token={TOKEN}"}, {401})]
    for method, path, _ in writing:
        url = srv.base + path.replace("{job_id}", JOB_ID)
        for headers, status in cases:
            # a valid-looking JSON body and the token in the query: neither opens the door
            reply = httpx.request(method, url, headers=headers, json={},
                                  params={"token": TOKEN, "api_token": TOKEN})
            assert reply.status_code in status, (method, path, headers, reply.text)
            body = reply.json()
            assert body["error"] == "AuthError" and body["message"], body
    # and with the token the same requests get past the check (4xx of their own, or 2xx)
    for method, path, _ in writing:
        reply = httpx.request(method, srv.base + path.replace("{job_id}", JOB_ID),
                              headers=auth(), json={}, timeout=60)
        assert reply.status_code not in (401, 403), (method, path, reply.text)
        assert reply.status_code < 500 or path.endswith("/update"), (path, reply.text)


def test_reading_routes_are_get_only(schema):
    """Everything that is not a GET is guarded: the schema holds no other method."""
    methods = {m for ops in schema["paths"].values() for m in ops}
    assert methods <= {"get"} | WRITING


# -- oversize bodies ------------------------------------------------------------------------

def test_oversize_bodies_refused_from_the_head(srv, schema):
    """A Content-Length above the limit answers 413 before a byte of the body is sent: the
    server does not wait for it (the socket read would time out if it did)."""
    limits = httpx.get(srv.api + "/limits").json()
    for method, path, _ in operations(schema, WRITING):
        limit = limits["max_upload_bytes"] if path.endswith("/import") \
            else limits["max_body_bytes"]
        target = path.replace("{job_id}", JOB_ID)
        for token in (True, False):
            head = (f"{method} {target} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                    f"\r\nContent-Length: {limit + 1}"
                    + (f"\r\nAuthorization: Bearer {TOKEN}" if token else ""))
            status, _, body = raw(srv, head, read_s=10.0)
            assert status == 413, (path, body)
            assert json.loads(body)["error"] == "TooLarge"
    for bad in ("-1", "1e9", "99999999999999999999999", "0x10"):
        head = (f"POST /api/v1/jobs/passes HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                f"{TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {bad}")
        status, _, _ = raw(srv, head, read_s=10.0)
        assert 400 <= status < 500, bad


def test_chunked_body_cut_off_at_the_limit(srv):
    """Without a length the body is counted as it streams: 413 once past the limit, while
    the client still has most of it to send."""
    limit = httpx.get(srv.api + "/limits").json()["max_body_bytes"]
    chunk = b" " * 8192
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as sock:
        sock.sendall(f"POST /api/v1/jobs/passes HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                     f"{TOKEN}\r\nContent-Type: application/json\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n".encode())
        sent = 0
        while sent <= limit + len(chunk):
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent += len(chunk)
        # ten times the limit still unsent; the answer is already there
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < 2 * limit


# -- path traversal -------------------------------------------------------------------------

TRAVERSALS = ("../../../../../../etc/passwd", "/etc/passwd", "..%2F..%2F..%2Fetc%2Fpasswd",
              "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%252f..%252fetc%252fpasswd",
              "%2Fetc%2Fpasswd", "....//....//....//etc/passwd", "..\\..\\..\\etc\\passwd",
              "..%5c..%5c..%5cetc%5cpasswd", "/proc/self/environ", "../../../proc/self/environ",
              "%2e%2e/%2e%2e/%2e%2e/proc/self/environ", "..;/..;/etc/passwd",
              "file:///etc/passwd", "../app.py", "..%2fapp.py", "%2e%2e%2fsettings.py",
              "static/../../app.py", "./../app.py", "%00../../etc/passwd", "..%c0%af..%c0%afetc")


def _leaks(body: bytes, secret: bytes) -> list[str]:
    found = []
    for marker, what in ((b"root:x:0:0", "/etc/passwd"), (b"ASPAN_API_TOKEN=", "environ"),
                         (TOKEN.encode(), "the token"), (secret, "a file outside static/"),
                         (b"def create_app", "app.py"), (b"class Settings", "settings.py")):
        if marker in body:
            found.append(what)
    return found


def test_no_file_outside_the_dashboard_folder_is_served(srv, tmp_path):
    secret = b"aspan-secret-" + tmp_path.name.encode()
    outside = tmp_path / "secret.txt"
    outside.write_bytes(secret)
    static = {p.read_bytes() for p in _static_files()}
    probes = [*TRAVERSALS, str(outside), quote(str(outside), safe=""),
              "../" * 12 + str(outside).lstrip("/")]
    for probe in probes:
        for prefix in ("/ui/", "/ui/catalog/", "/ui//", "/"):
            status, _, body = raw(srv, f"GET {prefix}{probe} HTTP/1.1\r\nHost: x")
            assert status < 500 and not _leaks(body, secret), (prefix + probe, status)
            assert status == 404 or body in static, (prefix + probe, status, body[:100])


def _static_files():
    out = []

    def walk(folder):
        for entry in folder.iterdir():
            if entry.is_dir():
                walk(entry)
            else:
                out.append(entry)

    walk(files("aspan.service") / "static")
    return out


FILL = {"site": "baikonur", "station": "almaty-kaznu", "start": "2025-10-03T06:00:00Z",
        "stop": "2025-10-03T08:00:00Z", "tca_utc": "2025-10-03T06:00:00Z",
        "date": "2025-10-03", "telescope": "lunar-1m", "target": "M31"}


def test_traversal_in_every_string_parameter(srv, schema, tmp_path):
    """Each string parameter of each route (path and query) in turn holds each probe; the
    others hold plausible values. Nothing leaks, nothing answers 5xx."""
    secret = b"aspan-secret-" + tmp_path.name.encode()
    outside = tmp_path / "secret.txt"
    outside.write_bytes(secret)
    probes = [*TRAVERSALS[:14], str(outside), quote(str(outside), safe="")]
    tried = 0
    for method, path, op in operations(schema, {"get", "post"}):
        params = op.get("parameters", [])
        strings = [p for p in params if _is_string(p)]
        for target in strings:
            for probe in probes:
                query, route = [], path
                for p in params:
                    value = probe if p is target else FILL.get(p["name"], "1")
                    if p["in"] == "path":
                        # the probe goes in raw: %2F stays %2F, ../ stays ../
                        route = route.replace("{" + p["name"] + "}", value if p is target
                                              else JOB_ID if p["name"] == "job_id" else "1")
                    elif p.get("required") or p is target:
                        query.append(f"{p['name']}={quote(value, safe='%/')}")
                target_line = route + ("?" + "&".join(query) if query else "")
                head = f"{method} {target_line} HTTP/1.1\r\nHost: x\r\nContent-Length: 0"
                if method == "POST":
                    head += f"\r\nAuthorization: Bearer {TOKEN}"
                status, _, body = raw(srv, head)
                tried += 1
                assert status < 500 or path.endswith("/update"), (target_line, status, body)
                assert not _leaks(body, secret), (target_line, body[:300])
    assert tried > 300


def test_traversal_in_every_string_field_of_every_body(srv, schema, tmp_path):
    """The same probes in each string field of each JSON body (job submissions)."""
    secret = b"aspan-secret-" + tmp_path.name.encode()
    outside = tmp_path / "secret.txt"
    outside.write_bytes(secret)
    tried = 0
    for _method, path, op in operations(schema, WRITING):
        content = op.get("requestBody", {}).get("content", {}).get("application/json")
        if content is None:
            continue
        ref = content["schema"]["$ref"].rsplit("/", 1)[-1]
        model = schema["components"]["schemas"][ref]
        fields = model["properties"]
        for name, field in fields.items():
            if not _is_string(field):
                continue
            for probe in (*TRAVERSALS[:10], str(outside)):
                body = {k: _plain(k, fields[k]) for k in model.get("required", [])}
                body[name] = [probe] if _is_array(field) else probe
                reply = httpx.post(srv.base + path, json=body, headers=auth(), timeout=60)
                tried += 1
                assert reply.status_code < 500, (path, body, reply.text)
                assert not _leaks(reply.content, secret), (path, body, reply.text[:300])
    assert tried > 100


def _plain(name: str, field: dict):
    value = FILL.get(name, "1")
    return [value] if _is_array(field) else value


def _is_array(field: dict) -> bool:
    return field.get("type") == "array" or any(
        s.get("type") == "array" for s in field.get("anyOf", []))


def _is_string(param: dict) -> bool:
    schema = param.get("schema", param)
    kinds = [schema.get("type")] + [s.get("type") for s in schema.get("anyOf", [])]
    kinds += [s.get("items", {}).get("type") for s in [schema, *schema.get("anyOf", [])]]
    return "string" in kinds or "string" in [param.get("type")]


# -- CORS -----------------------------------------------------------------------------------

def test_cors_is_off(srv, schema):
    """No route answers a cross-origin request or preflight with Access-Control-Allow-*:
    browsers on other origins can neither read nor write."""
    origin = {"Origin": "https://evil.example"}
    for method, path, _ in operations(schema, {"get"} | WRITING):
        url = srv.base + path.replace("{job_id}", JOB_ID).replace("{site}", "baikonur") \
            .replace("{norad}", "25544")
        preflight = httpx.options(url, headers={
            **origin, "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "authorization, content-type"})
        assert not [h for h in preflight.headers if h.startswith("access-control-")], path
        assert preflight.status_code in (404, 405), (path, preflight.status_code)
        if method != "GET":
            reply = httpx.request(method, url, headers={**origin, **auth("nope")})
            assert reply.status_code == 403
            assert not [h for h in reply.headers if h.startswith("access-control-")], path
    for path in ("/api/v1/health", "/api/v1/openapi.json", "/", "/ui/common.js"):
        reply = httpx.get(srv.base + path, headers={**origin, "Cookie": "a=b"})
        assert reply.status_code == 200
        assert not [h for h in reply.headers if h.startswith("access-control-")], path
