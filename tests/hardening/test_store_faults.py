"""Store faults: SIGKILL at random moments of an import, and two imports at once.

``tests/catalog/test_store_kill.py`` kills a full-catalog import a few times at chosen points
(after a chunk, after a delay). This module extends it to many kills at random moments spread
over the whole import (open, parse, write, commit), and to concurrent importers.

Speed: the importers are forked from one "zygote" process that has already imported Aspan,
so a trial costs the import itself (about 0.1 s), not an interpreter start. The zygote does not
reap a child before the test has sent its signal, so a pid is never reused under the test.
"""

from __future__ import annotations

import hashlib
import os
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

ZYGOTE = r"""
import os, sys
from aspan.catalog.store import Store

def child(db, src):
    try:
        with Store(db) as store:
            store.import_file(src)
    except BaseException as error:
        sys.stderr.write(f"{type(error).__name__}: {error}\n")
        os._exit(3)
    os._exit(0)

print("ready", flush=True)
for line in sys.stdin:
    words = line.split("\t")
    db, sources = words[0], [w.strip() for w in words[1:]]
    pids = []
    for src in sources:
        pid = os.fork()
        if pid == 0:
            child(db, src)
        pids.append(pid)
    print(" ".join(map(str, pids)), flush=True)
    sys.stdin.readline()  # "reap": the test has sent its signals
    codes = []
    for pid in pids:
        _pid, status = os.waitpid(pid, 0)
        codes.append(str(os.waitstatus_to_exitcode(status)))
    print(" ".join(codes), flush=True)
"""


class Zygote:
    """A process with Aspan imported that forks importers on request."""

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-c", ZYGOTE], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == "ready"

    def start(self, db: Path, *sources: Path) -> list[int]:
        """Fork one importer per source into ``db``; their pids."""
        self.process.stdin.write("\t".join(str(p) for p in (db, *sources)) + "\n")
        self.process.stdin.flush()
        return [int(pid) for pid in self.process.stdout.readline().split()]

    def reap(self) -> list[int]:
        """Wait for the importers; exit codes (-9 for a SIGKILL)."""
        self.process.stdin.write("reap\n")
        self.process.stdin.flush()
        return [int(code) for code in self.process.stdout.readline().split()]

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture
def zygote():
    z = Zygote()
    yield z
    z.close()


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


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Three TLE files of 1,000 different objects each (from the active catalog)."""
    folder = tmp_path_factory.mktemp("tle")
    lines = ACTIVE.read_text().splitlines()
    out = []
    for k in range(3):
        path = folder / f"part{k}.tle"
        path.write_text("\n".join(lines[k * 3000:(k + 1) * 3000]) + "\n")
        out.append(path)
    return out


@pytest.mark.slow
def test_fifty_sigkills_at_random_moments_leave_old_or_new(tmp_path, files, zygote):
    old_file, new_file, _ = files
    base = tmp_path / "base.db"
    with Store(base) as store:
        store.import_file(old_file)
    old = content(base)

    # calibration: imports that are not killed give the new content and their duration
    durations, contents = [], set()
    for k in range(3):
        reference = tmp_path / f"reference{k}.db"
        shutil.copy(base, reference)
        start = time.perf_counter()
        zygote.start(reference, new_file)
        assert zygote.reap() == [0]
        durations.append(time.perf_counter() - start)
        contents.add(content(reference))
    duration = float(np.median(durations))
    (new,) = contents
    assert new != old

    rng = np.random.default_rng(20261129)
    outcomes = {"old": 0, "new": 0}
    for trial in range(50):
        db = tmp_path / f"trial{trial}.db"
        shutil.copy(base, db)
        delay = float(rng.uniform(0.0, 1.2 * duration))
        (pid,) = zygote.start(db, new_file)
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)  # a zombie (finished) importer ignores it
        (code,) = zygote.reap()
        got = content(db)  # integrity_check passes
        assert got in (old, new), f"trial {trial}, kill after {delay:.3f} s: neither old nor new"
        if code == 0:
            assert got == new, f"trial {trial}: the import finished but its data is not there"
        outcomes["old" if got == old else "new"] += 1
        if trial % 10 == 0:  # the store opens and takes the import afterwards
            with Store(db) as store:
                store.import_file(new_file)
            assert content(db) == new
        db.unlink()
    print("kills leaving old, new content:", outcomes)
    # the random moments covered both sides of the commit
    assert outcomes["old"] >= 5 and outcomes["new"] >= 1, outcomes


@pytest.mark.slow
@pytest.mark.parametrize("fresh", [True, False], ids=["new store", "existing store"])
def test_two_importers_at_once_both_succeed_and_nothing_is_lost(tmp_path, files, zygote, fresh):
    a, b, c = files
    for trial in range(10):  # a new store: both may create it (WAL switch, schema) at once
        db = tmp_path / f"pair{trial}.db"
        if not fresh:
            with Store(db) as store:
                store.import_file(c)
        assert zygote.start(db, a, b) and zygote.reap() == [0, 0]
        with Store(db) as store:
            sources = sorted(Path(p.source).name for p in store.imports())
            expected = sorted(["part0.tle", "part1.tle"] + ([] if fresh else ["part2.tle"]))
            assert sources == expected
            assert store.counts()["objects"] == 1000 * len(expected)
        content(db)


@pytest.mark.slow
def test_two_importers_of_the_same_file_store_it_once(tmp_path, files, zygote):
    a = files[0]
    for trial in range(4):
        db = tmp_path / f"same{trial}.db"
        with Store(db) as store:
            store.import_file(files[2])
        assert zygote.start(db, a, a) and zygote.reap() == [0, 0]
        with Store(db) as store:
            assert len(store.imports()) == 2
            assert store.counts()["objects"] == 2000
        content(db)
