"""How much of a body's disk stands above a lunar site's horizon: sunlight, Earth in view.

For each site, the body's centre stands ``h = alt - mask(az)`` degrees above the horizon
(the terrain mask at the body's azimuth; flat horizon: mask 0). In units of the disk's
apparent radius ``r``, ``x = h / r``; the visible fraction of a uniform disk cut by a level
horizon line ``x`` radii below its centre is ``(pi - acos(x) + x sqrt(1 - x^2)) / pi`` for
|x| <= 1, 1 above, 0 below. The horizon is taken level across the disk (the Sun's disk spans
0.53 deg of azimuth, about one sample of a 0.5 deg LOLA mask).

States: ``full`` (x >= 1, the whole disk up), ``partial`` (-1 < x < 1), ``dark``/``hidden``
(x <= -1). Boundaries are the crossings of ``x = -1`` and ``x = +1``, found by the one event
engine (``aspan.core.events``) on a grid of ``step_s`` and refined to ``tol_s``; the engine
finds every interval provided ``x`` has at most one extremum in two steps (at the pole the
Sun's azimuth sweeps a 0.5 deg mask sample in about an hour: 600 s steps are safe).

``visible_fraction`` is the time average of the visible disk fraction (the "average
illumination" of Mazarico et al. 2011), sampled on the grid (trapezoids).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from aspan.core.events import find_crossings, sample_times
from aspan.core.topocentric import HorizonMask
from aspan.errors import InputError
from aspan.moon.geometry import local_sky
from aspan.moon.horizon import flat_horizon
from aspan.moon.window import Window

STATES = ("dark", "partial", "full")


def disk_fraction(x) -> np.ndarray:
    """Visible fraction of a uniform disk whose centre is ``x`` radii above a level line."""
    x = np.clip(np.asarray(x, dtype=np.float64), -1.0, 1.0)
    return (np.pi - np.arccos(x) + x * np.sqrt(1.0 - x * x)) / np.pi


@dataclass
class Visibility:
    """One site's visibility of one body over a window.

    ``intervals``: (start_s, stop_s, state) covering the window, states in ``STATES``
    (``dark`` meaning no part of the disk above the horizon); seconds since the start.
    """

    body: str
    site: object
    window: Window
    step_s: float
    visible_fraction: float
    full_fraction: float
    any_fraction: float
    centre_fraction: float
    intervals: list = field(default_factory=list)

    def longest_s(self, state: str = "dark") -> float:
        """The longest interval in ``state`` (s); intervals cut by the window edges count with
        their part inside the window."""
        spans = [b - a for a, b, s in self.intervals if s == state]
        return float(max(spans, default=0.0))

    def intervals_utc(self, names: dict | None = None) -> list[dict]:
        names = names or {}
        starts = self.window.utc_iso([a for a, _, _ in self.intervals])
        stops = self.window.utc_iso([b for _, b, _ in self.intervals])
        return [{"start_utc": a, "stop_utc": b, "state": names.get(s, s)}
                for a, b, (_, _, s) in zip(starts, stops, self.intervals, strict=True)]


def _check_masks(sites, masks):
    if masks is None:
        return [flat_horizon()] * len(sites)
    if isinstance(masks, HorizonMask):
        return [masks] * len(sites)
    masks = list(masks)
    if len(masks) != len(sites):
        raise InputError(f"{len(masks)} horizon masks for {len(sites)} sites",
                         hint="give one mask per site, or one for all")
    return [flat_horizon() if m is None else m for m in masks]


def height_in_radii(sites, masks, body, window: Window):
    """``f(t_s) -> (x (n_sites, k), height_deg (n_sites, k))`` for the engine."""
    def f(t_s):
        w, fr = window.jd(t_s)
        sky = local_sky(sites, body, w, fr)
        h = np.empty_like(sky.alt_deg)
        for i, m in enumerate(masks):  # per site: a table lookup, vectorized over times
            h[i] = sky.alt_deg[i] - m.at(sky.az_deg[i])
        return h / sky.disk_radius_deg(body), h
    return f


def visibility(sites: Sequence, body: str, start, stop, *, step_s: float = 600.0,
               masks=None, tol_s: float = 1.0) -> list[Visibility]:
    """Visibility of ``body`` ("sun", "earth", ...) from each site over ``[start, stop]``.

    ``masks``: None (flat horizon), one ``HorizonMask`` for all, or one per site (None = flat).
    Returns one ``Visibility`` per site, in order.
    """
    sites = list(sites)
    masks = _check_masks(sites, masks)
    window = Window.of(start, stop)
    n = len(sites)
    f = height_in_radii(sites, masks, body, window)
    grid = sample_times(window.span_s, step_s)
    x_grid, h_grid = f(grid)
    levels = np.array([-1.0, 1.0])

    def f_grid(t):
        x = x_grid if (t.shape == grid.shape and np.array_equal(t, grid)) else f(t)[0]
        return (x[:, None, :] - levels[None, :, None]).reshape(2 * n, -1)

    def f_pairs(obj, t):
        site, level = obj // 2, levels[obj % 2]
        out = np.empty(t.shape)
        for i in np.unique(site):
            sel = site == i
            out[sel] = f(t[sel])[0][i] if n == 1 else _one(f, t[sel], i)
        return out - level

    crossings = find_crossings(f_grid, f_pairs, 2 * n, window.span_s, step_s, tol_s=tol_s)
    frac = disk_fraction(x_grid)
    dt = np.diff(grid)
    mean = lambda v: float(np.sum(0.5 * (v[1:] + v[:-1]) * dt) / window.span_s)  # noqa: E731
    out = []
    for i in range(n):
        sel = (crossings.obj // 2) == i
        cuts = np.unique(np.concatenate([[0.0], crossings.t_s[sel], [window.span_s]]))
        mids = 0.5 * (cuts[1:] + cuts[:-1])
        x_mid = f(mids)[0][i] if mids.size else np.empty(0)
        states = np.where(x_mid >= 1.0, 2, np.where(x_mid > -1.0, 1, 0))
        intervals = _merge(cuts, states)
        durations = {s: sum(b - a for a, b, st in intervals if st == s) for s in STATES}
        out.append(Visibility(
            body=body, site=sites[i], window=window, step_s=step_s,
            visible_fraction=mean(frac[i]),
            full_fraction=durations["full"] / window.span_s,
            any_fraction=(durations["full"] + durations["partial"]) / window.span_s,
            centre_fraction=mean((h_grid[i] >= 0).astype(float)),
            intervals=intervals))
    return out


def _one(f, t, i):
    return f(t)[0][i]


def _merge(cuts, states) -> list:
    out = []
    for a, b, s in zip(cuts[:-1], cuts[1:], states, strict=True):
        name = STATES[int(s)]
        if out and out[-1][2] == name:
            out[-1] = (out[-1][0], float(b), name)
        else:
            out.append((float(a), float(b), name))
    return out
