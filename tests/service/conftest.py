"""Fixtures for the service tests: a small real catalog (a slice of CelesTrak's active list
with the Kazakh satellites, the ISS and Tiangong) and real uvicorn servers on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
ACTIVE = DATA / "celestrak-active-2025-10-03.tle"
HORIZONS = DATA / "lunar-horizons.csv"
TOKEN = "test-token-1234"
KEEP = {25544, 48274, 37749, 39728, 39731, 40010, 43783, 43805}
#: an hour near the catalog's median epoch (2025-10-03T11:43Z)
NEAR_EPOCH = "2025-10-03T06:00:00Z"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def subset_tle(path: Path, every: int = 8) -> bytes:
    """Every ``every``-th object of the active list plus the ``KEEP`` objects (3-line TLE)."""
    lines = [ln.rstrip("\r\n") for ln in ACTIVE.read_text().splitlines()]
    records = [lines[i:i + 3] for i in range(0, len(lines), 3)]
    kept = [r for k, r in enumerate(records) if int(r[1][2:7]) in KEEP or k % every == 0]
    text = "\n".join("\n".join(r) for r in kept) + "\n"
    path.write_text(text)
    return text.encode()


class Server:
    """``aspan serve`` as a subprocess on a free loopback port."""

    def __init__(self, store: Path, *, token: str | None = TOKEN, env: dict | None = None):
        self.store = store
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.api = self.base + "/api/v1"
        self.env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                    "HOME": str(store.parent), "ASPAN_HOME": str(store.parent / "home"),
                    "ASPAN_HORIZON_TABLE": str(HORIZONS),
                    # catalog updates go to a closed loopback port: no test touches the network
                    "ASPAN_CELESTRAK_URL": f"http://127.0.0.1:{free_port()}/gp.php",
                    "NUMBA_CACHE_DIR": os.environ.get("NUMBA_CACHE_DIR", ""),
                    **({"ASPAN_API_TOKEN": token} if token else {}), **(env or {})}
        self.env = {k: v for k, v in self.env.items() if v}
        self.proc = None

    def start(self, timeout_s: float = 60.0) -> Server:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "aspan.cli.main", "serve", "--port", str(self.port),
             "--store", str(self.store)], env=self.env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.api + "/health", timeout=1.0).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError(self.proc.stdout.read().decode())
            time.sleep(0.2)
        self.proc.kill()
        raise RuntimeError(f"server did not start within {timeout_s} s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def kill(self) -> None:
        self.proc.kill()  # SIGKILL
        self.proc.wait()


def auth(token: str = TOKEN) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="session")
def catalog_bytes(tmp_path_factory) -> bytes:
    return subset_tle(tmp_path_factory.mktemp("catalog") / "subset.tle")


@pytest.fixture(scope="session")
def server(tmp_path_factory, catalog_bytes):
    """A server with a token and the catalog imported through the API."""
    folder = tmp_path_factory.mktemp("service")
    srv = Server(folder / "aspan.db").start()
    reply = httpx.post(srv.api + "/catalog/import", params={"filename": "subset.tle"},
                       content=catalog_bytes, headers=auth(), timeout=120)
    assert reply.status_code == 200, reply.text
    yield srv
    srv.stop()
