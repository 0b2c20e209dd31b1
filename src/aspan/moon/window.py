"""A time window sampled in seconds since its start, for the event engine (``core.events``).

The engine works on float seconds since the window start; the Moon's code needs split TDB
Julian dates for DE421 and UTC strings for people. ``Window`` converts between them.
Seconds here are TDB seconds (equal to TT and TAI seconds to 2 ms; leap seconds do not
stretch the window).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aspan.core.time import check_ephemeris_range, timescale, to_time
from aspan.errors import InputError


@dataclass(frozen=True)
class Window:
    """``[start, stop]`` as a TDB Julian date split (``whole``, ``frac``) and ``span_s``."""

    whole: float
    frac: float
    span_s: float

    @classmethod
    def of(cls, start, stop) -> Window:
        t0, t1 = to_time(start, what="start"), to_time(stop, what="stop")
        check_ephemeris_range(t0, what="start")
        check_ephemeris_range(t1, what="stop")
        span_s = float((t1.whole - t0.whole) + (t1.tdb_fraction - t0.tdb_fraction)) * 86400.0
        if span_s <= 0:
            raise InputError(f"stop {t1.utc_iso()} is not after start {t0.utc_iso()}",
                             field="stop", hint="give a stop time later than the start")
        return cls(float(t0.whole), float(t0.tdb_fraction), span_s)

    def jd(self, t_s):
        """Split TDB Julian dates ``(whole, frac)`` of seconds since the start."""
        t_s = np.atleast_1d(np.asarray(t_s, dtype=np.float64))
        return np.full(t_s.shape, self.whole), self.frac + t_s / 86400.0

    def time(self, t_s):
        """Skyfield ``Time`` of seconds since the start."""
        w, f = self.jd(t_s)
        return timescale().tdb_jd(w, f)

    def utc_iso(self, t_s) -> list[str]:
        """ISO-8601 UTC strings (to the second) of seconds since the start."""
        t_s = np.atleast_1d(np.asarray(t_s, dtype=np.float64))
        if not t_s.size:
            return []
        return [str(s) for s in np.atleast_1d(self.time(t_s).utc_strftime("%Y-%m-%dT%H:%M:%SZ"))]
