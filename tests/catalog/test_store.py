"""The SQLite store: round trips bit for bit, idempotent and atomic imports, history."""

from __future__ import annotations

import sqlite3
from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest

from aspan.catalog.elements import FLOAT_FIELDS, INT_FIELDS, Catalog
from aspan.catalog.store import Store
from aspan.errors import CatalogProblems, NotFoundError, StoreError

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
ACTIVE = DATA / "celestrak-active-2025-10-03.tle"
FULL = DATA / "satcat-full-2024-07.tle"
LEO = DATA / "satcat-leo-2026-06.tle"


def synthetic(n: int, seed: int = 0, first_norad: int = 1) -> Catalog:
    """``n`` element sets with random, full-precision values (no two floats alike)."""
    rng = np.random.default_rng(seed)
    return Catalog.from_columns({
        "norad_id": np.arange(first_norad, first_norad + n),
        "name": [f"SAT {k}" for k in range(first_norad, first_norad + n)],
        "intl_designator": ["98067A"] * n,
        "classification": ["U"] * n,
        "epoch_jd": np.full(n, 2460500.5) + rng.integers(0, 30, n),
        "epoch_fr": rng.random(n),
        "mean_motion_rev_day": rng.uniform(1, 16, n),
        "eccentricity": rng.random(n) * 0.9,
        "inclination_deg": rng.uniform(0, 180, n),
        "raan_deg": rng.uniform(0, 360, n),
        "argp_deg": rng.uniform(0, 360, n),
        "mean_anomaly_deg": rng.uniform(0, 360, n),
        "ndot_rev_day2": rng.normal(0, 1e-4, n),
        "nddot_rev_day3": rng.normal(0, 1e-9, n),
        "bstar_per_er": rng.normal(0, 1e-3, n),
        "element_set_no": rng.integers(0, 9999, n),
        "rev_at_epoch": rng.integers(0, 99999, n),
        "ephemeris_type": np.zeros(n),
    })


def assert_same_elements(a: Catalog, b: Catalog) -> None:
    """Every column equal; floats bit for bit (sign of zero included)."""
    assert len(a) == len(b)
    for f in fields(Catalog):
        if f.name == "source":
            continue
        x, y = getattr(a, f.name), getattr(b, f.name)
        if f.name in FLOAT_FIELDS:
            assert np.array_equal(x.view(np.int64), y.view(np.int64)), f.name
        else:
            assert x.tolist() == y.tolist(), f.name


def test_round_trip_is_bit_identical_including_negative_zero(tmp_path):
    cat = synthetic(500)
    cat.ndot_rev_day2[:3] = -0.0
    cat.bstar_per_er[3] = -0.0
    cat.eccentricity[4] = 0.0
    with Store(tmp_path / "a.db") as store:
        store.import_catalog(cat, source="memory")
        back = store.latest()
    assert_same_elements(cat, back)
    assert np.signbit(back.ndot_rev_day2[:3]).all()
    assert not np.signbit(back.eccentricity[4])
    assert set(back.source) == {"memory"}


def test_values_are_plain_sql_columns(tmp_path):
    cat = synthetic(3)
    with Store(tmp_path / "a.db") as store:
        store.import_catalog(cat, source="memory")
    con = sqlite3.connect(tmp_path / "a.db")
    types = dict(con.execute("SELECT name, type FROM pragma_table_info('elsets')").fetchall())
    assert all(types[name] == "REAL" for name in FLOAT_FIELDS)
    assert all(types[name] == "INTEGER" for name in INT_FIELDS)
    assert types["name"] == "TEXT"
    mm = [row[0] for row in con.execute("SELECT mean_motion_rev_day FROM elsets ORDER BY norad_id")]
    assert mm == cat.mean_motion_rev_day.tolist()
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_same_input_twice_is_already_imported(tmp_path):
    cat = synthetic(50)
    with Store(tmp_path / "a.db") as store:
        first = store.import_catalog(cat, source="a", sha256="f" * 64)
        second = store.import_catalog(cat, source="a", sha256="f" * 64)
        counts = store.counts()
    assert (first.n_new, first.already_imported) == (50, False)
    assert second.already_imported and second.n_new == 0
    assert "already imported" in second.summary()
    assert counts == {"objects": 50, "element_sets": 50, "imports": 1}


