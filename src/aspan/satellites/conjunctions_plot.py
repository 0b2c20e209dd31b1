"""The geometry of one encounter as a PNG: the B-plane and the approach.

Left: the encounter (B-) plane at TCA, perpendicular to the relative velocity, centred on the
primary: the secondary's relative trajectory projected onto it (a short line through the
miss point: the straight-line encounter of Foster's method), the combined 1-, 2- and
3-sigma covariance ellipses around the miss point and the hard-body disk. Right: the range
over +- 10 s around TCA, from direct SGP4.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from aspan.errors import NotFoundError
from aspan.satellites.collision_probability import (
    combined_covariance_km2,
    encounter_frame,
    encounter_plane,
)
from aspan.satellites.conjunctions import Conjunctions, relative_track


def plot_encounter(cat, events: Conjunctions, primary: int, secondary: int, path) -> Path:
    """Draw the closest event between ``primary`` and ``secondary`` to ``path`` (PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle, Ellipse

    pick = np.nonzero(((events.primary == primary) & (events.secondary == secondary))
                      | ((events.primary == secondary) & (events.secondary == primary)))[0]
    if not len(pick):
        raise NotFoundError(f"no event between {primary} and {secondary} in this screening",
                            field="plot_event", value=f"{primary}:{secondary}",
                            hint="pick a pair from the table, or widen --threshold-km")
    k = pick[np.argmin(events.miss_km[pick])]
    rp, vp = events.r_primary_km[k:k + 1], events.v_primary_km_s[k:k + 1]
    rs, vs = events.r_secondary_km[k:k + 1], events.v_secondary_km_s[k:k + 1]
    cov = combined_covariance_km2(rp, vp, rs, vs, events.sigma_ric_m, events.sigma_ric_m)
    miss2, cov2 = encounter_plane(rs - rp, vs - vp, cov)
    axes = encounter_frame(rs - rp, vs - vp)[0]
    p, s = int(events.primary[k]), int(events.secondary[k])
    t, dr, _ = relative_track(cat, p, s, events.tca_jd[k], events.tca_fr[k], 10.0)
    in_plane = dr @ axes[:2].T * 1000.0  # m
    m = miss2[0] * 1000.0
    c = cov2[0] * 1e6
    values, vectors = np.linalg.eigh(c)
    angle = np.degrees(np.arctan2(vectors[1, 1], vectors[0, 1]))
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(12, 5.5))
    for n_sigma, alpha in ((1, 0.35), (2, 0.2), (3, 0.1)):
        ax.add_patch(Ellipse(m, 2 * n_sigma * np.sqrt(values[1]), 2 * n_sigma * np.sqrt(values[0]),
                             angle=angle, color="tab:blue", alpha=alpha,
                             label=f"{n_sigma} sigma combined covariance"))
    hbr = float(events.hard_body_radius_m[k])
    ax.add_patch(Circle((0, 0), hbr, color="tab:red", alpha=0.8,
                        label=f"hard-body radius {hbr:g} m"))
    near = np.abs(t) <= 0.05
    ax.plot(in_plane[near, 0], in_plane[near, 1], "k-", lw=1,
            label="relative track +-50 ms (projected)")
    ax.plot(*m, "kx", ms=10, label=f"miss {events.miss_km[k] * 1000:.0f} m")
    ax.plot(0, 0, "r+", ms=12)
    span = max(3.2 * np.sqrt(values[1]), 1.2 * np.hypot(*m), 5 * hbr)
    ax.set_xlim(m[0] - span, m[0] + span)
    ax.set_ylim(m[1] - span, m[1] + span)
    ax.set_aspect("equal")
    ax.set_xlabel("B-plane x (along the miss vector), m")
    ax.set_ylabel("B-plane y, m")
    ax.set_title(f"{p} x {s}: B-plane at TCA, Pc = {events.probability[k]:.2e}")
    ax.legend(loc="upper right", fontsize=8)
    ax2.plot(t, np.linalg.norm(dr, axis=1), "k-")
    ax2.axhline(events.threshold_km, color="tab:orange", ls="--",
                label=f"threshold {events.threshold_km:g} km")
    ax2.set_xlabel("seconds from TCA " + events.tca_iso()[k])
    ax2.set_ylabel("range, km")
    ax2.set_title(f"approach at {events.relative_speed_km_s[k]:.2f} km/s; RIC miss "
                  f"{events.radial_km[k]:.3f}, {events.in_track_km[k]:.3f}, "
                  f"{events.cross_track_km[k]:.3f} km", fontsize=9)
    ax2.legend(fontsize=8)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
