"""A scheduler: priority-weighted completed exposure, with slews, settling, cadence, windows.

**Problem.** Targets have a weight (``priority``, higher is more important), an exposure per
visit (given, or from a magnitude and an SNR goal through ``aspan.observing.exposure``), a
number of visits at least ``cadence_s`` apart and optional time windows; the telescope has a
slew rate, a settling time and a readout per frame; a site and constraints decide when each
target is observable. Maximize the sum over completed visits of ``priority x exposure``.

**Method.** Observability is sampled for all targets at once on a grid of ``slot_s``
(``aspan.observing.constraints``, vectorized over (targets, times)). From it, per target and
slot, the length of the observable run starting there (a reverse cumulative sum) says where a
block of ``ceil(duration / slot) + 1`` samples fits, and a reverse running minimum gives the
next feasible start from any slot: both computed once, O(n k). A dispatcher then walks the
night: at the current time and pointing it computes, for every pending target at once, the
slew (great circle / rate), the settle, the earliest feasible start (waiting if need be) and
the score ``priority x exposure / (time until the block ends)`` (the weighted exposure
accrued per second of telescope time), boosted by ``1 + need / remaining`` where ``remaining``
counts the target's feasible starts left (so a target about to set goes first). It commits the
best block, moves the clock to its end and repeats: O(n) per block, no Python loop over
targets or times. A block never starts before its slew and settle end, and the whole block
(exposure and readouts) lies inside observable samples.

**Explanations.** Every target not fully scheduled gets one sentence: no exposure need; a
constraint never met in the period (named); constraints met but never together; outside its
own window; its longest observable stretch shorter than its block; or its feasible times
taken by the blocks named (higher-scoring use of the telescope); or how many visits of how
many fitted under the cadence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from aspan.core.time import to_time
from aspan.errors import InputError
from aspan.observing.constraints import Constraints
from aspan.observing.exposure import ExposureModel, frames_for
from aspan.observing.geometry import SiteGeometry
from aspan.observing.targets import Targets
from aspan.observing.telescopes import Telescope

#: The largest (targets x slots) grid the scheduler builds (a few arrays of this many cells).
MAX_CELLS = 50_000_000


@dataclass(frozen=True)
class Block:
    """One visit: the telescope slews from ``slew_start_s``, settles, then exposes from
    ``start_s`` to ``stop_s`` (exposure and readouts); seconds since the period start."""

    target: int
    visit: int
    slew_start_s: float
    slew_s: float
    settle_s: float
    start_s: float
    stop_s: float
    exposure_s: float
    weight: float


@dataclass
class Schedule:
    """The blocks in time order, the explanation for each target not fully scheduled, and
    the weighted exposure ``sum(priority x exposure)`` of the blocks."""

    targets: Targets
    geometry: SiteGeometry
    blocks: list[Block]
    explanations: dict[str, str]
    exposure_s: np.ndarray
    slot_s: float
    constraints: Constraints
    telescope: Telescope | None = None
    stats: dict = field(default_factory=dict)

    @property
    def weighted_exposure_s(self) -> float:
        return float(sum(b.weight * b.exposure_s for b in self.blocks))

    def utc(self, t_s) -> list[str]:
        return self.geometry.window.utc_iso(t_s)

    def to_dict(self) -> dict:
        names = self.targets.name
        starts = self.utc([b.start_s for b in self.blocks])
        stops = self.utc([b.stop_s for b in self.blocks])
        slews = self.utc([b.slew_start_s for b in self.blocks])
        u = self.targets.unit_vectors
        alt = []
        if self.blocks:
            mid = np.array([(b.start_s + b.stop_s) / 2 for b in self.blocks])
            idx = np.array([b.target for b in self.blocks])
            a, _ = self.geometry.at(mid).altaz(u[idx], pairs=True)
            alt = [float(x) for x in a]
        blocks = [{"target": str(names[b.target]), "visit": b.visit + 1,
                   "slew_start_utc": s0, "start_utc": s1, "stop_utc": s2,
                   "slew_s": round(b.slew_s, 3), "settle_s": b.settle_s,
                   "exposure_s": b.exposure_s, "priority": b.weight,
                   "altitude_deg_mid": round(alt[i], 3) if alt else None}
                  for i, (b, s0, s1, s2) in enumerate(zip(self.blocks, slews, starts, stops,
                                                          strict=True))]
        return {"start_utc": self.utc(0.0)[0], "stop_utc": self.utc(self.geometry.span_s)[0],
                "site": getattr(self.geometry.site, "name", ""),
                "telescope": self.telescope.key if self.telescope else None,
                "n_targets": len(self.targets), "n_blocks": len(self.blocks),
                "weighted_exposure_s": self.weighted_exposure_s,
                "exposure_s_total": float(sum(b.exposure_s for b in self.blocks)),
                "blocks": blocks,
                "unscheduled": [{"target": k, "reason": v} for k, v in self.explanations.items()]}


@dataclass(frozen=True)
class Overheads:
    """Slew rate (deg/s), settle (s) after every slew, readout (s) per frame, frame length."""

    slew_deg_per_s: float = 1.0
    settle_s: float = 0.0
    readout_s: float = 0.0
    max_exposure_s: float = np.inf

    @classmethod
    def of(cls, telescope: Telescope) -> Overheads:
        return cls(telescope.slew_deg_per_s, telescope.settle_s, telescope.readout_s,
                   telescope.max_exposure_s)


def exposures_for(targets: Targets, model: ExposureModel | None) -> np.ndarray:
    """Exposure per visit (s): ``exposure_s`` where given, else from ``magnitude`` and
    ``snr`` through ``model`` (NaN where neither can be had)."""
    exp = targets.exposure_s.copy()
    need = np.isnan(exp) & np.isfinite(targets.magnitude) & np.isfinite(targets.snr)
    if need.any() and model is not None:
        exp[need] = model.exposure_s(targets.magnitude[need], targets.snr[need])
    return exp


def _window_mask(targets: Targets, geometry: SiteGeometry, t_s: np.ndarray) -> np.ndarray:
    """(n, k) True where each target's own window allows the sample time."""
    n = len(targets)
    ok = np.ones((n, t_s.size), dtype=bool)
    w = geometry.window
    for i in range(n):  # per target, only where a window is given (parsing, not a hot path)
        lo, hi = targets.window_start[i], targets.window_stop[i]
        if lo is None and hi is None:
            continue
        a = -np.inf if lo is None else _seconds(lo, w)
        b = np.inf if hi is None else _seconds(hi, w)
        ok[i] = (t_s >= a) & (t_s <= b)
    return ok


