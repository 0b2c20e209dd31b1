"""Telescopes side by side: depth per hour, observable hours per year, annual depth.

For each telescope at its site: the limiting magnitude at ``snr`` in one hour of exposure
(cut into the telescope's frames, each adding read noise) at the reference pointing (the
zenith on Earth; helio-ecliptic longitude 90 deg, the target's ecliptic latitude for the
zodiacal light); for each target the hours it is observable in a calendar year under the
telescope's constraints (``aspan.observing.observability``) and the depth reached if all
of them were spent on it (the year's depth). On Earth the hours are multiplied by the site's
clear fraction (``site_skies.toml``, weather); the Moon has no weather. For each target the winner is the telescope
with the deepest year's depth; the faster telescope per hour is the one with the deeper
hourly depth.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aspan.observing.constraints import Constraints
from aspan.observing.exposure import ExposureModel
from aspan.observing.observability import hours_per_year
from aspan.observing.sites import is_lunar, observing_site, site_sky
from aspan.observing.targets import Targets
from aspan.observing.telescopes import Telescope


@dataclass
class Entry:
    """One telescope at one site: depth per hour and per-target hours and year's depth."""

    telescope: Telescope
    site: object
    depth_1h: float
    hours: np.ndarray
    year_depth: np.ndarray

    def to_dict(self, targets: Targets) -> dict:
        sky = site_sky(self.site)
        return {"telescope": self.telescope.key, "site": self.site.name,
                "band": self.telescope.band.name,
                "clear_fraction": 1.0 if sky is None else sky.clear_fraction,
                "depth_per_hour": round(float(self.depth_1h), 3),
                "targets": [{"target": str(n), "observable_hours_per_year": round(float(h), 1),
                             "year_depth": None if not np.isfinite(d) else round(float(d), 3)}
                            for n, h, d in zip(targets.name, self.hours, self.year_depth,
                                               strict=True)]}


def _ecl_lat(targets: Targets) -> np.ndarray:
    eps = np.radians(23.4392911)
    u = targets.unit_vectors
    return np.degrees(np.arcsin(np.clip(-np.sin(eps) * u[:, 1] + np.cos(eps) * u[:, 2],
                                        -1, 1)))


def compare(pairs, targets: Targets, year: int, *, snr: float = 5.0,
            system: str = "AB") -> list[Entry]:
    """``pairs``: (telescope, site or None for its own) tuples. Returns one ``Entry`` each."""
    out = []
    beta = _ecl_lat(targets)
    for telescope, site in pairs:
        site = observing_site(site or telescope.site)
        lunar = is_lunar(site)
        depth = ExposureModel(telescope, site, system=system).limiting_magnitude(3600.0, snr)
        cons = Constraints.for_telescope(telescope, lunar)
        hours = hours_per_year(site, cons, targets.unit_vectors, year,
                               step_s=1800.0 if lunar else 900.0)
        if not lunar:
            hours = hours * site_sky(site).clear_fraction
        per_target = ExposureModel(telescope, site, system=system, ecl_lat_deg=beta)
        with np.errstate(divide="ignore", invalid="ignore"):
            year_depth = np.where(hours > 0, per_target.limiting_magnitude(
                np.maximum(hours, 1e-3) * 3600.0, snr), np.nan)
        out.append(Entry(telescope, site, float(depth), hours, year_depth))
    return out


def winners(entries: list[Entry], targets: Targets) -> dict:
    """Per target: the telescope with the deepest year's depth (and by how much)."""
    out = {}
    depths = np.array([e.year_depth for e in entries])  # (m, n)
    for j, name in enumerate(targets.name):
        col = np.where(np.isfinite(depths[:, j]), depths[:, j], -np.inf)
        if not np.isfinite(col).any():
            out[str(name)] = {"winner": None, "margin_mag": None}
            continue
        order = np.argsort(-col)
        best = entries[order[0]].telescope.key
        second = col[order[1]] if len(order) > 1 else -np.inf
        out[str(name)] = {"winner": best,
                          "margin_mag": None if not np.isfinite(second)
                          else round(float(col[order[0]] - second), 3)}
    return out
