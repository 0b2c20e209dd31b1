"""Observability: when each target can be observed from a site, and for how many hours.

``Observability(site, constraints, start, stop)`` samples the constraints' combined margin
(``aspan.observing.constraints``) on a grid of ``step_s`` for all targets at once and
refines every window edge with the one event engine (``aspan.core.events.intervals_above``)
to ``tol_s``. ``observable_hours`` integrates the sampled observability over the period;
``hours_per_year`` does so over a calendar year in blocks of days (memory stays bounded for
thousands of targets).

Step: the margin changes at most as fast as the sky turns (15 deg/h on Earth, 0.5 deg/h on
the Moon) or the Sun crosses a limit; 300 s on Earth and 1800 s on the Moon leave far fewer
than one extremum per two steps, so no window longer than a step is missed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aspan.core.events import Intervals, intervals_above, sample_times
from aspan.errors import InputError
from aspan.observing.constraints import Constraints
from aspan.observing.geometry import SiteGeometry


def default_step_s(lunar: bool) -> float:
    """Sampling step of the constraint grid: 300 s on Earth, 1800 s on the Moon."""
    return 1800.0 if lunar else 300.0


@dataclass
class Windows:
    """Observable windows of ``n`` targets: ``intervals`` in seconds since the start of
    ``geometry.window`` (open edges clipped to the period)."""

    geometry: SiteGeometry
    intervals: Intervals
    n_targets: int

    def per_target(self) -> list[list[tuple[float, float]]]:
        span = self.geometry.span_s
        out: list[list[tuple[float, float]]] = [[] for _ in range(self.n_targets)]
        start = np.nan_to_num(self.intervals.start_s, nan=0.0)
        stop = np.nan_to_num(self.intervals.stop_s, nan=span)
        for o, a, b in zip(self.intervals.obj, start, stop, strict=True):
            out[int(o)].append((float(a), float(b)))
        return out

    def hours(self) -> np.ndarray:
        """Observable hours per target over the period (from the refined windows)."""
        d = self.intervals.durations_s(self.geometry.span_s)
        return np.bincount(self.intervals.obj, weights=d, minlength=self.n_targets) / 3600.0


class Observability:
    """Constraint evaluation for one site and period (see module doc)."""

    def __init__(self, site, constraints: Constraints, start, stop,
                 step_s: float | None = None) -> None:
        self.geometry = SiteGeometry(site, start, stop)
        self.constraints = constraints
        self.step_s = step_s or default_step_s(self.geometry.lunar)
        if not self.step_s > 0:
            raise InputError(f"step {self.step_s} s must be positive", field="step_s")

    def grid(self, u: np.ndarray, t_s: np.ndarray | None = None):
        """``(t_s, margins)``: sample times and margins by constraint, each (n, k)."""
        t_s = sample_times(self.geometry.span_s, self.step_s) if t_s is None else t_s
        sky = self.geometry.at(t_s)
        return t_s, self.constraints.margins(sky, u)

    def windows(self, u: np.ndarray, tol_s: float = 1.0) -> Windows:
        """Refined observable windows of targets ``u`` (ICRS unit vectors, (n, 3))."""
        u = np.atleast_2d(np.asarray(u, dtype=np.float64))

        def f_grid(t):
            return self.constraints.margin(self.geometry.at(t), u)

        def f_pairs(obj, t):
            if not obj.size:
                return np.empty(0)
            return self.constraints.margin(self.geometry.at(t), u[obj], pairs=True)

        iv = intervals_above(f_grid, f_pairs, u.shape[0], self.geometry.span_s, self.step_s,
                             tol_s=tol_s)
        return Windows(self.geometry, iv, u.shape[0])

    def observable_hours(self, u: np.ndarray, chunk_times: int = 2048) -> np.ndarray:
        """Hours each target is observable over the period (sampled grid, trapezoids)."""
        u = np.atleast_2d(np.asarray(u, dtype=np.float64))
        t_all = sample_times(self.geometry.span_s, self.step_s)
        total = np.zeros(u.shape[0])
        for i in range(0, t_all.size - 1, chunk_times):
            t = t_all[i:i + chunk_times + 1]
            ok = (self.constraints.margin(self.geometry.at(t), u) >= 0).astype(np.float64)
            total += np.sum(0.5 * (ok[:, 1:] + ok[:, :-1]) * np.diff(t)[None, :], axis=1)
        return total / 3600.0


def hours_per_year(site, constraints: Constraints, u: np.ndarray, year: int,
                   step_s: float | None = None) -> np.ndarray:
    """Observable hours of targets ``u`` (n, 3) from ``site`` in calendar ``year`` (UTC)."""
    if not 1900 <= int(year) <= 2049:
        raise InputError(f"year {year} is outside the DE421 ephemeris (1900-2049)",
                         field="year", value=year)
    obs = Observability(site, constraints, f"{int(year)}-01-01T00:00:00Z",
                        f"{int(year) + 1}-01-01T00:00:00Z", step_s)
    return obs.observable_hours(u)