def test_identical_element_set_from_another_source_is_not_duplicated(tmp_path):
    cat = synthetic(40)
    newer = synthetic(10, seed=1)  # same numbers 1..10, other elements
    with Store(tmp_path / "a.db") as store:
        store.import_catalog(cat, source="a", sha256="a" * 64)
        again = store.import_catalog(Catalog.concat([cat[:20], newer]), source="b",
                                     sha256="b" * 64)
        counts = store.counts()
    assert (again.n_records, again.n_new, again.n_duplicate) == (30, 10, 20)
    assert counts == {"objects": 40, "element_sets": 50, "imports": 2}


def test_history_and_latest_follow_the_epoch(tmp_path):
    old = synthetic(5)
    new = synthetic(5, seed=2)
    new.epoch_jd[:] = old.epoch_jd + 100.0  # every object has a later element set
    with Store(tmp_path / "a.db") as store:
        store.import_catalog(new, source="new.tle", sha256="2" * 64)
        store.import_catalog(old, source="old.tle", sha256="1" * 64)  # imported later
        latest = store.latest()
        history = store.history(3)
        assert_same_elements(latest, new)
        assert [p.source for p in history.provenance] == ["old.tle", "new.tle"]
        assert history.catalog.epoch_jd.tolist() == [old.epoch_jd[2], new.epoch_jd[2]]
        assert all(len(p.sha256) == 64 and p.imported_at.endswith("Z")
                   for p in history.provenance)
        with pytest.raises(NotFoundError, match="object 99 is not in the store"):
            store.history(99)


def test_latest_selects_by_number_and_name(tmp_path):
    with Store(tmp_path / "a.db") as store:
        store.import_catalog(synthetic(30), source="a")
        assert store.latest([7, 3, 1000]).norad_id.tolist() == [3, 7]
        assert store.latest(names="sat 1?").norad_id.tolist() == list(range(10, 20))
        assert len(store.latest(names=["SAT 1", "SAT 2"])) == 2


def test_failed_import_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "a.db"
    with Store(path) as store:
        store.import_catalog(synthetic(10), source="before", sha256="0" * 64)
    calls = []
    original = Store._insert

    def insert_then_fail(self, report, catalog, progress):
        original(self, report, catalog, progress)
        calls.append(report.source)
        if len(calls) == 2:
            raise RuntimeError("killed")

    monkeypatch.setattr(Store, "_insert", insert_then_fail)
    monkeypatch.setattr("aspan.catalog.formats.parse_bytes", _fake_parse, raising=False)
    with Store(path) as store, pytest.raises(RuntimeError):
        store.import_many([(b"one", "one"), (b"two", "two")])
    with Store(path) as store:
        assert store.counts() == {"objects": 10, "element_sets": 10, "imports": 1}
    assert calls == ["one", "two"]


def _fake_parse(data, *, name, strict=True):
    from aspan.catalog.formats import ReadResult

    seed = len(data) + ord(name[0])
    return ReadResult(synthetic(100, seed=seed, first_norad=1000), [], "", "tle")


def test_not_a_store(tmp_path):
    bad = tmp_path / "junk.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open the store"):
        Store(bad)
    with pytest.raises(StoreError, match="is a folder"):
        Store(tmp_path)


def test_store_from_a_newer_aspan_is_refused(tmp_path):
    Store(tmp_path / "a.db").close()
    con = sqlite3.connect(tmp_path / "a.db")
    con.execute("PRAGMA user_version=99")
    con.close()
    with pytest.raises(StoreError, match="schema 99"):
        Store(tmp_path / "a.db")


