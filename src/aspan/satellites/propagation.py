"""SGP4 propagation of a whole catalog at many times, in memory or streamed to disk.

``propagate(cat, times)`` and ``propagate_minutes(cat, tsince_min)`` return ``States`` with
``r_km``/``v_km_s`` of shape ``(n_objects, n_times, 3)`` in TEME and ``error`` of shape
``(n_objects, n_times)`` (python-sgp4's codes; NaN states where ``error != 0``), whatever the
input shapes (a scalar time gives ``n_times == 1``). ``propagate_to`` writes the same states,
in any frame, to csv/json/parquet/npz block by block, holding one block at a time.

Two interchangeable engines compute them (DESIGN.md rule 3): the numba kernel
``aspan.kernels.sgp4`` (``jit=True``) and python-sgp4's ``SatrecArray`` (``jit=False``, the
reference). ``jit=None`` reads ``ASPAN_JIT`` (``0`` selects the reference; default on).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable

import numpy as np
from skyfield.timelib import Time

from aspan.catalog.elements import Catalog
from aspan.compute.chunks import (
    FORMATS,
    choose_chunks,
    chunk_slices,
    open_writer,
    remove_quietly,
    utc_jd_to_unix_us,
)
from aspan.compute.memory import prefaulted_empty
from aspan.core.frames import apply_teme_matrix, check_frame, teme_matrix
from aspan.core.time import split_jd_utc, to_time, utc_jd_split_to_time
from aspan.errors import InputError, StaleElementsWarning
from aspan.satellites.reference import ReferenceBackend, sgp4init_arguments
from aspan.satellites.states import States

#: in-memory results above this many bytes are refused (use ``propagate_to``)
MAX_IN_MEMORY_BYTES = 64 * 2**30
#: element sets used this many days or more from their epoch draw a ``StaleElementsWarning``
STALE_DAYS = 30.0

Progress = Callable[[int, int], None]


def use_jit(jit: bool | None = None) -> bool:
    """Whether the numba kernel runs: ``jit`` if given, else ``ASPAN_JIT`` (default on)."""
    if jit is not None:
        return bool(jit)
    return os.environ.get("ASPAN_JIT", "1").strip().lower() not in ("0", "false", "no", "off")


def _jit_kernel():
    """The numba SGP4 kernel module's three functions, or None while it is not installed."""
    try:
        from aspan.kernels import sgp4 as kernel
    except ImportError:
        return None
    init = getattr(kernel, "sgp4_init", None)
    if init is None:
        try:
            from aspan.kernels.sgp4_init import sgp4_init as init
        except ImportError:
            return None
    return init, kernel.sgp4_propagate, kernel.sgp4_propagate_tsince


class JitBackend:
    """Propagation through the numba kernel ``aspan.kernels.sgp4`` (WGS72, opsmode 'i')."""

    name = "aspan-numba"
    nan_on_error = True  # the kernel writes NaN states wherever it sets an error code

    def __init__(self, cat: Catalog, kernel) -> None:
        init, self._propagate, self._propagate_tsince = kernel
        a = sgp4init_arguments(cat)
        self.params = init(a["epoch_jd"], a["epoch_fr"], a["no_kozai_rad_min"], a["ecco"],
                           a["inclo_rad"], a["nodeo_rad"], a["argpo_rad"], a["mo_rad"],
                           a["bstar"], a["ndot"], a["nddot"])

    def propagate(self, objects, jd, fr, r_out, v_out, err_out) -> None:
        self._propagate(np.ascontiguousarray(self.params[objects]), np.ascontiguousarray(jd),
                        np.ascontiguousarray(fr), r_out, v_out, err_out)

    def propagate_tsince(self, objects, tsince_min, r_out, v_out, err_out) -> None:
        self._propagate_tsince(np.ascontiguousarray(self.params[objects]),
                               np.ascontiguousarray(tsince_min, dtype=np.float64),
                               r_out, v_out, err_out)


