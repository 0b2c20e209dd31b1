"""Passes of many satellites over many Earth sites: rise, culmination, set, never missing one.

``find_passes(cat, sites, start, stop)`` samples every object's SGP4 state on a grid whose step
follows from its orbit (``interpolation.sampling_step_s``), rotates it to ITRS once, and hands
the elevation above each site's mask to the one event engine (``aspan.core.events``), which
brackets sign changes *and* sampled maxima (so grazing passes between samples are found) and
refines them with cubic Hermite interpolation of the sampled states (no SGP4 call per probe).

Elevation is geometric by default (as Skyfield's ``altaz()``); ``refraction=True`` applies the
Saemundsson refraction of ``aspan.core.topocentric`` and the mask is then on the apparent
elevation. A ``HorizonMask`` (azimuth-dependent) is handled in two stages: passes above the
mask's lowest value, then, inside each of them, the spans above the mask at the current
azimuth (a pass may split in two behind a mountain).

Times are seconds since the window start (``Passes.start``); missing ends are NaN: a pass
under way at the start has no rise, one still under way at the end no set, and its culmination
is empty when the highest point is at the window's edge. See ``docs/passes.md`` for why no
pass is missed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from skyfield.timelib import Time

from aspan.catalog.elements import Catalog
from aspan.core.events import find_extrema, intervals_above, sample_times
from aspan.core.sites import EarthSite, site_from_text
from aspan.core.time import check_ephemeris_range, split_jd_utc, to_time
from aspan.core.topocentric import (
    HorizonMask,
    SiteFrame,
    apparent_elevation_deg,
    look_angles,
)
from aspan.errors import InputError
from aspan.satellites.interpolation import (
    SampledTracks,
    grid_elevation_range,
    grid_times,
    itrs_matrices,
    sampling_step_s,
    teme_to_itrs,
)
from aspan.satellites.optical import (
    OPTICAL_COLUMNS,
    SunTrack,
    darkness_limit_deg,
    optical_columns,
)
from aspan.satellites.propagation import propagate

C_KM_S = 299792.458
_LOW = -1.0e6  # grid value standing for "cannot reach the mask between neighbouring samples"
EVENTS = ("rise", "culmination", "set")


@dataclass(frozen=True, eq=False)
class Passes:
    """Passes as a struct of arrays, one row per pass (object x site x pass).

    ``obj`` indexes the catalog, ``site`` the ``sites`` tuple. Per event (rise, culmination,
    set): ``{event}_s`` seconds since ``start`` (NaN when missing), ``{event}_azimuth_deg``,
    ``{event}_elevation_deg``, ``{event}_range_km``, ``{event}_range_rate_km_s``.
    ``max_elevation_deg`` is the highest elevation inside the window (the culmination's when
    there is one). Elevations are apparent when ``refraction`` is set, else geometric.
    """

    start: Time
    span_s: float
    sites: tuple[EarthSite, ...]
    norad_id: np.ndarray
    name: np.ndarray
    obj: np.ndarray
    site: np.ndarray
    columns: dict[str, np.ndarray]
    refraction: bool = False
    frequency_mhz: float | None = None
    step_s: np.ndarray = field(default_factory=lambda: np.empty(0))

    def __len__(self) -> int:
        return len(self.obj)

    def __getattr__(self, name: str):
        columns = self.__dict__.get("columns", {})
        if name in columns:
            return columns[name]
        raise AttributeError(name)

    def __repr__(self) -> str:
        return (f"<Passes: {len(self)} over {len(self.sites)} site"
                f"{'s' if len(self.sites) != 1 else ''} in {self.span_s / 3600:.6g} h>")

    def time(self, event: str) -> Time:
        """Skyfield ``Time`` of ``event`` ('rise', 'culmination', 'set'); NaN where missing."""
        return grid_times(self.start, self.columns[f"{event}_s"])

    def doppler_hz(self, event: str) -> np.ndarray:
        """Doppler shift at ``event`` for ``frequency_mhz``: ``-f * range_rate / c`` (first
        order; the received frequency is ``f + shift``). NaN where the event is missing."""
        if self.frequency_mhz is None:
            raise InputError("no frequency given", hint="pass frequency_mhz to find_passes")
        return -self.frequency_mhz * 1e6 * self.columns[f"{event}_range_rate_km_s"] / C_KM_S

    def select(self, mask) -> Passes:
        """The passes where the boolean ``mask`` (or integer index) is set."""
        cols = {k: v[mask] for k, v in self.columns.items()}
        return Passes(self.start, self.span_s, self.sites, self.norad_id, self.name,
                      self.obj[mask], self.site[mask], cols, self.refraction,
                      self.frequency_mhz, self.step_s)

    def iso(self, event: str) -> list[str | None]:
        """ISO-8601 UTC strings (ms) of ``event``, None where missing."""
        seconds = self.columns[f"{event}_s"]
        out: list[str | None] = [None] * seconds.size
        ok = np.flatnonzero(np.isfinite(seconds))
        if ok.size:
            texts = grid_times(self.start, seconds[ok]).utc_strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            for i, text in zip(ok, texts, strict=True):
                out[i] = text[:23] + "Z"
        return out

    def to_records(self) -> list[dict]:
        """One dict per pass with the JSON fields of ``aspan passes --json``."""
        names = EVENTS + (("visible_start", "visible_stop")
                          if "visible_start_s" in self.columns else ())
        iso = {event: self.iso(event) for event in names}
        c = self.columns
        records = []
        dopplers = ({e: self.doppler_hz(e) for e in EVENTS}
                    if self.frequency_mhz is not None else None)
        for row in range(len(self)):
            o = int(self.obj[row])
            rec = {
                "norad_id": int(self.norad_id[o]),
                "name": str(self.name[o]),
                "station": self.sites[int(self.site[row])].key or self.sites[
                    int(self.site[row])].name,
                "rise_utc": iso["rise"][row],
                "culmination_utc": iso["culmination"][row],
                "set_utc": iso["set"][row],
                "max_elevation_deg": _num(c["max_elevation_deg"][row], 3),
            }
            for event in EVENTS:
                rec[f"{event}_azimuth_deg"] = _num(c[f"{event}_azimuth_deg"][row], 3)
            for event in EVENTS:
                rec[f"{event}_range_km"] = _num(c[f"{event}_range_km"][row], 3)
                rec[f"{event}_range_rate_km_s"] = _num(c[f"{event}_range_rate_km_s"][row], 5)
            if "visible_start_s" in c:
                rec["visible_start_utc"] = iso["visible_start"][row]
                rec["visible_end_utc"] = iso["visible_stop"][row]
                rec["visible"] = bool(np.isfinite(c["best_s"][row]))
                rec["visible_max_elevation_deg"] = _num(c["best_elevation_deg"][row], 3)
                rec["sunlit_fraction"] = _num(c["lit_fraction"][row], 3)
                rec["sun_elevation_deg"] = _num(c["sun_elevation_deg"][row], 2)
                rec["phase_angle_deg"] = _num(c["phase_angle_deg"][row], 2)
                rec["magnitude"] = _num(c["magnitude"][row], 2)
            if dopplers is not None:
                rec["frequency_mhz"] = self.frequency_mhz
                for event in EVENTS:
                    rec[f"{event}_doppler_hz"] = _num(dopplers[event][row], 1)
            records.append(rec)
        return records


def _num(value, digits: int):
    value = float(value)
    return round(value, digits) if np.isfinite(value) else None


def as_sites(sites) -> tuple[EarthSite, ...]:
    """One site or many: ``EarthSite`` objects or texts ``NAME`` / ``LAT,LON[,H]``."""
    if isinstance(sites, (EarthSite, str)):
        sites = [sites]
    out = tuple(s if isinstance(s, EarthSite) else site_from_text(str(s)) for s in sites)
    if not out:
        raise InputError("no site given", hint="give a site name or LAT,LON[,HEIGHT_M]")
    return out


def window(start, stop=None, *, hours: float | None = None) -> tuple[Time, float]:
    """The window start (``Time``) and its length in seconds, from ``stop`` or ``hours``."""
    t0 = to_time(start, what="start")
    if (stop is None) == (hours is None):
        raise InputError("give either a stop time or a number of hours", field="stop")
    if hours is not None:
        if not (np.isfinite(hours) and 0 < hours <= 24 * 366):
            raise InputError(f"hours {hours} must be in (0, 8784]", field="hours", value=hours)
        span_s = float(hours) * 3600.0
    else:
        t1 = to_time(stop, what="stop")
        w0, f0 = split_jd_utc(t0)
        w1, f1 = split_jd_utc(t1)
        span_s = float((w1[0] - w0[0]) * 86400.0 + (f1[0] - f0[0]) * 86400.0)
        if span_s <= 0:
            raise InputError(f"stop {t1.utc_iso()} is not after start {t0.utc_iso()}",
                             field="stop", hint="swap them")
    if t0.shape:
        t0 = t0[0]
    return t0, span_s


def _masks(masks, sites, min_elevation_deg: float) -> list[HorizonMask]:
    if masks is None or isinstance(masks, HorizonMask):
        masks = [masks] * len(sites)
    masks = list(masks)
    if len(masks) != len(sites):
        raise InputError(f"{len(masks)} masks for {len(sites)} sites", field="masks")
    out = []
    for m in masks:
        m = HorizonMask.constant(min_elevation_deg) if m is None else m.raised(min_elevation_deg)
        out.append(m)
    return out


class SiteView:
    """The elevation above one site of the objects of a ``SampledTracks``, for the engine."""

    def __init__(self, tracks: SampledTracks, frame: SiteFrame, refraction: bool,
                 level: float, step_s: float) -> None:
        self.tracks, self.frame, self.refraction = tracks, frame, refraction
        el, rng = grid_elevation_range(tracks, frame.r_km, frame.up)
        el = np.nan_to_num(apparent_elevation_deg(el, refraction), nan=-90.0)
        self.el = el
        # How far the line of sight can turn within one step of a sample: displacement
        # (fastest sampled speed, with a margin) over the range; refraction adds < 0.6 deg.
        vmax = tracks.max_speed_km_s * 1.05 + 0.1
        reach = vmax[:, None] * step_s / np.where(np.isfinite(rng), rng, np.inf)
        turn_deg = np.degrees(np.arcsin(np.clip(reach, 0.0, 1.0)))
        turn_deg = np.where(reach >= 1.0, 180.0, turn_deg) + (1.0 if refraction else 0.0)
        self.hopeless = el + turn_deg < level
        self.level = level
        self.grid = np.where(self.hopeless, level + _LOW, el)

    def _grid(self, values: np.ndarray) -> Callable:
        t_grid = self.tracks.t_s

        def f_grid(t_s: np.ndarray) -> np.ndarray:
            if t_s.size == t_grid.size and np.array_equal(t_s, t_grid):
                return values
            if t_s.size == 1 and t_s[0] == t_grid[0]:
                return values[:, :1]
            n = self.tracks.n_objects
            obj = np.repeat(np.arange(n), t_s.size)
            return self.f_pairs(obj, np.tile(t_s, n)).reshape(n, t_s.size)

        return f_grid

    def f_grid(self) -> Callable:
        return self._grid(self.grid)

    def f_grid_max(self, obj, start, stop, span_s: float) -> Callable:
        """The grid for culminations: -inf except within a step of the intervals found."""
        t = self.tracks.t_s
        step = t[1] - t[0] if t.size > 1 else span_s
        keep = np.zeros(self.el.shape, dtype=bool)
        a = np.searchsorted(t, np.nan_to_num(start, nan=0.0) - 1.01 * step)
        b = np.searchsorted(t, np.nan_to_num(stop, nan=span_s) + 1.01 * step, side="right")
        lengths = b - a
        rows = np.repeat(obj, lengths)
        cols = np.repeat(a - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
        keep[rows, cols] = True
        return self._grid(np.where(keep, self.el, -np.inf))

    def f_pairs(self, obj: np.ndarray, t_s: np.ndarray) -> np.ndarray:
        el = self.tracks.elevation_deg(obj, t_s, self.frame.r_km, self.frame.up)
        return np.nan_to_num(apparent_elevation_deg(el, self.refraction), nan=-90.0)

    def look(self, obj: np.ndarray, t_s: np.ndarray):
        """Elevation (apparent if refraction), azimuth, range, range rate; NaN where t is NaN."""
        ok = np.isfinite(t_s)
        out = [np.full(t_s.size, np.nan) for _ in range(4)]
        if ok.any():
            r, v = self.tracks.at(obj[ok], t_s[ok])
            el, az, rng, rr = look_angles(self.frame, r, v)
            el = apparent_elevation_deg(el, self.refraction)
            for o, val in zip(out, (el, az, rng, rr), strict=True):
                o[ok] = val
        return out


def _culminations(view: SiteView, obj, start, stop, span_s, step_s, tol_s):
    """Highest point (time s, elevation) of each interval; time NaN if at an open edge."""
    n_int = obj.size
    t_best = np.full(n_int, np.nan)
    el_best = np.full(n_int, -np.inf)
    if not n_int:
        return t_best, el_best
    ext = find_extrema(view.f_grid_max(obj, start, stop, span_s), view.f_pairs, view.tracks.n_objects, span_s, step_s,
                       maxima=True, tol_s=tol_s)
    a = np.nan_to_num(start, nan=0.0) - 2 * tol_s
    b = np.nan_to_num(stop, nan=span_s) + 2 * tol_s
    big = span_s + 1e5
    keys = obj * big + a  # intervals are sorted by object then start
    order = np.argsort(keys, kind="stable")
    ekeys = ext.obj * big + ext.t_s
    k = np.searchsorted(keys[order], ekeys, side="right") - 1
    valid = k >= 0
    k = np.where(valid, k, 0)
    idx = order[k]
    valid &= (obj[idx] == ext.obj) & (ext.t_s <= b[idx])
    idx, tv, vv = idx[valid], ext.t_s[valid], ext.value[valid]
    # the highest extremum per interval: sort by value, last one wins
    o = np.argsort(vv, kind="stable")
    t_best[idx[o]] = tv[o]
    el_best[idx[o]] = vv[o]
    # intervals with no refined maximum inside (cannot happen for a well-sampled pass):
    # the higher of the two ends
    missing = ~np.isfinite(el_best)
    if missing.any():
        ends = np.stack([np.nan_to_num(start[missing], nan=0.0),
                         np.nan_to_num(stop[missing], nan=span_s)])
        vals = np.stack([view.f_pairs(obj[missing], ends[0]), view.f_pairs(obj[missing], ends[1])])
        pick = np.argmax(vals, axis=0)
        t_best[missing] = ends[pick, np.arange(pick.size)]
        el_best[missing] = vals[pick, np.arange(pick.size)]
    at_open_start = np.isnan(start) & (t_best <= tol_s)
    at_open_end = np.isnan(stop) & (t_best >= span_s - tol_s)
    t_best = np.where(at_open_start | at_open_end, np.nan, t_best)
    return t_best, el_best


def _masked(view: SiteView, mask: HorizonMask, obj, start, stop, t_c, el_c, span_s, step_s,
            tol_s):
    """Split passes above the mask's lowest value into spans above the mask at each azimuth."""
    p0 = np.nan_to_num(start, nan=0.0)
    p1 = np.nan_to_num(stop, nan=span_s)
    closed = np.isfinite(stop)
    longest = float((p1 - p0).max(initial=0.0))
    step2 = float(np.clip(step_s / 20.0, 1.0, 30.0))

    def f_pairs(p, t):
        tt = np.minimum(p0[p] + t, span_s)
        r, _ = view.tracks.at(obj[p], tt)
        el, az, _, _ = look_angles(view.frame, r)
        f = apparent_elevation_deg(el, view.refraction) - mask.at(az)
        f = np.nan_to_num(f, nan=-90.0)
        return np.where(closed[p] & (t > p1[p] - p0[p]), -1.0, f)

    def f_grid(t):
        n = obj.size
        p = np.repeat(np.arange(n), t.size)
        return f_pairs(p, np.tile(t, n)).reshape(n, t.size)

    sub = intervals_above(f_grid, f_pairs, obj.size, longest, step2, level=0.0, tol_s=tol_s)
    p = sub.obj
    s0 = np.where(np.isnan(sub.start_s) & np.isfinite(start[p]), 0.0, sub.start_s) + p0[p]
    s0 = np.where(np.isnan(start[p]) & np.isnan(sub.start_s), np.nan, s0)
    s1 = np.minimum(sub.stop_s + p0[p], span_s)
    s1 = np.where(np.isnan(sub.stop_s), stop[p], s1)
    inside = np.isfinite(t_c[p]) & (t_c[p] >= np.nan_to_num(s0, nan=-1)) & (
        t_c[p] <= np.nan_to_num(s1, nan=span_s + 1))
    tc = np.where(inside, t_c[p], np.nan)
    elc = np.where(inside, el_c[p], np.nan)
    if (~inside).any():
        q = np.flatnonzero(~inside)
        e0 = view.f_pairs(obj[p[q]], np.nan_to_num(s0[q], nan=0.0))
        e1 = view.f_pairs(obj[p[q]], np.nan_to_num(s1[q], nan=span_s))
        first = e0 >= e1
        tc[q] = np.where(first, s0[q], s1[q])
        elc[q] = np.where(first, e0, e1)
    return obj[p], s0, s1, tc, elc