def test_default_store_is_under_aspan_home(tmp_path, monkeypatch):
    monkeypatch.setenv("ASPAN_HOME", str(tmp_path / "home"))
    with Store() as store:
        assert store.path == tmp_path / "home" / "aspan.db"
    assert (tmp_path / "home" / "aspan.db").exists()


# -- real catalogs ------------------------------------------------------------------------

def test_full_catalog_reads_back_bit_for_bit(tmp_path):
    """26,389 objects, CRLF; 47114 has ndot written '-.00000000', kept as -0.0."""
    from aspan.catalog.formats import read_catalog

    with Store(tmp_path / "a.db") as store:
        report = store.import_file(FULL)
        assert (report.n_records, report.n_new, report.format) == (26_389, 26_389, "tle")
        assert store.import_file(FULL).already_imported
        assert store.counts() == {"objects": 26_389, "element_sets": 26_389, "imports": 1}
        back = store.latest()
    parsed = read_catalog(FULL).catalog
    order = np.argsort(parsed.norad_id, kind="stable")
    assert_same_elements(parsed[order], back)
    assert np.signbit(back.select([47114]).ndot_rev_day2[0])


def test_three_catalogs_make_a_history(tmp_path):
    with Store(tmp_path / "a.db") as store:
        reports = store.import_files([FULL, ACTIVE, LEO])
        history = store.history(43805)
        assert [r.n_records for r in reports] == [26_389, 12_801, 16_032]
        assert [p.source for p in history.provenance] == [str(FULL), str(ACTIVE)]
        assert history.catalog.name.tolist() == ["OBJECT AZ", "AL-FARABI 2"]
        iss = store.history(25544)
        assert [p.source for p in iss.provenance] == [str(FULL), str(ACTIVE), str(LEO)]
        assert store.latest(25544).epoch_jd[0] == iss.catalog.epoch_jd[-1]
        assert store.counts()["imports"] == 3


def test_strict_import_of_a_bad_file_imports_nothing(tmp_path):
    lines = ACTIVE.read_text().splitlines(keepends=True)[:30]
    lines[4] = lines[4][:-3] + "X" + lines[4][-2:]  # break a checksum / field of record 2
    bad = tmp_path / "bad.tle"
    bad.write_text("".join(lines))
    with Store(tmp_path / "a.db") as store:
        with pytest.raises(CatalogProblems) as caught:
            store.import_file(bad)
        assert "nothing was imported" in str(caught.value)
        assert store.counts()["element_sets"] == 0
        report = store.import_file(bad, strict=False)
        assert report.n_records == 9 and report.n_invalid == 1 and len(report.problems) == 1
        assert store.counts()["element_sets"] == 9


# -- load_catalog ---------------------------------------------------------------------------

def test_load_catalog_from_every_kind_of_source(tmp_path, monkeypatch):
    from aspan.catalog.load import load_catalog

    monkeypatch.setenv("ASPAN_HOME", str(tmp_path / "home"))
    lines = ACTIVE.read_text().splitlines()
    i = next(k for k, line in enumerate(lines) if line.startswith("1 43805"))
    triple = (lines[i - 1], lines[i], lines[i + 1])
    from_file = load_catalog(ACTIVE, norad=[43805, 25544])
    assert from_file.norad_id.tolist() == [43805, 25544]
    from_lines = load_catalog([triple])
    assert from_lines.name.tolist() == ["AL-FARABI 2"]
    assert load_catalog([triple[1:]]).norad_id.tolist() == [43805]
    assert_same_elements(from_lines, from_file[0])
    with Store() as store:
        with pytest.raises(NotFoundError, match="holds no element sets"):
            load_catalog(store=store)
        store.import_file(ACTIVE)
    from_store = load_catalog(names="KAZSAT*")
    assert from_store.name.tolist() == ["KAZSAT-2", "KAZSAT-3"]
    assert_same_elements(load_catalog(store=tmp_path / "home" / "aspan.db", norad=43805),
                         from_file[0])
    with pytest.raises(NotFoundError, match="no element set for catalog numbers 1, 2"):
        load_catalog(norad=[43805, 1, 2])
    assert load_catalog(from_file) is from_file
