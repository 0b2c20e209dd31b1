"""Propagation: the reference path bit-identical to python-sgp4's twoline2rv, the fast path
against it, shapes, chunking and streaming (equal results, bounded memory)."""

from __future__ import annotations

import datetime as dt
import io
import math
import tracemalloc

import numpy as np
import pyarrow.parquet as pq
import pytest
from sgp4.api import Satrec, SatrecArray

from aspan.core.time import split_jd_utc, time_range, timescale
from aspan.errors import InputError
from aspan.satellites import propagation as prop
from aspan.satellites.propagation import propagate, propagate_minutes, propagate_to
from aspan.satellites.reference import ReferenceBackend, satrecs
from aspan.satellites.states import States
from support import catalog_from_tle, tle_pairs

FULL = "../shared/data/satcat-full-2024-07.tle"  # CRLF, 4,056 deep-space objects
MM = 1e-6  # km
MM_S = 1e-6  # km/s
HAVE_KERNEL = prop._jit_kernel() is not None


@pytest.fixture(scope="module")
def pairs():
    return tle_pairs(FULL, step=7)  # 3,770 objects, deep space and decayed ones included


@pytest.fixture(scope="module")
def cat(pairs):
    return catalog_from_tle(pairs)


@pytest.fixture(scope="module")
def day():
    return time_range("2024-07-05T00:00:00Z", "2024-07-06T00:00:00Z", 600.0)  # 145 times


# -- the reference path is python-sgp4's twoline2rv, bit for bit ---------------------------

PROPAGATION_FIELDS = (
    "jdsatepoch", "jdsatepochF", "no_kozai", "no_unkozai", "ecco", "inclo", "nodeo", "argpo",
    "mo", "bstar", "ndot", "nddot", "method", "isimp", "irez", "gsto", "mdot", "nodedot",
    "argpdot", "cc1", "cc4", "cc5", "d2", "d3", "d4", "t2cof", "t3cof", "t4cof", "t5cof",
    "xlcof", "aycof", "con41", "x1mth2", "x7thm1", "dedt", "del1", "del2", "del3", "xfact",
    "xlamo", "xli", "xni", "zmos", "zmol", "se2", "sh3", "atime", "a", "alta", "altp", "error",
    "operationmode",
)


def test_satrecs_are_set_up_exactly_as_twoline2rv(pairs, cat):
    built = satrecs(cat)
    differences = 0
    for (line1, line2), ours in zip(pairs, built, strict=True):
        theirs = Satrec.twoline2rv(line1, line2)
        for name in PROPAGATION_FIELDS:
            if not hasattr(theirs, name):
                continue
            a, b = getattr(theirs, name), getattr(ours, name)
            same = a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b))
            differences += not same
    assert differences == 0


def test_reference_states_are_bit_identical_to_satrec_array(pairs, cat, day):
    jd, fr = split_jd_utc(day)
    err, r, v = SatrecArray([Satrec.twoline2rv(a, b) for a, b in pairs]).sgp4(jd, fr)
    states = propagate(cat, day, jit=False, chunk_objects=1000, chunk_times=50)
    assert np.array_equal(states.error, err)
    ok = err == 0
    assert np.array_equal(states.r_km[ok], r[ok])
    assert np.array_equal(states.v_km_s[ok], v[ok])
    assert (~ok).any(), "the sample holds objects SGP4 fails on"
    assert np.isnan(states.r_km[~ok]).all() and np.isnan(states.v_km_s[~ok]).all()
    assert set(np.unique(err)) <= {0, 1, 2, 3, 4, 6}


def test_reference_minutes_match_sgp4_tsince(pairs, cat):
    sats = [Satrec.twoline2rv(a, b) for a, b in pairs[:40]]
    minutes = np.array([-4320.0, -1.5, 0.0, 10.0, 1440.0, 10080.0])
    states = propagate_minutes(cat[:40], minutes, jit=False)
    for i, sat in enumerate(sats):
        for j, m in enumerate(minutes):
            e, r, v = sat.sgp4_tsince(m)
            assert states.error[i, j] == e
            if e == 0:
                assert np.abs(states.r_km[i, j] - r).max() < MM
                assert np.abs(states.v_km_s[i, j] - v).max() < MM_S


# -- the fast path against the reference ----------------------------------------------------

@pytest.mark.skipif(not HAVE_KERNEL, reason="the numba kernel is not installed")
def test_jit_agrees_with_reference_to_1_mm(cat, day):
    ours = propagate(cat, day, jit=True)
    ref = propagate(cat, day, jit=False)
    assert np.array_equal(ours.error, ref.error)
    ok = ref.error == 0
    assert np.abs(ours.r_km[ok] - ref.r_km[ok]).max() < MM
    assert np.abs(ours.v_km_s[ok] - ref.v_km_s[ok]).max() < MM_S
    assert np.isnan(ours.r_km[~ok]).all()


