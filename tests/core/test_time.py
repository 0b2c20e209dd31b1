"""Time parsing and split UTC Julian dates, against textbook values and Skyfield."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from aspan.core.time import (
    check_ephemeris_range,
    parse_iso,
    split_jd_utc,
    time_range,
    timescale,
    to_time,
    utc_jd_split_to_time,
)
from aspan.errors import InputError, OutOfRangeError

MICROSECOND_DAY = 1e-6 / 86400.0


def test_j2000_noon_is_jd_2451545():
    # Meeus, Astronomical Algorithms, ch. 7: 2000 January 1.5 = JD 2451545.0
    whole, frac = split_jd_utc(to_time("2000-01-01T12:00:00Z"))
    assert whole[0] == 2451544.5
    assert frac[0] == 0.5


def test_split_matches_skyfield_utc_over_decades():
    ts = timescale()
    seconds = np.linspace(0, 60 * 365.25 * 86400, 997)
    t = ts.utc(1970, 1, 1, 0, 0, seconds)
    whole, frac = split_jd_utc(t)
    assert np.all(whole % 1 == 0.5)
    assert np.all((frac >= 0) & (frac < 1))
    # Skyfield's own UTC calendar tuple, re-expressed as a JD, is the authority here.
    year, month, day, hour, minute, second = t.utc
    expected = ts.utc(year, month, day, hour, minute, second)
    back = utc_jd_split_to_time(whole, frac)
    assert np.max(np.abs((back.tt - expected.tt) * 86400.0)) < 1e-6


def test_round_trip_is_sub_microsecond():
    t = to_time(["2024-07-05T00:00:00.000001Z", "2016-12-31T23:59:59.5Z", "2050-06-01T06:30:00Z"])
    whole, frac = split_jd_utc(t)
    back = utc_jd_split_to_time(whole, frac)
    assert np.max(np.abs(back.tt - t.tt)) * 86400.0 < 1e-6


def test_parse_iso_forms_and_error():
    assert parse_iso("2026-11-28") == dt.datetime(2026, 11, 28, tzinfo=dt.UTC)
    assert parse_iso("2026-11-28T17:00+06:00") == dt.datetime(2026, 11, 28, 11, tzinfo=dt.UTC)
    with pytest.raises(InputError) as info:
        parse_iso("28/11/2026", what="start")
    assert str(info.value) == (
        "start '28/11/2026' is not an ISO-8601 UTC time; write it like 2026-11-28T17:00:00Z"
    )


def test_time_range_steps_and_limits():
    t = time_range("2024-07-05T00:00:00Z", "2024-07-06T00:00:00Z", 60)
    assert t.shape == (1441,)
    assert t[-1].utc_iso() == "2024-07-06T00:00:00Z"
    with pytest.raises(InputError, match="is before start"):
        time_range("2024-07-06", "2024-07-05", 60)
    with pytest.raises(InputError, match="must be positive"):
        time_range("2024-07-05", "2024-07-06", 0)
    with pytest.raises(InputError, match="at most 1000 allowed"):
        time_range("2024-07-05", "2024-07-06", 1, max_steps=1000)


def test_to_time_accepts_scalars_sequences_and_times():
    assert to_time("2024-07-05T00:00:00Z").shape == ()
    assert to_time([dt.datetime(2024, 7, 5), "2024-07-06"]).shape == (2,)
    t = to_time("2024-07-05")
    assert to_time(t) is t


def test_outside_de421_is_a_clear_error():
    check_ephemeris_range(to_time(["1950-01-01", "2049-12-31"]))
    with pytest.raises(OutOfRangeError) as info:
        check_ephemeris_range(to_time(["2024-01-01", "2060-01-01"]), what="stop")
    assert str(info.value) == (
        "stop 2060-01-01T00:00:00Z is outside the DE421 ephemeris (1900-01-01 to 2050-12-31); "
        "choose a time between 1900 and 2050"
    )


@pytest.mark.parametrize("minutes", [1, 2, 3, 7, 59, 60, 61, 1439, 1440, 10080])
def test_time_range_keeps_the_stop_time(minutes):
    start = to_time("2024-07-05T00:00:00Z")
    stop = timescale().utc(2024, 7, 5, 0, minutes)
    t = time_range(start, stop, 60)
    assert t.shape == (minutes + 1,)
    assert abs((t[-1].tt - stop.tt) * 86400.0) < 1e-6