def _site_passes(tracks: SampledTracks, site: EarthSite, mask: HorizonMask, refraction: bool,
                 span_s: float, step_s: float, tol_s: float, optical=None):
    frame = SiteFrame.of(site)
    level = mask.min_deg
    view = SiteView(tracks, frame, refraction, level, step_s)
    ints = intervals_above(view.f_grid(), view.f_pairs, tracks.n_objects, span_s, step_s,
                           level=level, tol_s=tol_s, max_excursion=-_LOW / 10)
    obj, start, stop = ints.obj, ints.start_s, ints.stop_s
    t_c, el_c = _culminations(view, obj, start, stop, span_s, step_s, tol_s)
    if not mask.is_constant and obj.size:
        obj, start, stop, t_c, el_c = _masked(view, mask, obj, start, stop, t_c, el_c, span_s,
                                              step_s, tol_s)
    cols = {"rise_s": start, "culmination_s": t_c, "set_s": stop, "max_elevation_deg": el_c}
    for event, t in (("rise", start), ("culmination", t_c), ("set", stop)):
        el, az, rng, rr = view.look(obj, t)
        cols[f"{event}_elevation_deg"] = el
        cols[f"{event}_azimuth_deg"] = az
        cols[f"{event}_range_km"] = rng
        cols[f"{event}_range_rate_km_s"] = rr
    if optical is not None:
        sun, darkness, std_mag = optical
        cols.update(optical_columns(tracks, frame, obj, start, t_c, stop, span_s, sun,
                                    darkness, std_mag, tol_s=tol_s))
    return obj, cols