def _seconds(text, window) -> float:
    t = to_time(text, what="target window")
    return float((t.whole - window.whole) + (t.tdb_fraction - window.frac)) * 86400.0


def _reverse_runs(ok: np.ndarray) -> np.ndarray:
    """Length of the run of True starting at each sample, per row: (n, k) int."""
    n, k = ok.shape
    idx = np.arange(k)
    # position of the next False at or after j (k if none)
    nxt = np.where(~ok, idx[None, :], k)
    nxt = np.minimum.accumulate(nxt[:, ::-1], axis=1)[:, ::-1]
    return nxt - idx[None, :]


def schedule(targets: Targets, site, start, stop, *, constraints: Constraints,
             overheads: Overheads = Overheads(), exposure_model: ExposureModel | None = None,
             slot_s: float | None = None, telescope: Telescope | None = None,
             urgency: float = 1.0) -> Schedule:
    """Schedule ``targets`` at ``site`` between ``start`` and ``stop`` (module doc)."""
    geometry = SiteGeometry(site, start, stop)
    slot = float(slot_s or (300.0 if geometry.lunar else 60.0))
    if not slot > 0:
        raise InputError(f"slot {slot} s must be positive", field="slot_s")
    n = len(targets)
    span = geometry.span_s
    t_s = np.arange(0.0, span + 1e-9, slot)
    k = t_s.size
    if n * k > MAX_CELLS:
        raise InputError(f"{n} targets x {k} time slots of {slot:g} s is more than "
                         f"{MAX_CELLS:.0e} cells", field="slot_s",
                         hint="lengthen the slot (--slot-s), shorten the period or split it")
    u = targets.unit_vectors
    margins = constraints.margins(geometry.at(t_s), u)
    ok_each = {name: m >= 0 for name, m in margins.items()}
    sky_ok = np.logical_and.reduce(list(ok_each.values()))
    wanted = _window_mask(targets, geometry, t_s)
    ok = sky_ok & wanted
    exposure = exposures_for(targets, exposure_model)
    n_frames = frames_for(np.nan_to_num(exposure, nan=1.0), overheads.max_exposure_s)
    duration = np.where(np.isfinite(exposure), exposure + n_frames * overheads.readout_s, np.inf)
    need = np.where(np.isfinite(duration), np.ceil(duration / slot - 1e-9) + 1, k + 1)
    need = need.astype(np.int64)
    runs = _reverse_runs(ok)
    feasible = runs >= need[:, None]
    # next feasible start slot at or after j (k: none), and feasible starts left from j
    idx = np.arange(k)
    nxt = np.where(feasible, idx[None, :], k)
    nxt = np.minimum.accumulate(nxt[:, ::-1], axis=1)[:, ::-1]
    nxt = np.concatenate([nxt, np.full((n, 1), k)], axis=1)
    left = np.cumsum(feasible[:, ::-1], axis=1)[:, ::-1]
    left = np.concatenate([left, np.zeros((n, 1), dtype=left.dtype)], axis=1)

    visits_left = targets.visits.copy()
    visits_left[~np.isfinite(exposure)] = 0
    earliest = np.zeros(n)  # cadence: earliest start of the next visit
    done = np.zeros(n, dtype=np.int64)
    weight = targets.priority
    rate = overheads.slew_deg_per_s
    blocks: list[Block] = []
    t = 0.0
    pointing = None
    while True:
        pending = visits_left > 0
        if not pending.any():
            break
        if pointing is None:
            slew = np.zeros(n)
            settle = np.zeros(n)
        else:
            cosd = np.clip(u @ u[pointing], -1.0, 1.0)
            slew = np.degrees(np.arccos(cosd)) / rate
            settle = np.where(slew > 0, overheads.settle_s, 0.0)
            slew[pointing] = 0.0
            settle[pointing] = 0.0
        ready = np.maximum(t + slew + settle, earliest)
        a0 = np.minimum(np.ceil(ready / slot - 1e-9).astype(np.int64), k)
        j = nxt[np.arange(n), a0]
        # exposure may start at ``ready`` itself when the block fits from the sample before
        a_before = np.clip(np.floor(ready / slot).astype(np.int64), 0, k - 1)
        fits_now = feasible[np.arange(n), a_before] & (ready + duration <= (a_before + need - 1)
                                                       * slot + 1e-9)
        start_s = np.where(fits_now, ready, j * slot)
        valid = pending & (fits_now | (j < k)) & (start_s + duration <= span + 1e-9)
        if not valid.any():
            break
        stop_s = start_s + duration
        gain = weight * exposure
        base = gain / np.maximum(stop_s - t, 1e-9)
        remaining = left[np.arange(n), np.where(fits_now, a_before, j)]
        score = base * (1.0 + urgency * 1.0 / np.maximum(remaining, 1))
        score = np.where(valid, score, -np.inf)
        best = int(np.argmax(score))
        blocks.append(Block(best, int(done[best]), float(start_s[best] - slew[best]
                                                         - settle[best]),
                            float(slew[best]), float(settle[best]), float(start_s[best]),
                            float(stop_s[best]), float(exposure[best]), float(weight[best])))
        done[best] += 1
        visits_left[best] -= 1
        earliest[best] = start_s[best] + targets.cadence_s[best]
        t = float(stop_s[best])
        pointing = best
    explanations = _explain(targets, constraints, ok_each, wanted, sky_ok, feasible, runs,
                            need, exposure, duration, done, blocks, slot, t_s)
    return Schedule(targets, geometry, blocks, explanations, exposure, slot, constraints,
                    telescope, {"n_slots": k})


