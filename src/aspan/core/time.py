"""Time: one Skyfield timescale with built-in Earth orientation data, and time parsing.

Times at the API are Skyfield ``Time`` objects or ISO-8601 UTC strings (or datetimes);
kernels take split Julian dates (whole, fraction) in UTC, as python-sgp4 does.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import numpy as np
from skyfield.api import Time, Timescale, load

from aspan.errors import InputError

#: DE421 covers 1899-07-29 to 2053-10-09; we promise the whole years 1900-2050.
DE421_FIRST_JD = 2415020.5  # 1900-01-01 00:00 UTC
DE421_LAST_JD = 2470172.5  # 2051-01-01 00:00 UTC


@lru_cache(maxsize=1)
def timescale() -> Timescale:
    """The process-wide timescale, from Skyfield's built-in UT1 and leap-second tables."""
    return load.timescale(builtin=True)


def parse_iso(text: str, *, what: str = "time") -> dt.datetime:
    """An ISO-8601 string to an aware UTC datetime; naive strings are taken as UTC.

    Accepts ``2026-11-28``, ``2026-11-28T17:00``, ``2026-11-28T17:00:00.25Z`` and offsets.
    """
    raw = str(text).strip()
    candidate = raw[:-1] + "+00:00" if raw.endswith(("Z", "z")) else raw
    try:
        value = dt.datetime.fromisoformat(candidate)
    except ValueError:
        raise InputError(
            f"{what} {raw!r} is not an ISO-8601 UTC time",
            hint="write it like 2026-11-28T17:00:00Z",
            field=what,
            value=raw,
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:  # 0001-01-01T00:00+01:00 is in the year 0 in UTC
        raise InputError(
            f"{what} {raw!r} falls outside the years 1-9999 once converted to UTC",
            hint="write it like 2026-11-28T17:00:00Z", field=what, value=raw,
        ) from None


def to_time(value, *, what: str = "time") -> Time:
    """A Skyfield ``Time`` from a Time, a datetime, an ISO string, or a sequence of these."""
    ts = timescale()
    if isinstance(value, Time):
        return value
    if isinstance(value, (str, dt.datetime)):
        return ts.from_datetime(_as_datetime(value, what))
    try:
        items = list(value)
    except TypeError:
        raise InputError(
            f"{what} {value!r:.60} is not a time: expected an ISO-8601 string, a datetime,"
            " a Skyfield Time or a sequence of them",
            hint="write it like 2026-11-28T17:00:00Z", field=what,
        ) from None
    if not items:
        raise InputError(f"{what}: the sequence of times is empty", field=what,
                         hint="give at least one time, like 2026-11-28T17:00:00Z")
    if isinstance(items[0], Time):
        return ts.tt_jd(np.concatenate([np.atleast_1d(t.tt) for t in items]))
    return ts.from_datetimes([_as_datetime(v, what) for v in items])


def _as_datetime(value, what: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return parse_iso(value, what=what)


def time_range(start, stop, step_s: float, *, max_steps: int = 50_000_000) -> Time:
    """Times from ``start`` to ``stop`` inclusive every ``step_s`` seconds (UTC steps)."""
    t0, t1 = to_time(start, what="start"), to_time(stop, what="stop")
    if not step_s > 0:
        raise InputError(f"step {step_s} s must be positive", field="step_s", value=step_s)
    w0, f0 = split_jd_utc(t0)
    w1, f1 = split_jd_utc(t1)
    span_s = float((w1[0] - w0[0]) * 86400.0 + (f1[0] - f0[0]) * 86400.0)
    if span_s < 0:
        raise InputError(
            f"stop {t1.utc_iso()} is before start {t0.utc_iso()}", hint="swap them", field="stop"
        )
    n = int(np.floor(span_s / step_s + 1e-9)) + 1
    if n > max_steps:
        raise InputError(
            f"{n} time steps asked for, at most {max_steps} allowed",
            hint="shorten the span or lengthen the step",
            field="step_s",
        )
    whole, frac = w0, f0
    offsets_s = np.arange(n, dtype=np.float64) * step_s
    days, rest_s = np.divmod(offsets_s, 86400.0)
    return utc_jd_split_to_time(whole + days, frac + rest_s / 86400.0)


def split_jd_utc(t: Time) -> tuple[np.ndarray, np.ndarray]:
    """UTC Julian dates of ``t`` as (whole, fraction) arrays: whole ends in .5, 0 <= fraction < 1.

    Exact to the microsecond and below (whole seconds are carried as integers). During a leap
    second the result repeats the last second of the day (SGP4 knows no leap seconds).
    """
    seconds, fraction_s, _ = t._utc_seconds(0.0)  # integer UTC seconds since JD 0.0, plus fraction
    seconds = np.atleast_1d(seconds).astype(np.float64)
    days = np.floor((seconds - 43200.0) / 86400.0)  # whole days since JD -0.5
    whole = days + 0.5
    frac = (seconds - 43200.0 - days * 86400.0 + np.atleast_1d(fraction_s)) / 86400.0
    return whole, frac


def utc_jd_split_to_time(whole, frac) -> Time:
    """A Skyfield ``Time`` from split UTC Julian dates (the inverse of ``split_jd_utc``)."""
    whole = np.asarray(whole, dtype=np.float64)
    frac = np.asarray(frac, dtype=np.float64)
    day = np.floor(frac)
    return timescale()._utc_jd(whole + day, frac - day)


def check_ephemeris_range(t: Time, *, what: str = "time") -> None:
    """Raise ``OutOfRangeError`` when any time lies outside DE421 (1900-2050)."""
    from aspan.errors import OutOfRangeError

    jd = np.atleast_1d(t.ut1)
    bad = (jd < DE421_FIRST_JD) | (jd >= DE421_LAST_JD)
    if bad.any():
        first = t[int(np.argmax(bad))] if t.shape else t
        raise OutOfRangeError(
            f"{what} {first.utc_iso()} is outside the DE421 ephemeris (1900-01-01 to 2050-12-31)",
            hint="choose a time between 1900 and 2050",
            field=what,
        )
