"""A screening job survives a killed server: SIGKILL mid-way, restart, the job reads failed
(or done, never half-written), the store passes SQLite's integrity check, and the same job
can be submitted again and finishes."""

from __future__ import annotations

import sqlite3
import time

import httpx
from conftest import NEAR_EPOCH, Server, auth

SCREENING = {"start": NEAR_EPOCH, "hours": 12, "threshold_km": 5}


def _wait(server, job_id, states, timeout_s=120.0) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = httpx.get(f"{server.api}/jobs/{job_id}", timeout=10).json()
        if job["status"] in states:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id}: {job['status']} after {timeout_s} s")


def test_screening_job_survives_sigkill(tmp_path, catalog_bytes):
    store = tmp_path / "aspan.db"
    server = Server(store).start()
    try:
        assert httpx.post(server.api + "/catalog/import", content=catalog_bytes,
                          headers=auth(), timeout=120).status_code == 200
        job = httpx.post(server.api + "/jobs/conjunctions", json=SCREENING,
                         headers=auth()).json()
        running = _wait(server, job["id"], ("running", "done", "failed"))
        assert running["status"] == "running", running
        time.sleep(0.5)  # inside the screening
        server.kill()
    finally:
        server.stop()

    with sqlite3.connect(store) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        status, result = conn.execute("SELECT status, result FROM service_jobs WHERE id=?",
                                      (job["id"],)).fetchone()
    assert status in ("running", "done")  # what the killed server left
    assert (result is None) == (status == "running")

    again = Server(store).start()
    try:
        after = httpx.get(f"{again.api}/jobs/{job['id']}/result").json()
        if status == "running":
            assert after["status"] == "failed" and after["result"] is None
            assert "server stopped while the job was running" in after["message"]
        else:
            assert after["status"] == "done" and isinstance(after["result"], list)
        assert httpx.get(again.api + "/catalog/summary").json()["objects"] > 1000
        resubmitted = httpx.post(again.api + "/jobs/conjunctions", json=SCREENING,
                                 headers=auth()).json()
        assert resubmitted["id"] != job["id"] and resubmitted["params"] == after["params"]
        done = _wait(again, resubmitted["id"], ("done", "failed", "cancelled"))
        assert done["status"] == "done", done
        events = httpx.get(f"{again.api}/jobs/{done['id']}/result").json()["result"]
        assert events and all(e["miss_km"] < 5 for e in events)
    finally:
        again.stop()
    with sqlite3.connect(store) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
