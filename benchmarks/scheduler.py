"""Aspan's scheduler beside astroplan's PriorityScheduler: the same night, the same targets.

Problem: Assy-Turgen (AZT-20 limits: altitude >= 20 deg, Sun below -18 deg, >= 30 deg from
the Moon), the night of 2026-12-01/02 UTC, 30 and 300 random targets (fixed seed; dec -20 to
+80 deg) with weights 1-10 and exposures of 300-1800 s, one visit each, a slew rate of
1 deg/s, no settle or readout (astroplan has neither), 60 s time resolution for both.
astroplan's priorities are ranks (1 first): a target of weight ``w`` gets ``11 - w``.

Figure of merit: the priority-weighted completed exposure ``sum(w x exposure)`` of each
schedule, computed the same way for both; both schedules are checked against Aspan's
constraint evaluation (blocks outside the constraints would not count). Times are medians of
repeats (astroplan: 3, Aspan: 5), each run from the same inputs; the ratio is
astroplan / Aspan. Then the same scheduler over a lunar day at a lunar site, which astroplan
cannot place.

Run: ``.venv/bin/python benchmarks/scheduler.py`` (needs the ``bench`` extra: astroplan).
"""

from __future__ import annotations

import resource
import statistics
import time
import warnings

import numpy as np

from aspan.core.sites import site_by_name
from aspan.observing.constraints import Constraints
from aspan.observing.scheduler import Overheads, schedule, schedule_for_telescope
from aspan.observing.targets import Targets
from aspan.observing.telescopes import telescope_by_name

START, STOP = "2026-12-01T12:00:00Z", "2026-12-02T02:00:00Z"
SLOT_S = 60.0


def make_targets(n: int, seed: int = 7) -> Targets:
    rng = np.random.default_rng(seed)
    return Targets(np.array([f"T{i:03d}" for i in range(n)], dtype=object),
                   rng.uniform(0.0, 360.0, n), rng.uniform(-20.0, 80.0, n),
                   priority=rng.integers(1, 11, n).astype(float),
                   exposure_s=rng.choice([300.0, 600.0, 900.0, 1200.0, 1800.0], n))


def constraints() -> Constraints:
    scope = telescope_by_name("azt-20")
    return Constraints.for_telescope(scope, False)


def run_aspan(targets: Targets):
    return schedule(targets, site_by_name("assy-turgen"), START, STOP,
                    constraints=constraints(), overheads=Overheads(slew_deg_per_s=1.0),
                    slot_s=SLOT_S)


def run_astroplan(targets: Targets):
    import astropy.units as u
    from astroplan import (
        FixedTarget,
        Observer,
        ObservingBlock,
        PriorityScheduler,
        Schedule,
        Transitioner,
    )
    from astroplan.constraints import (
        AltitudeConstraint,
        AtNightConstraint,
        MoonSeparationConstraint,
    )
    from astropy.coordinates import EarthLocation, SkyCoord
    from astropy.time import Time

    site = site_by_name("assy-turgen")
    observer = Observer(location=EarthLocation.from_geodetic(site.lon_deg * u.deg,
                                                             site.lat_deg * u.deg,
                                                             site.height_m * u.m))
    cons = [AltitudeConstraint(min=20 * u.deg), AtNightConstraint.twilight_astronomical(),
            MoonSeparationConstraint(min=30 * u.deg)]
    coords = SkyCoord(targets.ra_deg * u.deg, targets.dec_deg * u.deg)
    blocks = [ObservingBlock(FixedTarget(coords[i], name=str(targets.name[i])),
                             targets.exposure_s[i] * u.s, int(11 - targets.priority[i]))
              for i in range(len(targets))]
    scheduler = PriorityScheduler(constraints=cons, observer=observer,
                                  transitioner=Transitioner(slew_rate=1 * u.deg / u.s),
                                  time_resolution=SLOT_S * u.s)
    sched = Schedule(Time(START.rstrip("Z")), Time(STOP.rstrip("Z")))
    scheduler(blocks, sched)
    return sched