def backend(cat: Catalog, jit: bool | None = None):
    """The engine for ``cat``: ``JitBackend`` when the kernel runs, else ``ReferenceBackend``."""
    if use_jit(jit):
        kernel = _jit_kernel()
        if kernel is not None:
            return JitBackend(cat, kernel)
        if jit:
            raise InputError("the numba SGP4 kernel (aspan.kernels.sgp4) is not installed",
                             hint="use jit=False or ASPAN_JIT=0 for the python-sgp4 path")
    return ReferenceBackend(cat)


def _as_times(times) -> Time:
    t = to_time(times)
    if t.shape == ():
        t = t.ts.tt_jd(np.atleast_1d(t.whole), np.atleast_1d(t.tt_fraction))
    if len(t.shape) != 1:
        raise InputError(f"times must be a scalar or one-dimensional, got shape {t.shape}",
                         field="times")
    return t


def _as_minutes(tsince_min) -> np.ndarray:
    m = np.atleast_1d(np.asarray(tsince_min, dtype=np.float64))
    if m.ndim != 1:
        raise InputError(f"tsince_min must be a scalar or one-dimensional, got shape {m.shape}",
                         field="tsince_min")
    if not np.isfinite(m).all():
        raise InputError("tsince_min holds NaN or infinite minutes", field="tsince_min")
    return m


def _check_catalog(cat: Catalog) -> None:
    if not isinstance(cat, Catalog):
        raise InputError(f"expected a Catalog, got {type(cat).__name__}",
                         hint="build one with aspan.api.load_catalog or read_catalog")


def warn_stale(cat: Catalog, days_from_epoch: np.ndarray) -> None:
    """Warn once when any object is used ``STALE_DAYS`` or more from its epoch.

    ``days_from_epoch``: (n_objects,) the largest distance in days between an object's epoch
    and the times it is propagated to (Vallado et al. 2006, "Revisiting Spacetrack Report #3":
    SGP4 element sets are good for days, their errors grow by km per day).
    """
    age = np.abs(np.asarray(days_from_epoch, dtype=np.float64))
    stale = np.flatnonzero(age >= STALE_DAYS)
    if stale.size:
        worst = int(stale[np.argmax(age[stale])])
        warnings.warn(
            f"{stale.size} of {len(cat)} objects are propagated {STALE_DAYS:g} days or more from"
            f" their epoch (up to {age[worst]:.1f} days, catalog number {cat.norad_id[worst]});"
            " SGP4 errors grow by kilometres per day: use recent element sets"
            " (aspan catalog update)", StaleElementsWarning, stacklevel=3)


def _days_from_epoch(cat: Catalog, jd: np.ndarray, fr: np.ndarray) -> np.ndarray:
    """(n_objects,) the largest |time - epoch| in days over split UTC Julian dates."""
    if not len(jd):
        return np.zeros(len(cat))
    first, last = np.argmin(jd + fr), np.argmax(jd + fr)
    early = (jd[first] - cat.epoch_jd) + (fr[first] - cat.epoch_fr)
    late = (jd[last] - cat.epoch_jd) + (fr[last] - cat.epoch_fr)
    return np.maximum(np.abs(early), np.abs(late))


def _check_size(n_objects: int, n_times: int) -> None:
    size = n_objects * n_times * (6 * 8 + 1)
    if size > MAX_IN_MEMORY_BYTES:
        raise InputError(f"{n_objects} objects x {n_times} times need {size / 2**30:.0f} GiB "
                         "in memory", hint="stream them to a file with propagate_to")


