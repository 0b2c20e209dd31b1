"""Pictures of a schedule: a Gantt chart of the blocks and a sky map of the scheduled targets.

The Gantt chart has one row per scheduled target (highest weight on top): slews and settling
in grey, exposures coloured by weight, and the night (or lunar day) as the span of the axis.
The sky map is a polar plot (azimuth from north through east, zenith in the centre, the
horizon at the rim) of each scheduled target's track during its blocks.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_schedule(schedule, path) -> Path:
    """PNG of ``schedule`` (``aspan.observing.scheduler.Schedule``): Gantt and sky map."""
    plt = _pyplot()
    fig = plt.figure(figsize=(14, 6.5), dpi=100)
    gantt = fig.add_axes((0.07, 0.1, 0.55, 0.8))
    sky = fig.add_axes((0.68, 0.12, 0.3, 0.76), projection="polar")
    blocks = schedule.blocks
    names = schedule.targets.name
    hours = 3600.0
    order = sorted({b.target for b in blocks},
                   key=lambda i: (-schedule.targets.priority[i], str(names[i])))
    row = {t: len(order) - 1 - r for r, t in enumerate(order)}
    cmap = plt.get_cmap("viridis")
    wmax = float(max(schedule.targets.priority.max(), 1.0))
    for b in blocks:
        y = row[b.target]
        if b.start_s > b.slew_start_s:
            gantt.barh(y, (b.start_s - b.slew_start_s) / hours, left=b.slew_start_s / hours,
                       color="0.7", height=0.7)
        gantt.barh(y, (b.stop_s - b.start_s) / hours, left=b.start_s / hours, height=0.7,
                   color=cmap(b.weight / wmax))
    gantt.set_yticks(range(len(order)), [str(names[t]) for t in reversed(order)],
                     fontsize=7 if len(order) < 40 else 4)
    start_utc = schedule.utc(0.0)[0]
    gantt.set_xlabel(f"hours from {start_utc}")
    gantt.set_xlim(0, schedule.geometry.span_s / hours)
    gantt.grid(axis="x", alpha=0.3)
    gantt.set_title(f"{len(blocks)} blocks, weighted exposure "
                    f"{schedule.weighted_exposure_s / hours:.1f} h (grey: slew and settle; "
                    "colour: weight)", fontsize=9, loc="left")
    u = schedule.targets.unit_vectors
    for t in order:
        times = np.concatenate([np.linspace(b.start_s, b.stop_s, 12) for b in blocks
                                if b.target == t])
        alt, az = schedule.geometry.at(times).altaz(np.repeat(u[t:t + 1], times.size, 0),
                                                    pairs=True)
        sky.plot(np.radians(az), 90.0 - alt, ".", ms=2,
                 color=cmap(schedule.targets.priority[t] / wmax))
    sky.set_theta_zero_location("N")
    sky.set_theta_direction(-1)
    sky.set_rlim(0, 90)
    sky.set_rticks([30, 60, 90], ["60", "30", "0"], fontsize=7)
    sky.set_title(f"sky of {getattr(schedule.geometry.site, 'name', '')}: scheduled tracks "
                  "(altitude on the radius)", fontsize=9)
    path = Path(path)
    fig.savefig(path)
    plt.close(fig)
    return path