def astroplan_blocks(sched, targets: Targets, aspan_sched):
    """(target index, start_s, stop_s) of astroplan's observing blocks."""
    from astropy.time import Time

    t0 = Time(START.rstrip("Z"))
    index = {str(n): i for i, n in enumerate(targets.name)}
    out = []
    for b in sched.observing_blocks:
        out.append((index[b.target.name], float((b.start_time - t0).sec),
                    float((b.end_time - t0).sec)))
    return out


def weighted(targets: Targets, blocks) -> float:
    return float(sum(targets.priority[i] * (b - a) for i, a, b in blocks))


def violations(targets: Targets, aspan_sched, blocks) -> int:
    """Blocks with any 30 s sample outside the constraints (Aspan's evaluator)."""
    geo = aspan_sched.geometry
    u = targets.unit_vectors
    bad = 0
    for i, a, b in blocks:
        t = np.arange(a, b + 1e-6, 30.0)
        m = constraints().margin(geo.at(t), np.repeat(u[i:i + 1], t.size, 0), pairs=True)
        bad += int(np.any(m < -0.01))
    return bad


def timed(fn, repeats: int):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def lunar_demo() -> None:
    scope = telescope_by_name("lunar-0.5m")
    rng = np.random.default_rng(3)
    n = 300
    targets = Targets(np.array([f"L{i:03d}" for i in range(n)], dtype=object),
                      rng.uniform(0, 360, n), rng.uniform(-90, -20, n),
                      priority=rng.integers(1, 11, n).astype(float),
                      exposure_s=rng.choice([1800.0, 3600.0, 7200.0], n),
                      visits=rng.integers(1, 4, n), cadence_s=86400.0)
    start = time.perf_counter()
    s = schedule_for_telescope(targets, scope, "connecting-ridge", "2027-01-01T00:00:00Z",
                               "2027-01-30T00:00:00Z")
    elapsed = time.perf_counter() - start
    print(f"\nlunar site (Connecting Ridge, lunar-0.5m, {s.geometry.span_s / 86400:.0f} days, "
          f"{n} targets, up to 3 visits a day apart): {len(s.blocks)} blocks, weighted exposure "
          f"{s.weighted_exposure_s / 3600:.1f} h, {len(s.explanations)} explained, "
          f"{elapsed:.2f} s (astroplan cannot place an observer on the Moon)")


def main() -> None:
    warnings.filterwarnings("ignore")
    from astropy.utils import iers

    iers.conf.auto_download = False
    iers.conf.auto_max_age = None
    iers.conf.iers_degraded_accuracy = "warn"
    run_aspan(make_targets(5))  # warm caches (ephemeris, numba) before timing
    print(f"{'targets':>7} {'astroplan s':>12} {'aspan s':>9} {'speed-up':>9} "
          f"{'astroplan w.exp h':>18} {'aspan w.exp h':>14} {'ratio':>6} {'viol. a/A':>10}")
    for n in (30, 300):
        targets = make_targets(n)
        t_peer, peer = timed(lambda t=targets: run_astroplan(t), 3)
        t_ours, ours = timed(lambda t=targets: run_aspan(t), 5)
        pb = astroplan_blocks(peer, targets, ours)
        ob = [(b.target, b.start_s, b.stop_s) for b in ours.blocks]
        w_peer, w_ours = weighted(targets, pb), weighted(targets, ob)
        print(f"{n:>7} {t_peer:>12.2f} {t_ours:>9.3f} {t_peer / t_ours:>8.1f}x "
              f"{w_peer / 3600:>18.2f} {w_ours / 3600:>14.2f} {w_ours / max(w_peer, 1):>6.3f} "
              f"{violations(targets, ours, pb):>4d}/{violations(targets, ours, ob):<4d}")
    lunar_demo()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
