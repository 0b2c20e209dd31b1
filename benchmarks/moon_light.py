"""Sunlit fraction of Connecting Ridge and the peak near Shackleton, 2026-2035, 10-minute steps,
with the shared LOLA horizons (2 m and 10 m masts), and the time each took.

    .venv/bin/python benchmarks/moon_light.py [--step-s 600]

Also runs Skyfield (+ NAIF's lunar kernels shipped by lunarsky) over one year of the same
10-minute grid for the first site, as the peer: its per-time apparent Sun altitude/azimuth
(without the event search), and prints the time ratio.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

from aspan.moon.horizon import read_horizon_table
from aspan.moon.sites import LunarSite
from aspan.moon.visibility import visibility

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "lunar-horizons.csv"
SITES = ("connecting-ridge", "peak-near-shackleton")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--step-s", type=float, default=600.0)
    parser.add_argument("--start", default="2026-01-01")
    parser.add_argument("--stop", default="2036-01-01")
    args = parser.parse_args(argv)
    table = read_horizon_table(SHARED)
    visibility([LunarSite("warm-up", -89.5, 0.0)], "sun", "2026-01-01", "2026-01-03")
    print(f"sunlight {args.start} to {args.stop}, step {args.step_s:g} s, LOLA masks "
          f"from {SHARED.name}")
    print(f"{'site':24} {'mast':>5} {'sunlit':>8} {'any sun':>8} {'full sun':>9} "
          f"{'longest night h':>16} {'time s':>7}")
    tracemalloc.start()
    for key in SITES:
        for mast in (2.0, 10.0):
            e = table[(key, mast)]
            site = LunarSite(e.name, e.lat_deg, e.lon_deg, e.elev_m, mast, key=key)
            t0 = time.perf_counter()
            v = visibility([site], "sun", args.start, args.stop, step_s=args.step_s,
                           masks=e.mask)[0]
            dt = time.perf_counter() - t0
            print(f"{e.name:24} {mast:4g}m {v.visible_fraction:8.1%} {v.any_fraction:8.1%} "
                  f"{v.full_fraction:9.1%} {v.longest_s('dark') / 3600:16.1f} {dt:7.2f}")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"peak traced memory {peak / 2**20:.0f} MiB")
    _peer(table)
    return 0


def _peer(table) -> None:
    try:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "moon"))
        from reference import naif_site
    except ImportError:
        print("peer: lunarsky not installed, skipped")
        return
    from aspan.core.ephemeris import ephemeris
    from aspan.core.time import time_range
    from aspan.moon.geometry import local_sky

    e = table[("connecting-ridge", 2.0)]
    site = LunarSite(e.name, e.lat_deg, e.lon_deg, e.elev_m, 2.0)
    t = time_range("2026-01-01", "2027-01-01", 600.0)
    eph = ephemeris()
    t0 = time.perf_counter()
    alt, az, _ = (eph["moon"] + naif_site(site)).at(t).observe(eph["sun"]).apparent().altaz()
    peer = time.perf_counter() - t0
    t0 = time.perf_counter()
    sky = local_sky([site], "sun", t.whole, t.tdb_fraction)
    ours = time.perf_counter() - t0
    d = max(np.abs(sky.alt_deg[0] - alt.degrees).max(),
            (np.abs((sky.az_deg[0] - az.degrees + 180) % 360 - 180) * np.cos(alt.radians)).max())
    print(f"Sun alt/az, one year at 10 min ({t.shape[0]} times): Skyfield+NAIF {peer:.2f} s, "
          f"Aspan {ours:.2f} s, ratio {peer / ours:.1f}; max difference {d * 3600:.4f} arcsec")


if __name__ == "__main__":
    raise SystemExit(main())
