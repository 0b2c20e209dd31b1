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

``--mixed`` (issue 10, the load row of docs/reliability.md): the clients cycle through ten read
routes (passes, pass tracks, the Moon's sky, propagation, catalog list/summary/show, sites,
jobs, health) while, the whole time, a writer imports catalogs (the satcat files of
``../shared/data``, each round with its records shuffled so every upload is new bytes and a
full import) and a screening job over the whole store runs, resubmitted as soon as it ends.
Every answer must be 200 (202 for submissions), every import 200, every job done. The server's
resident memory is sampled every 5 s; the report has one line per minute.
Run: ``.venv/bin/python benchmarks/service.py --mixed --clients 16 --seconds 600``.
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
MIXED = (("/passes", PASSES), ("/moon/sky", SKY),
         ("/passes/tracks", {**PASSES, "hours": 3, "norad": "25544,43805"}),
         ("/propagate", {"start": "2025-10-03T06:00:00Z", "stop": "2025-10-03T07:00:00Z",
                         "step_s": 60, "norad": "25544,48274"}),
         ("/catalog", {"limit": 100, "name": "STARLINK*"}), ("/catalog/summary", {}),
         ("/catalog/25544", {}), ("/sites", {}), ("/jobs", {"limit": 20}), ("/health", {}))
IMPORTS = (DATA / "satcat-leo-2026-06.tle", DATA / "satcat-full-2024-07.tle")
TOKEN = {"Authorization": "Bearer bench"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(folder: Path, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "ASPAN_HOME": str(folder), "ASPAN_API_TOKEN": "bench", **(env or {})}
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
                 errors: list, routes=ROUTES) -> None:
    i = k
    while time.perf_counter() < stop_at:
        path, params = routes[i % len(routes)]
        i += 1
        t0 = time.perf_counter()
        try:
            reply = await http.get(base + path, params=params)
            ok = reply.status_code == 200
        except httpx.HTTPError:
            ok = False
        elapsed = time.perf_counter() - t0
        if ok:
            out.append((path, elapsed, time.perf_counter()))
        else:
            errors.append((path, time.perf_counter(), getattr(locals().get("reply"),
                                                              "status_code", "transport")))


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


def shuffled(path: Path, seed: int) -> bytes:
    """The file's 3-line records in a seeded random order: new bytes, same objects."""
    import random

    lines = path.read_text().splitlines()
    records = ["\n".join(lines[i:i + 3]) for i in range(0, len(lines) - 2, 3)]
    random.Random(seed).shuffle(records)
    return ("\n".join(records) + "\n").encode()


async def writer(http, base: str, stop_at: float, log: dict) -> None:
    """Catalog imports back to back, a new shuffle each round."""
    k = 0
    while time.perf_counter() < stop_at:
        source = IMPORTS[k % len(IMPORTS)]
        body = await asyncio.to_thread(shuffled, source, k)
        t0 = time.perf_counter()
        try:
            reply = await http.post(base + "/catalog/import", content=body, headers=TOKEN,
                                    params={"filename": f"{source.name}-{k}",
                                            "skip_invalid": "true"})
            ok = reply.status_code == 200
        except httpx.HTTPError:
            ok = False
        log["imports"].append((source.name, time.perf_counter() - t0, ok,
                               reply.json()["imports"][0]["n_records"] if ok else None))
        k += 1
        await asyncio.sleep(1.0)


async def screener(http, base: str, stop_at: float, log: dict) -> None:
    """A screening job over the whole store, resubmitted as soon as it ends."""
    while time.perf_counter() < stop_at:
        t0 = time.perf_counter()
        reply = await http.post(base + "/jobs/conjunctions", headers=TOKEN,
                                json={"start": "2025-10-03T06:00:00Z", "hours": 1,
                                      "threshold_km": 5})
        if reply.status_code != 202:
            log["jobs"].append(("refused", time.perf_counter() - t0, reply.text[:200]))
            await asyncio.sleep(5)
            continue
        job_id = reply.json()["id"]
        while True:
            await asyncio.sleep(1.0)
            job = (await http.get(f"{base}/jobs/{job_id}")).json()
            if job["status"] in ("done", "failed", "cancelled"):
                break
            if time.perf_counter() > stop_at + 600:
                job["status"] = "unfinished"
                break
        log["jobs"].append((job["status"], time.perf_counter() - t0, job["message"]))


async def sampler(pid: int, stop_at: float, log: dict) -> None:
    t0 = time.perf_counter()
    while time.perf_counter() < stop_at:
        log["rss"].append((time.perf_counter() - t0, rss_mb(pid)))
        await asyncio.sleep(5.0)
    log["rss"].append((time.perf_counter() - t0, rss_mb(pid)))


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


async def mixed_load(base: str, pid: int, clients: int, seconds: float):
    out: list = []
    errors: list = []
    log: dict = {"imports": [], "jobs": [], "rss": []}
    limits = httpx.Limits(max_connections=clients + 4, max_keepalive_connections=clients + 4)
    async with httpx.AsyncClient(limits=limits, timeout=300.0) as http:
        t0 = time.perf_counter()
        stop_at = t0 + seconds
        await asyncio.gather(
            writer(http, base, stop_at, log), screener(http, base, stop_at, log),
            sampler(pid, stop_at, log),
            *(client(http, base, stop_at, k, out, errors, MIXED) for k in range(clients)))
        wall = time.perf_counter() - t0
    return out, errors, wall, log, t0


