"""A kill mid-import leaves the store exactly as it was (or, if the commit landed, exactly
as a completed import makes it): SQLite's WAL journal and one transaction per import."""

from __future__ import annotations

import hashlib
import pickle
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from aspan.catalog.store import Store

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
ACTIVE = DATA / "celestrak-active-2025-10-03.tle"
FULL = DATA / "satcat-full-2024-07.tle"

IMPORTER = """
import sys
from aspan.catalog.store import Store

def progress(description, done, total):
    if description.startswith("storing"):
        print("stored", done, total, flush=True)

with Store(sys.argv[1]) as store:
    store.import_file(sys.argv[2], progress=progress)
print("committed", flush=True)
"""


def content(path: Path) -> str:
    """Integrity-checked digest of everything stored (times of import left out)."""
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        elsets = con.execute("SELECT * FROM elsets ORDER BY id").fetchall()
        imports = con.execute("SELECT id, source, sha256, format, n_records, n_new, n_invalid "
                              "FROM imports ORDER BY id").fetchall()
    finally:
        con.close()
    return hashlib.sha256(pickle.dumps((elsets, imports), protocol=5)).hexdigest()


def start_import(store: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", IMPORTER, str(store), str(FULL)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_sigkill_mid_import_leaves_old_or_new_content(tmp_path):
    base = tmp_path / "base.db"
    with Store(base) as store:
        store.import_file(ACTIVE)
    old = content(base)
    reference = tmp_path / "reference.db"
    shutil.copy(base, reference)
    with Store(reference) as store:
        store.import_file(FULL)
    new = content(reference)
    assert old != new

    rng = np.random.default_rng(20260605)
    outcomes = []
    # Kills triggered while rows are being written (after chunk k of 7), then kills after
    # random delays from the start of the process (startup, parsing, writing or committing).
    plans = [("after chunk", int(k)) for k in rng.integers(1, 6, size=2)]
    plans += [("after seconds", float(s)) for s in rng.uniform(0.2, 1.6, size=2)]
    for i, (kind, when) in enumerate(plans):
        trial = tmp_path / f"trial{i}.db"
        shutil.copy(base, trial)
        process = start_import(trial)
        try:
            if kind == "after chunk":
                seen = 0
                while seen < when:
                    line = process.stdout.readline()
                    assert line.startswith("stored"), (line, process.stderr.read())
                    seen += 1
                time.sleep(float(rng.uniform(0.0, 0.03)))
            else:
                time.sleep(when)
            alive = process.poll() is None
            process.send_signal(signal.SIGKILL)
        finally:
            process.wait(timeout=30)
        got = content(trial)
        assert got in (old, new), f"{kind} {when}: store is neither the old nor the new content"
        outcomes.append((kind, when, alive, "old" if got == old else "new"))
        if kind == "after chunk":
            assert alive and got == old, outcomes[-1]
        if not alive:
            assert got == new, outcomes[-1]
    # and the store still takes the import afterwards
    last = tmp_path / f"trial{len(plans) - 1}.db"
    with Store(last) as store:
        store.import_file(FULL)
    assert content(last) == new
