"""Barycentric positions of Solar System bodies from DE421, fast, for many times at once.

The same DE421 SPK segments Skyfield reads (``aspan.core.ephemeris``), evaluated with the numba
Chebyshev kernel of ``aspan.kernels.chebyshev`` (jplephem's numpy path costs ~0.25 s per segment
per half a million times; this one ~0.01 s). Positions in km, velocities in km/s, ICRS axes,
relative to the Solar System barycentre.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from aspan.core.ephemeris import ephemeris
from aspan.errors import NotFoundError
from aspan.kernels.chebyshev import evaluate

#: Names accepted for bodies, and the DE421 target each one means.
BODY_TARGETS = {
    "sun": "sun", "earth": "earth", "moon": "moon", "mercury": "mercury", "venus": "venus",
    "mars": "mars", "jupiter": "jupiter barycenter", "saturn": "saturn barycenter",
    "uranus": "uranus barycenter", "neptune": "neptune barycenter",
    "pluto": "pluto barycenter",
}
#: Equatorial radii (km) for the apparent disk: IAU WGCCRE 2015 (Archinal et al. 2018).
BODY_RADIUS_KM = {"sun": 695_700.0, "earth": 6378.1366, "moon": 1737.4, "mercury": 2440.53,
                  "venus": 6051.8, "mars": 3396.19, "jupiter": 71_492.0, "saturn": 60_268.0,
                  "uranus": 25_559.0, "neptune": 24_764.0, "pluto": 1188.3}
SECONDS_PER_DAY = 86400.0


def body_key(name: str) -> str:
    """The lower-case key of a body name, or ``NotFoundError`` listing the known ones."""
    key = str(name).strip().lower()
    if key not in BODY_TARGETS:
        raise NotFoundError(f"unknown body {name!r}; known bodies: {', '.join(BODY_TARGETS)}",
                            field="body", value=name,
                            hint="for a star give --ra-deg and --dec-deg instead")
    return key


@lru_cache(maxsize=32)
def _segments(key: str):
    """[(sign, coef, init_jd, interval_days)] from the barycentre to the body."""
    vector = ephemeris()[BODY_TARGETS[key]]
    out = []
    for vf in getattr(vector, "vector_functions", (vector,)):
        init, interval, coef = vf.spk_segment.load_array()
        coef = np.ascontiguousarray(np.transpose(coef, (1, 0, 2)), dtype=np.float64)  # (n, 3, k)
        out.append((coef, float(init), float(interval)))
    return out


def barycentric_km(name: str, jd_whole, jd_frac) -> tuple[np.ndarray, np.ndarray]:
    """Position (km) and velocity (km/s) of body ``name``, each (3, n), at TDB dates."""
    key = body_key(name)
    pos = vel = 0.0
    for coef, init, interval in _segments(key):
        p, v = evaluate(coef, init, interval, jd_whole, jd_frac)
        pos = pos + p
        vel = vel + v / SECONDS_PER_DAY
    return pos, vel
