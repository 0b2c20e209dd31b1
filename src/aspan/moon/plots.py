"""Pictures of a lunar site: its sky with the horizon mask, and a sunlight / Earth timeline.

Near the pole everything happens within a few degrees of the horizon, so the sky is drawn as
azimuth (0-360, north through east) against altitude, the terrain mask filled in grey, the
Sun's and the Earth's tracks over the window as coloured points (lighter = later).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from aspan.moon.geometry import local_sky
from aspan.moon.horizon import flat_horizon
from aspan.moon.window import Window

_STATE_COLOURS = {"full": "#f2b705", "partial": "#f6dc8a", "dark": "#2b2d42"}


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_sky(site, start, stop, path, *, mask=None, step_s: float = 3600.0) -> Path:
    """PNG of the site's sky: mask, Sun and Earth tracks from ``start`` to ``stop``."""
    plt = _pyplot()
    mask = mask or flat_horizon()
    window = Window.of(start, stop)
    t_s = np.arange(0.0, window.span_s + 1.0, step_s)
    w, f = window.jd(t_s)
    fig, ax = plt.subplots(figsize=(11, 5), dpi=110)
    az = np.linspace(0.0, 360.0, 1441)
    m = mask.at(az)
    lows = []
    for body, cmap, label in (("sun", "autumn", "Sun"), ("earth", "winter", "Earth")):
        sky = local_sky([site], body, w, f)
        lows.append(sky.alt_deg.min())
        ax.scatter(sky.az_deg[0], sky.alt_deg[0], c=t_s / 86400.0, cmap=cmap, s=6,
                   label=f"{label} (colour: days from start)", zorder=3)
    bottom = min(float(m.min()), *lows) - 1.0
    ax.fill_between(az, bottom, m, color="0.55", alpha=0.8, label="terrain horizon", zorder=2)
    ax.axhline(0.0, color="0.3", lw=0.7, ls="--", label="flat horizon (0 deg)")
    ax.set_xlim(0, 360)
    ax.set_xticks(np.arange(0, 361, 45), ["N", "45", "E", "135", "S", "225", "W", "315", "N"])
    ax.set_ylim(bottom, max(float(m.max()), 2.0) + 8.0)
    ax.set_xlabel("azimuth (deg from lunar north through east)")
    ax.set_ylabel("apparent altitude (deg)")
    a, b = window.utc_iso([0.0, window.span_s])
    ax.set_title(f"Sky of {site.name} ({site.lat_deg:.3f}, {site.lon_deg:.3f}; mast "
                 f"{site.mast_m:g} m), {a[:10]} to {b[:10]}")
    ax.legend(loc="upper right", fontsize=8, markerscale=3)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path)
    plt.close(fig)
    return path


def plot_timeline(sunlight, earth, path) -> Path:
    """PNG of two bars over the window: sunlight states and Earth-in-view states
    (``Visibility`` objects from ``aspan.moon.visibility``)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(11, 2.8), dpi=110)
    for row, vis in ((1, sunlight), (0, earth)):
        for a, b, s in vis.intervals:
            ax.barh(row, (b - a) / 86400.0, left=a / 86400.0, height=0.6,
                    color=_STATE_COLOURS[s], edgecolor="none")
    ax.set_yticks([1, 0], [f"Sun ({sunlight.visible_fraction:.1%} lit)",
                           f"Earth ({earth.visible_fraction:.1%} of disk in view)"])
    a, b = sunlight.window.utc_iso([0.0, sunlight.window.span_s])
    ax.set_xlabel(f"days from {a}")
    ax.set_xlim(0, sunlight.window.span_s / 86400.0)
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=_STATE_COLOURS["full"], label="whole disk up"),
                       Patch(color=_STATE_COLOURS["partial"], label="part of disk up"),
                       Patch(color=_STATE_COLOURS["dark"], label="below horizon")],
              loc="upper center", bbox_to_anchor=(0.5, 1.32), ncol=3, fontsize=8)
    ax.set_title(f"{sunlight.site.name} (mast {sunlight.site.mast_m:g} m)", loc="left",
                 fontsize=9)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path)
    plt.close(fig)
    return path
