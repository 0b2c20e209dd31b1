"""Polar sky chart of pass tracks: north up, azimuth clockwise, elevation rings labelled."""

from __future__ import annotations

import numpy as np

from aspan.satellites.tracks import pass_tracks


def plot_passes(passes, cat, path, *, max_tracks: int = 40, points: int = 120) -> int:
    """Draw up to ``max_tracks`` passes (the highest first) on a polar chart saved at ``path``.

    Radius is 90 - elevation (zenith in the centre, the horizon at the rim); azimuth 0 (north)
    points up and grows clockwise through east. Returns the number of tracks drawn.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(8, 8))
    ax = fig.add_subplot(projection="polar")
    ax.set_theta_zero_location("N")
    ax.set_theta_direction(-1)
    ax.set_rlim(0, 90)
    ax.set_rticks([0, 15, 30, 45, 60, 75, 90])
    ax.set_yticklabels(["90°", "75°", "60°", "45°", "30°", "15°", "0°"])
    ax.set_rlabel_position(22.5)
    ax.set_xticks(np.radians(np.arange(0, 360, 45)))
    ax.set_xticklabels(["N", "NE", "E", "SE", "S", "SW", "W", "NW"])
    order = np.argsort(-np.nan_to_num(passes.max_elevation_deg, nan=-90))[:max_tracks]
    drawn = 0
    for track in pass_tracks(passes, cat, order, points=points):
        az, el = np.asarray(track["azimuth_deg"]), np.asarray(track["elevation_deg"])
        line, = ax.plot(np.radians(az), 90.0 - el, lw=1.2)
        ax.plot(np.radians(az[0]), 90.0 - el[0], "o", ms=3, color=line.get_color())
        k = int(np.argmax(el))
        ax.annotate(str(track["norad_id"]), (np.radians(az[k]), 90.0 - el[k]), fontsize=7,
                    color=line.get_color())
        drawn += 1
    names = ", ".join(s.key or s.name for s in passes.sites)
    start = passes.start.utc_strftime("%Y-%m-%d %H:%M UTC")
    ax.set_title(f"Passes over {names} from {start} ({passes.span_s / 3600:.3g} h); "
                 f"{drawn} of {len(passes)} shown\nradius: elevation (rings labelled), dots: rise",
                 fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return drawn
