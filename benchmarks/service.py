"""A bounded load on the service over loopback: requests per second, p50/p99 latency, errors.

The server is ``aspan serve`` (uvicorn, one process, FastAPI's thread pool for the CPU work)
on a fresh store holding CelesTrak's active list (12,801 objects). ``CLIENTS`` concurrent
clients (asyncio + httpx, one connection each) send requests back to back for ``SECONDS`` s,
alternating two read routes the dashboard uses all day:

- ``GET /api/v1/passes``: 12 h of passes of 8 satellites over the Almaty station;
- ``GET /api/v1/moon/sky``: the Earth from Connecting Ridge over one day, hourly.

The side-by-side figure is the same work called in-process (the library without HTTP, one
call after another in one thread): the service's throughput over it shows what the thread pool
gains on this machine, and latency over it what queueing under 50 clients costs.

Run: ``.venv/bin/python benchmarks/service.py [--clients 50] [--seconds 30]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
CATALOG = DATA / "celestrak-active-2025-10-03.tle"
PASSES = {"station": "almaty-kaznu", "start": "2025-10-03T06:00:00Z", "hours": 12,
          "norad": "25544,37749,39728,39731,40010,43783,43805,48274"}
SKY = {"site": "connecting-ridge", "start": "2026-01-01T00:00:00Z",
       "stop": "2026-01-02T00:00:00Z", "body": "earth", "step_s": 3600}
ROUTES = (("/passes", PASSES), ("/moon/sky", SKY))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(folder: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "ASPAN_HOME": str(folder), "ASPAN_API_TOKEN": "bench"}
    proc = subprocess.Popen([sys.executable, "-m", "aspan.cli.main", "serve", "--port",
                             str(port), "--store", str(folder / "aspan.db")], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/api/v1"
    for _ in range(300):
        try:
            httpx.get(base + "/health", timeout=1.0)
            return proc, base
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start")


async def client(http: httpx.AsyncClient, base: str, stop_at: float, k: int, out: list,
                 errors: list) -> None:
    i = k
    while time.perf_counter() < stop_at:
        path, params = ROUTES[i % len(ROUTES)]
        i += 1
        t0 = time.perf_counter()
        try:
            reply = await http.get(base + path, params=params)
            ok = reply.status_code == 200
        except httpx.HTTPError:
            ok = False
        elapsed = time.perf_counter() - t0
        if ok:
            out.append((path, elapsed))
        else:
            errors.append(path)


async def load(base: str, clients: int, seconds: float):
    out: list = []
    errors: list = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=120.0) as http:
        stop_at = time.perf_counter() + seconds
        t0 = time.perf_counter()
        await asyncio.gather(*(client(http, base, stop_at, k, out, errors)
                               for k in range(clients)))
        wall = time.perf_counter() - t0
    return out, errors, wall


def in_process(repeats: int = 10) -> float:
    """Seconds per request pair (passes + sky) calling the library directly."""
    from aspan.catalog.load import load_catalog
    from aspan.core.time import time_range
    from aspan.moon.sites import lunar_site_from_text
    from aspan.moon.sky import sky_track
    from aspan.satellites.requests import passes_request

    cat = load_catalog(CATALOG, norad=[int(x) for x in PASSES["norad"].split(",")])
    site = lunar_site_from_text(SKY["site"])

    def once():
        passes_request(cat, [PASSES["station"]], PASSES["start"], hours=PASSES["hours"]
                       ).to_records()
        sky_track(site, "earth", time_range(SKY["start"], SKY["stop"], SKY["step_s"])).rows()

    once()
    t0 = time.perf_counter()
    for _ in range(repeats):
        once()
    return (time.perf_counter() - t0) / repeats


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        proc, base = start_server(folder)
        try:
            reply = httpx.post(base + "/catalog/import", content=CATALOG.read_bytes(),
                               headers={"Authorization": "Bearer bench"}, timeout=300)
            reply.raise_for_status()
            for path, params in ROUTES:  # warm-up (JIT caches, ephemeris)
                httpx.get(base + path, params=params, timeout=120).raise_for_status()
            out, errors, wall = asyncio.run(load(base, args.clients, args.seconds))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    pair_s = in_process()
    print(f"service on loopback: {args.clients} clients for {args.seconds:g} s "
          f"({os.cpu_count()} CPUs), routes /passes and /moon/sky alternating")
    print(f"  requests: {len(out)} ok, {len(errors)} errors, {len(out) / wall:.1f} requests/s")
    lat = [e for _, e in out]
    print(f"  latency all: p50 {percentile(lat, 50) * 1e3:.0f} ms, "
          f"p99 {percentile(lat, 99) * 1e3:.0f} ms, max {max(lat) * 1e3:.0f} ms")
    for path, _ in ROUTES:
        one = [e for p, e in out if p == path]
        print(f"  {path:12s} n {len(one):5d}  p50 {percentile(one, 50) * 1e3:7.0f} ms  "
              f"p99 {percentile(one, 99) * 1e3:7.0f} ms  mean {statistics.mean(one) * 1e3:.0f} ms")
    print(f"in-process, one thread: {pair_s * 1e3:.0f} ms per passes+sky pair "
          f"= {2 / pair_s:.1f} requests/s; service / in-process throughput: "
          f"{len(out) / wall / (2 / pair_s):.2f}")


if __name__ == "__main__":
    main()