def _run(engine, n_objects: int, n_times: int, block, chunk_objects, chunk_times,
         progress: Progress | None = None):
    """Fill (n, t) outputs block by block; ``block(engine, objs, times, r, v, e)`` computes one."""
    r_km = prefaulted_empty((n_objects, n_times, 3))
    v_km_s = prefaulted_empty((n_objects, n_times, 3))
    error = prefaulted_empty((n_objects, n_times), dtype=np.uint8)
    if chunk_objects is None and chunk_times is None:
        # the outputs are whole in memory already: one pass keeps every thread busy to the
        # end instead of meeting at the end of each block
        co, ct = max(n_objects, 1), max(n_times, 1)
    else:
        co, ct = choose_chunks(n_objects, n_times, chunk_objects, chunk_times)
    total, done = n_objects * n_times, 0
    for objs in chunk_slices(n_objects, co):
        for ts in chunk_slices(n_times, ct):
            _block(engine, block, objs, ts, r_km, v_km_s, error)
            done += (objs.stop - objs.start) * (ts.stop - ts.start)
            if progress is not None:
                progress(done, total)
    return r_km, v_km_s, error


def _block(engine, block, objs: slice, ts: slice, r_km, v_km_s, error) -> None:
    """One block, computed straight into the outputs when their block views are contiguous."""
    r, v, e = r_km[objs, ts], v_km_s[objs, ts], error[objs, ts]
    direct = r.flags.c_contiguous and v.flags.c_contiguous and e.flags.c_contiguous
    if not direct:
        r, v, e = np.empty(r.shape), np.empty(v.shape), np.empty(e.shape, dtype=np.uint8)
    block(engine, objs, ts, r, v, e)
    if not engine.nan_on_error:
        bad = e != 0
        r[bad] = np.nan
        v[bad] = np.nan
    if not direct:
        r_km[objs, ts], v_km_s[objs, ts], error[objs, ts] = r, v, e


def propagate(cat: Catalog, times, *, jit: bool | None = None, chunk_objects: int | None = None,
              chunk_times: int | None = None) -> States:
    """SGP4 states (TEME) of every object of ``cat`` at ``times``.

    ``times``: a Skyfield ``Time`` (scalar or 1-D), a datetime or ISO-8601 UTC string, or a
    sequence of these. Returns ``States`` with ``r_km``, ``v_km_s`` (n_objects, n_times, 3)
    and ``error`` (n_objects, n_times). All of them are computed in one parallel pass unless
    ``chunk_objects`` x ``chunk_times`` bound the blocks computed at once (for memory bounds
    on large grids use ``propagate_to``, which streams).
    """
    _check_catalog(cat)
    t = _as_times(times)
    n, m = len(cat), t.shape[0]
    _check_size(n, m)
    jd, fr = split_jd_utc(t)
    warn_stale(cat, _days_from_epoch(cat, jd, fr))
    engine = backend(cat, jit) if n else None

    def block(engine, objs, ts, r, v, e):
        engine.propagate(objs, jd[ts], fr[ts], r, v, e)

    r_km, v_km_s, error = _run(engine, n, m, block, chunk_objects, chunk_times)
    return States(cat.norad_id.copy(), t, r_km, v_km_s, error)


def propagate_minutes(cat: Catalog, tsince_min, *, jit: bool | None = None,
                      chunk_objects: int | None = None,
                      chunk_times: int | None = None) -> States:
    """SGP4 states (TEME) at ``tsince_min`` minutes since each object's own epoch.

    ``tsince_min``: a scalar or (n_times,) minutes, the same for every object. ``States.times``
    then has shape (n_objects, n_times) (each object's epoch plus the minutes, UTC).
    """
    _check_catalog(cat)
    minutes = _as_minutes(tsince_min)
    n, m = len(cat), minutes.shape[0]
    _check_size(n, m)
    warn_stale(cat, np.full(n, np.abs(minutes).max() / 1440.0))
    engine = backend(cat, jit) if n else None

    def block(engine, objs, ts, r, v, e):
        engine.propagate_tsince(objs, minutes[ts], r, v, e)

    r_km, v_km_s, error = _run(engine, n, m, block, chunk_objects, chunk_times)
    whole, frac = _epoch_plus_minutes(cat, minutes)
    return States(cat.norad_id.copy(), utc_jd_split_to_time(whole, frac), r_km, v_km_s, error,
                  tsince_min=minutes)


