"""Compile the SGP4 kernels into numba's on-disk cache: ``python -m aspan.kernels.warm``.

A fresh installation compiles them on first use (about 90 s on two cores; then under a second
per process); `make run` and `make test` call this once after installing, so that the first
request or test does not wait.
"""

import sys
import time

import numpy as np

from aspan.kernels.sgp4 import sgp4_init, sgp4_propagate, sgp4_propagate_tsince


def warm() -> float:
    """Run every SGP4 entry point once on a near-earth, a deep-space and a resonant object."""
    t0 = time.perf_counter()
    # ISS-like, GTO (deep, non-resonant), GEO (24 h resonance), Molniya (12 h resonance)
    n_rad_min = [0.0675, 0.0162, 0.004375, 0.00875]
    params = sgp4_init([2460496.5] * 4, [0.5] * 4, n_rad_min, [0.001, 0.73, 0.0002, 0.72],
                       [0.9, 0.4, 0.001, 1.1], [1.0] * 4, [1.0, 3.0, 4.0, 4.7], [1.0] * 4,
                       [1e-4, 1e-4, 0.0, 1e-5], [0.0] * 4, [0.0] * 4)
    r = np.empty((4, 3, 3))
    v = np.empty((4, 3, 3))
    e = np.empty((4, 3), np.uint8)
    sgp4_propagate(params, np.full(3, 2460496.5), np.array([0.5, 0.6, 0.7]), r, v, e)
    sgp4_propagate_tsince(params, np.array([0.0, 720.0, 1440.0]), r, v, e)
    return time.perf_counter() - t0


if __name__ == "__main__":
    print("aspan: compiling the SGP4 kernels (cached on disk afterwards) ...", flush=True)
    print(f"aspan: kernels ready in {warm():.1f} s", flush=True)
    sys.exit(0)
