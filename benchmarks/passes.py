"""Passes of the whole 2025 active catalog over the three Kazakh stations for 24 h, against
Skyfield's ``find_events`` on a sample of 300 satellites in the same run (scaled per
satellite-day-site). Prints both, the ratio and peak memory.

    .venv/bin/python benchmarks/passes.py [--sample 300] [--nomiss]

``--nomiss`` also runs the 1,000-object, three-day no-missed-pass check against 1-second dense
sampling (tests/satellites/test_passes_nomiss.py).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
ACTIVE = ROOT.parent / "shared" / "data" / "celestrak-active-2025-10-03.tle"
STATIONS = ["almaty-kaznu", "astana-nsc", "baikonur"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--nomiss", action="store_true")
    args = parser.parse_args()

    from skyfield.api import EarthSatellite, wgs84

    from aspan.catalog.load import load_catalog
    from aspan.core.sites import site_from_text
    from aspan.core.time import timescale
    from aspan.satellites.passes import find_passes

    cat = load_catalog(ACTIVE)
    find_passes(cat[:20], STATIONS, "2025-10-03T00:00:00Z", hours=1)  # compile / warm up
    t0 = time.perf_counter()
    found = find_passes(cat, STATIONS, "2025-10-03T00:00:00Z", hours=24)
    aspan_s = time.perf_counter() - t0
    n_units = len(cat) * len(STATIONS)  # satellite-days x sites

    ts = timescale()
    lines = [ln for ln in ACTIVE.read_text().splitlines() if ln.strip()]
    pairs = {int(lines[i + 1][2:7]): (lines[i + 1], lines[i + 2]) for i in range(0, len(lines), 3)}
    rng = np.random.default_rng(0)
    pick = rng.choice(len(cat), args.sample, replace=False)
    sats = [EarthSatellite(*pairs[int(cat.norad_id[i])], ts=ts) for i in pick]
    sites = [site_from_text(s) for s in STATIONS]
    topos = [wgs84.latlon(s.lat_deg, s.lon_deg, elevation_m=s.height_m) for s in sites]
    t_a, t_b = ts.utc(2025, 10, 3), ts.utc(2025, 10, 4)
    t0 = time.perf_counter()
    n_sky = 0
    for sat in sats:
        for topo in topos:
            t, _ = sat.find_events(topo, t_a, t_b, altitude_degrees=10.0)
            n_sky += len(t)
    sky_s = time.perf_counter() - t0
    per_sky = sky_s / (len(sats) * len(topos))
    per_aspan = aspan_s / n_units
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"catalog: {len(cat)} satellites x {len(STATIONS)} stations x 24 h, 10 deg mask")
    print(f"aspan:    {aspan_s:8.2f} s for all ({len(found)} passes): "
          f"{per_aspan * 1e3:.3f} ms per satellite-day-site")
    print(f"skyfield: {sky_s:8.2f} s for {len(sats)} satellites x {len(topos)} stations "
          f"({n_sky} events): {per_sky * 1e3:.3f} ms per satellite-day-site; "
          f"scaled to the catalog {per_sky * n_units:.1f} s")
    print(f"ratio (skyfield / aspan per satellite-day-site): {per_sky / per_aspan:.1f} "
          f"(target >= 30)")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")
    if args.nomiss:
        sys.path.insert(0, str(ROOT / "tests"))
        sys.path.insert(0, str(ROOT / "tests" / "satellites"))
        from test_passes_nomiss import check, mixed_sample

        sample = mixed_sample(250)
        t0 = time.perf_counter()
        for mask, n_dense, n_found, n_graze, miss, spur in check(sample, 72.0):
            print(f"no-miss, {len(sample)} objects x 3 days, mask {mask:g} deg: "
                  f"{n_dense} dense passes ({n_graze} under 30 s), {n_found} found, "
                  f"{len(miss)} missed, {len(spur)} spurious")
        print(f"no-miss check: {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