def _epoch_plus_minutes(cat: Catalog, minutes: np.ndarray, objs: slice = slice(None)):
    """UTC split Julian dates (k, n_times) of each object's epoch plus ``minutes``."""
    whole = np.broadcast_to(cat.epoch_jd[objs, None], (len(cat.epoch_jd[objs]), len(minutes)))
    frac = cat.epoch_fr[objs, None] + minutes[None, :] / 1440.0
    return np.array(whole), frac


def propagate_to(cat: Catalog, times, path, fmt: str = "csv", *, tsince_min=None,
                 frame: str = "teme", jit: bool | None = None, chunk_objects: int | None = None,
                 chunk_times: int | None = None, progress: Progress | None = None) -> int:
    """Propagate and write the states to ``path`` block by block; returns the number of rows.

    ``times`` as for ``propagate`` (or None with ``tsince_min``, minutes since each epoch).
    ``fmt``: 'csv', 'json', 'parquet' or 'npz' (see ``aspan.compute.chunks``); ``path`` may be
    a text stream for csv and json. ``frame``: 'teme', 'gcrs' or 'itrs'. Memory holds one block
    of ``chunk_objects`` objects at all times (computed ``chunk_times`` at a time); by default
    about 32 MiB of states. ``progress(done, total)`` is called after each block, in
    propagations (object-times).
    """
    _check_catalog(cat)
    frame = check_frame(frame)
    if fmt not in FORMATS:
        raise InputError(f"format {fmt!r} is not one of {', '.join(FORMATS)}", field="format",
                         value=fmt)
    if (times is None) == (tsince_min is None):
        raise InputError("give either times or tsince_min", field="times")
    n = len(cat)
    if tsince_min is None:
        t = _as_times(times)
        m = t.shape[0]
        jd, fr = split_jd_utc(t)
    else:
        minutes = _as_minutes(tsince_min)
        m = minutes.shape[0]
    co, ct = choose_chunks(n, m, chunk_objects, chunk_times)
    engine = backend(cat, jit) if n else None
    shared = tsince_min is None
    if shared:  # one set of times for all: rotation matrices and time stamps once
        matrix = teme_matrix(t, frame)
        time_us = utc_jd_to_unix_us(jd, fr)
    total, done = n * m, 0
    writer = open_writer(path, fmt, frame=frame)
    try:
        for objs in chunk_slices(n, co):
            k = objs.stop - objs.start
            r_km = np.empty((k, m, 3))
            v_km_s = np.empty((k, m, 3))
            error = np.empty((k, m), dtype=np.uint8)
            if not shared:
                whole_k, frac_k = _epoch_plus_minutes(cat, minutes, objs)
                time_us = utc_jd_to_unix_us(whole_k, frac_k)
            for ts in chunk_slices(m, ct):
                if shared:
                    def block(e, _objs, s, r, v, er, objs=objs):
                        e.propagate(objs, jd[s], fr[s], r, v, er)
                    m_block = None if matrix is None else matrix[ts]
                else:
                    def block(e, _objs, s, r, v, er, objs=objs):
                        e.propagate_tsince(objs, minutes[s], r, v, er)
                    m_block = teme_matrix(utc_jd_split_to_time(whole_k[:, ts], frac_k[:, ts]),
                                          frame)
                _block(engine, block, slice(0, k), ts, r_km, v_km_s, error)
                if m_block is not None:
                    r_km[:, ts], v_km_s[:, ts] = apply_teme_matrix(m_block, r_km[:, ts],
                                                                   v_km_s[:, ts], frame)
                done += k * (ts.stop - ts.start)
                if progress is not None:
                    progress(done, total)
            writer.write(cat.norad_id[objs], time_us, r_km, v_km_s, error)
    except BaseException:
        writer.close(ok=False)
        if not hasattr(path, "write"):
            remove_quietly(path)
        raise
    writer.close()
    return writer.rows