def sample_tracks(cat: Catalog, start: Time, span_s: float, step_s: float,
                  matrices: dict | None = None, *, polar_motion: bool = True) -> SampledTracks:
    """SGP4 states of ``cat`` every ``step_s`` over the window, in ITRS, as ``SampledTracks``."""
    t_s = sample_times(span_s, step_s)
    cache = matrices if matrices is not None else {}
    if step_s not in cache:
        cache[step_s] = itrs_matrices(grid_times(start, t_s), polar_motion=polar_motion)
    times = grid_times(start, t_s)
    states = propagate(cat, times)
    r, v = teme_to_itrs(states.r_km, states.v_km_s, cache[step_s])
    return SampledTracks(t_s, r, v)


def find_passes(cat: Catalog, sites, start, stop=None, *, hours: float | None = None,
                min_elevation_deg: float = 10.0, masks=None, refraction: bool = False,
                frequency_mhz: float | None = None, tol_s: float = 0.01,
                optical: str | float | None = None, std_mag: dict | None = None,
                position_tol_m: float = 20.0, polar_motion: bool = True,
                block_objects: int = 2048, progress: Callable | None = None) -> Passes:
    """Every pass of every object of ``cat`` over every site in ``[start, stop]``.

    ``sites``: ``EarthSite``(s) or texts (``almaty-kaznu``, ``43.2,76.9,900``);
    ``min_elevation_deg``: the mask (deg); ``masks``: a ``HorizonMask`` for all sites or one
    per site (None for none), raised to at least ``min_elevation_deg``; ``refraction``: mask
    and elevations on the apparent (refracted) elevation; ``frequency_mhz``: carrier for
    ``Passes.doppler_hz``; ``optical``: a darkness ('astronomical', 'nautical', 'civil' or a
    Sun elevation in deg) to add the columns of ``optical.optical_columns`` (sunlit while the
    site is dark); ``std_mag``: ``{norad_id: standard magnitude}`` for magnitudes; ``tol_s``: event time tolerance (s); ``position_tol_m``: Hermite
    interpolation tolerance that sets each orbit's sampling step; ``polar_motion``: False
    leaves out polar motion (as Skyfield's built-in timescale does, for like-with-like checks).
    """
    sites = as_sites(sites)
    t0, span_s = window(start, stop, hours=hours)
    if not -5.0 <= min_elevation_deg < 90.0:
        raise InputError(f"minimum elevation {min_elevation_deg} deg is outside [-5, 90)",
                         field="min_elevation_deg", value=min_elevation_deg)
    site_masks = _masks(masks, sites, min_elevation_deg)
    steps = sampling_step_s(cat.mean_motion_rev_day, cat.eccentricity,
                            position_tol_m=position_tol_m)
    matrices: dict = {}
    optical_args = None
    if optical is not None:
        darkness_limit_deg(optical)  # the Sun comes from DE421: 1900-2050 only
        check_ephemeris_range(t0, what="start")
        check_ephemeris_range(t0 + span_s / 86400.0, what="stop")
        mags = np.array([(std_mag or {}).get(int(i), np.nan) for i in cat.norad_id])
        optical_args = (SunTrack(t0, span_s), optical, mags)
    parts_obj, parts_site, parts_cols = [], [], []
    blocks = []
    for step in np.unique(steps):
        idx = np.flatnonzero(steps == step)
        for b in range(0, idx.size, block_objects):
            blocks.append((float(step), idx[b:b + block_objects]))
    for done, (step, idx) in enumerate(blocks):
        tracks = sample_tracks(cat[idx], t0, span_s, step, matrices,
                               polar_motion=polar_motion)
        for s, (site, mask) in enumerate(zip(sites, site_masks, strict=True)):
            opt = None if optical_args is None else (*optical_args[:2], optical_args[2][idx])
            obj, cols = _site_passes(tracks, site, mask, refraction, span_s, step, tol_s, opt)
            parts_obj.append(idx[obj])
            parts_site.append(np.full(obj.size, s))
            parts_cols.append(cols)
        if progress is not None:
            progress("passes", done + 1, len(blocks))
    if parts_cols:
        obj = np.concatenate(parts_obj).astype(np.int64)
        site_idx = np.concatenate(parts_site).astype(np.int64)
        cols = {k: np.concatenate([c[k] for c in parts_cols]) for k in parts_cols[0]}
    else:
        obj = np.empty(0, np.int64)
        site_idx = np.empty(0, np.int64)
        cols = {}
    first = np.where(np.isfinite(cols.get("rise_s", np.empty(0))), cols.get("rise_s"), -1.0) \
        if obj.size else np.empty(0)
    order = np.lexsort((cat.norad_id[obj], first, site_idx)) if obj.size else np.empty(0, int)
    cols = {k: v[order] for k, v in cols.items()} if obj.size else _empty_columns(optical)
    return Passes(t0, span_s, sites, cat.norad_id, np.asarray(cat.name), obj[order],
                  site_idx[order], cols, refraction, frequency_mhz, steps)


def _empty_columns(optical=None) -> dict[str, np.ndarray]:
    cols = {"rise_s": np.empty(0), "culmination_s": np.empty(0), "set_s": np.empty(0),
            "max_elevation_deg": np.empty(0)}
    for event in EVENTS:
        for what in ("elevation_deg", "azimuth_deg", "range_km", "range_rate_km_s"):
            cols[f"{event}_{what}"] = np.empty(0)
    if optical is not None:
        cols.update({k: np.empty(0) for k in OPTICAL_COLUMNS})
    return cols