def _fmt_h(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds < 5400 else f"{seconds / 3600:.1f} h"


def _explain(targets, constraints, ok_each, wanted, sky_ok, feasible, runs, need, exposure,
             duration, done, blocks, slot, t_s) -> dict[str, str]:
    out: dict[str, str] = {}
    names = targets.name
    for i in np.flatnonzero(done < targets.visits):
        name = str(names[i])
        if not np.isfinite(exposure[i]):
            out[name] = ("no exposure need: give exposure_s, or magnitude with snr for the "
                         "exposure model")
            continue
        never = [c for c, ok in ok_each.items() if not ok[i].any()]
        if never:
            out[name] = "never " + " nor ".join(constraints.describe(c) for c in never) + \
                " in the period"
            continue
        if not sky_ok[i].any():
            out[name] = ("each constraint is met at some time but never all together (" +
                         "; ".join(constraints.describe(c) for c in ok_each) + ")")
            continue
        if not (sky_ok[i] & wanted[i]).any():
            out[name] = "observable only outside its own window_start..window_stop"
            continue
        longest = float(max(runs[i].max() - 1, 0) * slot)
        if not feasible[i].any():
            out[name] = (f"its longest observable stretch, {_fmt_h(longest)}, is shorter than "
                         f"its block of {_fmt_h(duration[i])} (exposure {exposure[i]:.0f} s "
                         "and readouts)")
            continue
        if done[i] > 0:
            out[name] = (f"{done[i]} of {targets.visits[i]} visits fitted: the next visit, "
                         f"{_fmt_h(targets.cadence_s[i])} after the last, found no free "
                         "observable stretch long enough")
            continue
        starts = t_s[feasible[i]]
        lo, hi = starts.min(), starts.max() + duration[i]
        rivals = [b for b in blocks if b.stop_s > lo and b.slew_start_s < hi]
        rivals.sort(key=lambda b: -b.weight * b.exposure_s)
        who = ", ".join(sorted({str(names[b.target]) for b in rivals[:3]}))
        out[name] = (f"its feasible times ({_fmt_h(float(feasible[i].sum() * slot))} of starts "
                     f"between {_fmt_h(lo)} and {_fmt_h(hi)} after the start) went to blocks "
                     f"that accrue more weighted exposure per second: {who or 'none'}")
    return out


def schedule_for_telescope(targets: Targets, telescope: Telescope, site, start, stop, *,
                           mask=None, slot_s: float | None = None, **constraint_overrides
                           ) -> Schedule:
    """``schedule`` with the constraints, overheads and exposure model of ``telescope``."""
    from aspan.observing.sites import is_lunar, observing_site

    site = observing_site(site or telescope.site)
    constraints = Constraints.for_telescope(telescope, is_lunar(site), mask,
                                            **constraint_overrides)
    model = None
    if np.any(np.isnan(targets.exposure_s)):
        model = ExposureModel(telescope, site)
    return schedule(targets, site, start, stop, constraints=constraints,
                    overheads=Overheads.of(telescope), exposure_model=model, slot_s=slot_s,
                    telescope=telescope)
