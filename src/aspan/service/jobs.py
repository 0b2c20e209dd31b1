"""Jobs: long work (catalog screening, passes over days, schedules) run in a worker thread.

A job row lives in the store (table ``service_jobs``): status ``queued`` -> ``running`` ->
``done`` | ``failed`` | ``cancelled``, a progress fraction, a message, and the result (JSON
text) written in the same statement that marks it done, so a result is never half-written.
At start-up every job left ``queued`` or ``running`` by a previous server (killed, crashed)
is marked failed with a message saying so; it can be submitted again.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from aspan.compute.memory import release_free_memory
from aspan.core.jsonable import finite_or_none, json_default
from aspan.errors import AspanError, NotFoundError

SCHEMA = """
CREATE TABLE IF NOT EXISTS service_jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    params TEXT NOT NULL,
    status TEXT NOT NULL,
    progress REAL NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    result TEXT
)"""
FINAL = ("done", "failed", "cancelled")
#: progress is written at most this often (s)
PROGRESS_EVERY_S = 0.5


def _busy(error: sqlite3.OperationalError) -> bool:
    text = str(error)
    return "locked" in text or "busy" in text


class JobCancelled(Exception):
    """Raised inside a job's progress callback when the job was cancelled."""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class JobStore:
    """Job rows in the SQLite file at ``path`` (one short connection per operation)."""

    def __init__(self, path: Path, *, busy_timeout_s: float = 30.0,
                 write_patience_s: float = 600.0) -> None:
        self.path = path
        self.busy_timeout_s = busy_timeout_s
        self.write_patience_s = write_patience_s
        conn = self._connect()
        try:
            conn.execute(SCHEMA)
        finally:
            conn.close()

    def _connect(self, timeout_s: float | None = None) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None,
                               timeout=self.busy_timeout_s if timeout_s is None else timeout_s)
        # the store is in WAL already (Store switched it); asking again takes a lock that
        # SQLite does not wait for, so a busy import would fail the job
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.row_factory = sqlite3.Row
        return conn

    def _run(self, sql: str, args=(), *, patient: bool = True) -> int:
        """One statement. ``patient``: a state change (start, result, end) waits out a long
        write of another connection (a catalog import holds the lock for its whole
        transaction) for up to ``write_patience_s``; otherwise one try."""
        deadline = time.monotonic() + (self.write_patience_s if patient else 0.0)
        while True:
            try:
                conn = self._connect()
                try:
                    return conn.execute(sql, args).rowcount
                finally:
                    conn.close()
            except sqlite3.OperationalError as error:
                if not _busy(error) or time.monotonic() >= deadline:
                    raise

    def fail_unfinished(self) -> int:
        """Mark jobs left queued/running by a previous server as failed; returns how many."""
        return self._run(
            "UPDATE service_jobs SET status='failed', finished_at=?, result=NULL, "
            "message='the server stopped while the job was ' || status || "
            "'; nothing was kept, submit it again' "
            "WHERE status IN ('queued', 'running')", (_now(),))

    def create(self, kind: str, params: dict) -> str:
        job_id = uuid.uuid4().hex
        self._run("INSERT INTO service_jobs (id, kind, params, status, created_at) "
                  "VALUES (?, ?, ?, 'queued', ?)",
                  (job_id, kind, json.dumps(params, default=json_default), _now()))
        return job_id

    def start(self, job_id: str) -> bool:
        """queued -> running; False when the job is no longer queued (cancelled)."""
        return self._run("UPDATE service_jobs SET status='running', started_at=? "
                         "WHERE id=? AND status='queued'", (_now(), job_id)) == 1

    def progress(self, job_id: str, fraction: float, message: str = "") -> None:
        """Best effort: progress is advice, a busy store skips it rather than fail the job."""
        try:
            self._run("UPDATE service_jobs SET progress=?, message=? "
                      "WHERE id=? AND status='running'",
                      (float(fraction), message, job_id), patient=False)
        except sqlite3.OperationalError as error:
            if not _busy(error):
                raise

    def finish(self, job_id: str, result) -> None:
        text = json.dumps(finite_or_none(result), default=json_default, allow_nan=False)
        self._run("UPDATE service_jobs SET status='done', progress=1, message='', result=?, "
                  "finished_at=? WHERE id=? AND status='running'", (text, _now(), job_id))

    def end(self, job_id: str, status: str, message: str) -> bool:
        """Move an unfinished job to ``failed`` or ``cancelled``."""
        return self._run("UPDATE service_jobs SET status=?, message=?, finished_at=? "
                         "WHERE id=? AND status IN ('queued', 'running')",
                         (status, message, _now(), job_id)) == 1

    def get(self, job_id: str, *, with_result: bool = False) -> dict:
        conn = self._connect()
        try:
            row = conn.execute("SELECT * FROM service_jobs WHERE id=?", (job_id,)).fetchone()
        finally:
            conn.close()
        if row is None:
            raise NotFoundError(f"no job {job_id!r}", field="job_id", value=job_id,
                                hint="list jobs with GET /api/v1/jobs")
        return self._public(row, with_result)

    def list(self, limit: int = 50) -> list[dict]:
        conn = self._connect()
        try:
            rows = conn.execute("SELECT * FROM service_jobs ORDER BY created_at DESC LIMIT ?",
                                (int(limit),)).fetchall()
        finally:
            conn.close()
        return [self._public(r, False) for r in rows]

    @staticmethod
    def _public(row, with_result: bool) -> dict:
        out = {"id": row["id"], "kind": row["kind"], "status": row["status"],
               "progress": row["progress"], "message": row["message"],
               "params": json.loads(row["params"]), "created_at": row["created_at"],
               "started_at": row["started_at"], "finished_at": row["finished_at"]}
        if with_result:
            out["result"] = None if row["result"] is None else json.loads(row["result"])
        return out