def report_mixed(args, out, errors, wall, log, t0, setup_s) -> None:
    print(f"service on loopback, mixed: {args.clients} clients for {args.seconds:g} s "
          f"({os.cpu_count()} CPUs), {len(MIXED)} read routes in turn, while catalogs are "
          f"imported and a screening job runs (store set up in {setup_s:.0f} s)")
    lat = [e for _, e, _ in out]
    print(f"  reads: {len(out)} ok, {len(errors)} errors, {len(out) / wall:.1f} requests/s; "
          f"p50 {percentile(lat, 50) * 1e3:.0f} ms, p99 {percentile(lat, 99) * 1e3:.0f} ms, "
          f"max {max(lat) * 1e3:.0f} ms")
    for path, _ in MIXED:
        one = [e for p, e, _ in out if p == path]
        if one:
            print(f"  {path:16s} n {len(one):6d}  p50 {percentile(one, 50) * 1e3:7.0f} ms  "
                  f"p99 {percentile(one, 99) * 1e3:7.0f} ms")
    imports = log["imports"]
    bad = [i for i in imports if not i[2]]
    print(f"  imports: {len(imports)} ({len(bad)} failed), "
          f"{sum(i[3] or 0 for i in imports)} records, "
          f"{statistics.mean(i[1] for i in imports):.1f} s each on average")
    jobs = log["jobs"]
    done = [j for j in jobs if j[0] == "done"]
    print(f"  screening jobs: {len(jobs)} ended, {len(done)} done, "
          f"{len(jobs) - len(done)} not done; "
          f"{statistics.mean(j[1] for j in done) if done else float('nan'):.0f} s each")
    for j in jobs:
        if j[0] != "done":
            print(f"    {j}")
    for e in errors[:10]:
        print(f"    error: {e}")
    print("  minute  reads  errors   p50 ms   p99 ms   server RSS MB (min-max in the minute)")
    minutes = int(args.seconds // 60) + (args.seconds % 60 > 0)
    for m in range(minutes):
        lo, hi = t0 + 60 * m, t0 + 60 * (m + 1)
        one = [e for _, e, t in out if lo <= t < hi]
        errs = sum(1 for _, t, _ in errors if lo <= t < hi)
        rss = [r for t, r in log["rss"] if 60 * m <= t < 60 * (m + 1)] or [float("nan")]
        p50 = percentile(one, 50) * 1e3 if one else float("nan")
        p99 = percentile(one, 99) * 1e3 if one else float("nan")
        print(f"  {m + 1:6d} {len(one):6d} {errs:7d} {p50:8.0f} {p99:8.0f}   "
              f"{min(rss):6.0f}-{max(rss):6.0f}")
    rss = [r for _, r in log["rss"]]
    print(f"  server RSS: first {rss[0]:.0f} MB, last {rss[-1]:.0f} MB, max {max(rss):.0f} MB "
          f"({len(rss)} samples)")


def run_mixed(args) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        proc, base = start_server(folder, {"ASPAN_MAX_JOB_OBJECTS": "100000"})
        try:
            t0 = time.perf_counter()
            httpx.post(base + "/catalog/import", content=CATALOG.read_bytes(), headers=TOKEN,
                       timeout=600).raise_for_status()
            for path, params in MIXED:  # warm-up (JIT caches, ephemeris)
                httpx.get(base + path, params=params, timeout=120).raise_for_status()
            setup_s = time.perf_counter() - t0
            out, errors, wall, log, start = asyncio.run(
                mixed_load(base, proc.pid, args.clients, args.seconds))
        finally:
            proc.terminate()
            proc.wait(timeout=60)
    report_mixed(args, out, errors, wall, log, start, setup_s)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--mixed", action="store_true",
                        help="mixed reads while catalogs are imported and a screening runs")
    args = parser.parse_args()
    if args.mixed:
        run_mixed(args)
        return
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
    lat = [e for _, e, _ in out]
    print(f"  latency all: p50 {percentile(lat, 50) * 1e3:.0f} ms, "
          f"p99 {percentile(lat, 99) * 1e3:.0f} ms, max {max(lat) * 1e3:.0f} ms")
    for path, _ in ROUTES:
        one = [e for p, e, _ in out if p == path]
        print(f"  {path:12s} n {len(one):5d}  p50 {percentile(one, 50) * 1e3:7.0f} ms  "
              f"p99 {percentile(one, 99) * 1e3:7.0f} ms  mean {statistics.mean(one) * 1e3:.0f} ms")
    print(f"in-process, one thread: {pair_s * 1e3:.0f} ms per passes+sky pair "
          f"= {2 / pair_s:.1f} requests/s; service / in-process throughput: "
          f"{len(out) / wall / (2 / pair_s):.2f}")


if __name__ == "__main__":
    main()