def test_aspan_jit_environment_variable_selects_the_engine(cat, monkeypatch):
    monkeypatch.setenv("ASPAN_JIT", "0")
    assert not prop.use_jit()
    assert isinstance(prop.backend(cat[:2]), ReferenceBackend)
    monkeypatch.setenv("ASPAN_JIT", "1")
    assert prop.use_jit()
    monkeypatch.delenv("ASPAN_JIT")
    assert prop.use_jit()
    assert prop.use_jit(False) is False
    if HAVE_KERNEL:
        assert isinstance(prop.backend(cat[:2]), prop.JitBackend)


# -- shapes --------------------------------------------------------------------------------

@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.skipif(
    not HAVE_KERNEL, reason="no kernel"))])
def test_shapes_survive_scalars_and_arrays(cat, jit):
    ts = timescale()
    cases = {
        "Time scalar": (ts.utc(2024, 7, 5, 12), 1),
        "ISO string": ("2024-07-05T12:00:00Z", 1),
        "datetime": (dt.datetime(2024, 7, 5, 12, tzinfo=dt.UTC), 1),
        "list of ISO": (["2024-07-05T12:00:00Z", "2024-07-05T13:00:00Z"], 2),
        "Time array": (ts.utc(2024, 7, 5, 12, np.arange(3.0)), 3),
    }
    first = None
    for name, (times, n_times) in cases.items():
        for n_objects, sub in ((1, cat[0]), (3, cat[:3])):
            s = propagate(sub, times, jit=jit)
            assert s.r_km.shape == s.v_km_s.shape == (n_objects, n_times, 3), name
            assert s.error.shape == (n_objects, n_times), name
            assert s.norad_id.shape == (n_objects,) and s.times.shape == (n_times,), name
            for frame in ("gcrs", "itrs"):
                rotated = s.frame(frame)
                assert rotated.r_km.shape == rotated.v_km_s.shape == (n_objects, n_times, 3)
                assert rotated.frame_name == frame
        if first is None:
            first = s.r_km[:, 0]
        else:  # every way of saying 2024-07-05T12:00Z gives the same states
            assert np.array_equal(s.r_km[:, 0], first), name
    m = propagate_minutes(cat[:3], 90.0, jit=jit)
    assert m.r_km.shape == (3, 1, 3) and m.times.shape == (3, 1)
    m = propagate_minutes(cat[:3], [0.0, 90.0], jit=jit)
    assert m.r_km.shape == (3, 2, 3) and m.tsince_min.shape == (2,)
    assert m.frame("itrs").r_km.shape == (3, 2, 3)
    empty = propagate(cat[:0], ["2024-07-05T12:00:00Z"] * 2, jit=jit)
    assert empty.r_km.shape == (0, 2, 3)


def test_minutes_since_epoch_equal_absolute_times(cat):
    sub = cat[10:14]
    m = propagate_minutes(sub, [0.0, 1440.0], jit=False)
    for i in range(len(sub)):
        s = propagate(sub[i], m.times[i], jit=False)
        assert np.abs(s.r_km[0] - m.r_km[i]).max() < MM
    whole, frac = split_jd_utc(m.times[:, 0])  # minute 0 is each epoch, UTC
    assert np.array_equal(whole, sub.epoch_jd)
    assert np.abs(frac - sub.epoch_fr).max() * 86400.0 < 1e-6  # seconds


def test_repr_and_states_type(cat, day):
    s = propagate(cat[:2], day[:3], jit=False)
    assert isinstance(s, States)
    assert repr(s) == "<States of 2 objects at 3 times in TEME, 0 failed>"
    assert repr(s.frame("gcrs")).endswith("in GCRS, 0 failed>")


def test_bad_inputs_raise_input_errors(cat):
    with pytest.raises(InputError, match="expected a Catalog"):
        propagate([1, 2], "2024-07-05")
    with pytest.raises(InputError, match="not an ISO-8601"):
        propagate(cat[:1], "2024-13-45")
    with pytest.raises(InputError, match="chunk_objects is 0"):
        propagate(cat[:1], "2024-07-05", chunk_objects=0)
    with pytest.raises(InputError, match="tsince_min must be a scalar or one-dimensional"):
        propagate_minutes(cat[:1], np.zeros((2, 2)))
    with pytest.raises(InputError, match="format 'xlsx' is not one of"):
        propagate_to(cat[:1], "2024-07-05", io.StringIO(), "xlsx")
    with pytest.raises(InputError, match="frame 'j2000'"):
        propagate_to(cat[:1], "2024-07-05", io.StringIO(), "csv", frame="j2000")


# -- chunking and streaming ------------------------------------------------------------------