class JobRunner:
    """Runs job functions ``fn(params, progress)`` on a small thread pool; ``progress(done,
    total, message='')`` records progress and raises ``JobCancelled`` after a cancel."""

    def __init__(self, store: JobStore, workers: int = 1) -> None:
        self.store = store
        self.pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="job")
        self._cancel: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def submit(self, kind: str, params: dict, fn: Callable) -> str:
        job_id = self.store.create(kind, params)
        with self._lock:
            self._cancel[job_id] = threading.Event()
        self.pool.submit(self._run, job_id, params, fn)
        return job_id

    def cancel(self, job_id: str) -> dict:
        job = self.store.get(job_id)
        if job["status"] in FINAL:
            return job
        with self._lock:
            event = self._cancel.get(job_id)
        if event is not None:
            event.set()
        self.store.end(job_id, "cancelled", "cancelled on request")
        return self.store.get(job_id)

    def _run(self, job_id: str, params: dict, fn: Callable) -> None:
        event = self._cancel[job_id]
        try:
            if event.is_set() or not self.store.start(job_id):
                return
            last = [0.0]

            def progress(done: int, total: int, message: str = "") -> None:
                if event.is_set():
                    raise JobCancelled
                now = time.monotonic()
                if now - last[0] >= PROGRESS_EVERY_S or done >= total:
                    last[0] = now
                    self.store.progress(job_id, done / total if total else 0.0, message)

            try:
                result = fn(params, progress)
            except JobCancelled:
                self.store.end(job_id, "cancelled", "cancelled on request")
                return
            except AspanError as error:
                self.store.end(job_id, "failed", str(error))
                return
            except Exception as error:  # noqa: BLE001 - a job reports, it does not crash
                self.store.end(job_id, "failed",
                               f"internal error: {type(error).__name__}: {error}")
                return
            if event.is_set():
                self.store.end(job_id, "cancelled", "cancelled on request")
                return
            self.store.finish(job_id, result)
        finally:
            with self._lock:
                self._cancel.pop(job_id, None)
            release_free_memory()

    def shutdown(self) -> None:
        """Stop: unfinished jobs read failed (as after a crash), running ones are stopped."""
        with self._lock:
            pending = list(self._cancel.items())
        for job_id, event in pending:
            self.store.end(job_id, "failed", "the server shut down before the job finished; "
                           "submit it again")
            event.set()
        self.pool.shutdown(wait=False, cancel_futures=True)
