"""SGP4 kernel alone vs python-sgp4's C++ SatrecArray, side by side in one process.

The full catalog of July 2024 (26,389 objects) x 1,440 times (one day at 1 min from
2024-07-05 00:00 UTC); median of 5 runs after a warm-up. Prints propagations per second,
the ratio, the numba thread count and the peak RSS.

    .venv/bin/python benchmarks/sgp4_kernel.py [--objects N] [--times N] [--repeat 5]
"""

import argparse
import os
import resource
import statistics
import sys
import time

import numba
import numpy as np
from sgp4.api import WGS72, Satrec, SatrecArray

CATALOG = os.path.join(
    os.path.dirname(__file__), "..", "..", "shared", "data", "satcat-full-2024-07.tle"
)


def read_catalog(path):
    with open(path, newline="") as f:
        lines = [line.rstrip("\r\n") for line in f]
    return [
        Satrec.twoline2rv(line, lines[i + 1], WGS72)
        for i, line in enumerate(lines)
        if line.startswith("1 ") and i + 1 < len(lines) and lines[i + 1].startswith("2 ")
    ]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--objects", type=int, default=0, help="first N objects (0: all)")
    ap.add_argument("--times", type=int, default=1440)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--skip-peer", action="store_true")
    args = ap.parse_args()

    t0 = time.perf_counter()
    from aspan.kernels.sgp4 import sgp4_init, sgp4_propagate

    sats = read_catalog(CATALOG)
    if args.objects:
        sats = sats[: args.objects]

    def col(name):
        return np.array([getattr(s, name) for s in sats])

    names = "jdsatepoch jdsatepochF no_kozai ecco inclo nodeo argpo mo bstar ndot nddot".split()
    params = sgp4_init(*(col(n) for n in names))
    print(f"import + read + init (incl. JIT/cache load): {time.perf_counter() - t0:.2f} s")

    n, nt = len(sats), args.times
    jd = np.full(nt, 2460496.5)
    fr = np.arange(nt) / 1440.0
    r = np.empty((n, nt, 3))
    v = np.empty((n, nt, 3))
    e = np.empty((n, nt), dtype=np.uint8)
    t0 = time.perf_counter()
    sgp4_propagate(params, jd, fr, r, v, e)
    print(f"first propagate call: {time.perf_counter() - t0:.2f} s")

    def timed(fn):
        fn()
        runs = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - t)
        return statistics.median(runs)

    ours = timed(lambda: sgp4_propagate(params, jd, fr, r, v, e))
    props = n * nt
    print(
        f"aspan  : {ours:.3f} s  {props / ours / 1e6:7.2f} M propagations/s "
        f"({numba.get_num_threads()} numba threads, {n} objects x {nt} times)"
    )
    if not args.skip_peer:
        array = SatrecArray(sats)
        peer = timed(lambda: array.sgp4(jd, fr))
        print(f"sgp4   : {peer:.3f} s  {props / peer / 1e6:7.2f} M propagations/s (SatrecArray, 1 thread)")
        print(f"ratio  : {peer / ours:.1f}x")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MiB")


if __name__ == "__main__":
    sys.exit(main())