def test_chunked_equals_unchunked(cat, day):
    whole = propagate(cat, day, jit=False)
    pieces = propagate(cat, day, jit=False, chunk_objects=333, chunk_times=7)
    assert np.array_equal(whole.error, pieces.error)
    assert np.array_equal(whole.r_km, pieces.r_km, equal_nan=True)
    assert np.array_equal(whole.v_km_s, pieces.v_km_s, equal_nan=True)


@pytest.mark.parametrize("frame", ["teme", "gcrs", "itrs"])
def test_streamed_files_equal_in_memory_states_and_each_other(cat, day, tmp_path, frame):
    sub, times = cat[:120], day[:40]
    expected = propagate(sub, times, jit=False).frame(frame)
    outputs = {}
    for fmt in ("csv", "parquet", "npz", "json"):
        for label, chunks in (("one", {}), ("many", {"chunk_objects": 7, "chunk_times": 3})):
            path = tmp_path / f"{label}.{fmt}"
            rows = propagate_to(sub, times, path, fmt, frame=frame, jit=False, **chunks)
            assert rows == 120 * 40
            outputs[fmt, label] = path.read_bytes()
        if fmt == "parquet":  # row groups follow the blocks; the table is the same
            one, many = (pq.read_table(tmp_path / f"{x}.parquet") for x in ("one", "many"))
            assert one.equals(many) and one.schema.metadata == many.schema.metadata
        else:
            assert outputs[fmt, "one"] == outputs[fmt, "many"], fmt

    text = outputs["csv", "one"].decode()
    lines = text.splitlines()
    assert lines[0] == "norad_id,time_utc,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s,error"
    assert len(lines) == 1 + 120 * 40
    first = lines[1].split(",")
    assert first[0] == str(sub.norad_id[0]) and first[1] == "2024-07-05T00:00:00.000000Z"
    assert float(first[2]) == expected.r_km[0, 0, 0]  # shortest round-trip floats
    assert lines[41].split(",")[0] == str(sub.norad_id[1])  # object-major rows

    table = pq.read_table(tmp_path / "many.parquet")
    assert table.column_names == lines[0].split(",")
    assert np.array_equal(table["x_km"].to_numpy().reshape(120, 40), expected.r_km[..., 0],
                          equal_nan=True)
    assert np.array_equal(table["vz_km_s"].to_numpy().reshape(120, 40),
                          expected.v_km_s[..., 2], equal_nan=True)

    with np.load(tmp_path / "many.npz") as z:
        assert np.array_equal(z["r_km"], expected.r_km, equal_nan=True)
        assert np.array_equal(z["v_km_s"], expected.v_km_s, equal_nan=True)
        assert np.array_equal(z["error"], expected.error)
        assert np.array_equal(z["norad_id"], sub.norad_id)
        assert str(z["frame"]) == frame
        assert str(z["time_utc"][0]) == "2024-07-05T00:00:00.000000"


def test_streamed_minutes_since_epoch(cat, tmp_path):
    sub = cat[:9]
    minutes = np.arange(-30.0, 31.0, 10.0)
    expected = propagate_minutes(sub, minutes, jit=False).frame("itrs")
    path = tmp_path / "m.npz"
    propagate_to(sub, None, path, "npz", tsince_min=minutes, frame="itrs", jit=False,
                 chunk_objects=2, chunk_times=4)
    with np.load(path) as z:
        assert z["time_utc"].shape == (9, 7)
        assert np.abs(z["r_km"] - expected.r_km).max() < 1e-9
        assert np.abs(z["v_km_s"] - expected.v_km_s).max() < 1e-12


def test_progress_reports_every_block_up_to_the_total(cat, day):
    calls = []
    propagate_to(cat[:20], day[:10], io.StringIO(), "csv", jit=False, chunk_objects=6,
                 chunk_times=4, progress=lambda done, total: calls.append((done, total)))
    assert len(calls) == 4 * 3
    assert calls[-1] == (200, 200)
    assert all(b[0] > a[0] for a, b in zip(calls, calls[1:], strict=False))


def test_streaming_memory_stays_bounded(cat, day, tmp_path):
    """1,000 objects x 1,441 times (about 70 MB of states) with blocks of 20 objects."""
    times = time_range("2024-07-05T00:00:00Z", "2024-07-06T00:00:00Z", 60.0)
    sub = cat[:1000]
    held_mb = len(sub) * len(times) * (6 * 8 + 1) / 1e6
    for fmt in ("npz", "parquet", "csv"):
        tracemalloc.start()
        propagate_to(sub, times, tmp_path / f"big.{fmt}", fmt, jit=False, chunk_objects=20)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert peak / 1e6 < 16, (fmt, peak / 1e6, held_mb)  # held at once: 70 MB
