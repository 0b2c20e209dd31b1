"""Observing constraints as margins in degrees, for many targets at many times at once.

Each constraint gives a *margin* (deg): how far a target is inside the allowed region, >= 0
when allowed. Margins are (n_targets, n_times) arrays from one ``Sky`` (``geometry``), so a
night of thousands of targets is a few matrix products; their minimum is the combined margin
whose zero crossings the event engine refines (``aspan.observing.observability``).

* ``altitude``: altitude minus the larger of ``min_altitude_deg`` and the terrain mask at the
  target's azimuth (``aspan.core.topocentric.HorizonMask``; lunar masks from
  ``aspan.moon.horizon``);
* ``sun_separation``: angle from the Sun minus ``sun_min_separation_deg``;
* ``moon_separation`` (Earth sites) / ``earth_separation`` (lunar sites);
* ``sun_altitude``: night (``sun_max_altitude_deg`` minus the Sun's altitude: -18 deg is
  astronomical night on Earth, -0.5 deg lunar night with the disk set) or day (the Sun's
  altitude minus ``sun_min_altitude_deg``, e.g. LUT's lunar-day operations);
* ``moon_altitude`` (Earth, darkness): ``moon_max_altitude_deg`` minus the Moon's altitude.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aspan.core.topocentric import HorizonMask
from aspan.observing.geometry import Sky


@dataclass(frozen=True)
class Constraints:
    """The limits a target must satisfy; ``None`` switches a constraint off."""

    min_altitude_deg: float = 0.0
    mask: HorizonMask | None = None
    sun_min_separation_deg: float | None = None
    other_min_separation_deg: float | None = None
    sun_max_altitude_deg: float | None = None
    sun_min_altitude_deg: float | None = None
    moon_max_altitude_deg: float | None = None
    lunar: bool = False

    @classmethod
    def for_telescope(cls, telescope, site_is_lunar: bool, mask: HorizonMask | None = None,
                      **overrides) -> Constraints:
        """The limits written in the telescope's TOML entry, for an Earth or lunar site."""
        other = (telescope.earth_min_separation_deg if site_is_lunar
                 else telescope.moon_min_separation_deg)
        values = dict(min_altitude_deg=telescope.min_altitude_deg, mask=mask,
                      sun_min_separation_deg=telescope.sun_min_separation_deg,
                      other_min_separation_deg=other,
                      sun_max_altitude_deg=telescope.sun_max_altitude_deg,
                      sun_min_altitude_deg=telescope.sun_min_altitude_deg,
                      moon_max_altitude_deg=getattr(telescope, "moon_max_altitude_deg", None),
                      lunar=site_is_lunar)
        values.update(overrides)
        return cls(**values)

    @property
    def other_name(self) -> str:
        return "earth" if self.lunar else "moon"

    def names(self) -> list[str]:
        """The active constraints, in the order ``margins`` returns them."""
        out = ["altitude"]
        if self.sun_min_separation_deg is not None:
            out.append("sun_separation")
        if self.other_min_separation_deg is not None:
            out.append(f"{self.other_name}_separation")
        if self.sun_max_altitude_deg is not None or self.sun_min_altitude_deg is not None:
            out.append("sun_altitude")
        if self.moon_max_altitude_deg is not None and not self.lunar:
            out.append("moon_altitude")
        return out

    def describe(self, name: str) -> str:
        """A short sentence for a constraint, for explanations."""
        if name == "altitude":
            extra = " and the terrain mask" if self.mask is not None else ""
            return f"altitude at least {self.min_altitude_deg:g} deg{extra}"
        if name == "sun_separation":
            return f"at least {self.sun_min_separation_deg:g} deg from the Sun"
        if name.endswith("_separation"):
            return (f"at least {self.other_min_separation_deg:g} deg from the "
                    f"{self.other_name.capitalize()}")
        if name == "sun_altitude":
            parts = []
            if self.sun_max_altitude_deg is not None:
                parts.append(f"Sun below {self.sun_max_altitude_deg:g} deg (night)")
            if self.sun_min_altitude_deg is not None:
                parts.append(f"Sun above {self.sun_min_altitude_deg:g} deg (day)")
            return " and ".join(parts)
        if name == "moon_altitude":
            return f"Moon below {self.moon_max_altitude_deg:g} deg (dark sky)"
        return name

    def margins(self, sky: Sky, u: np.ndarray, pairs: bool = False) -> dict[str, np.ndarray]:
        """Margins (deg) by constraint name: (n, k) for targets ``u`` (n, 3) at ``k`` times,
        or (k,) with ``pairs`` (``u`` (k, 3): one target per time)."""
        alt, az = sky.altaz(u, pairs)
        floor = np.full(alt.shape, self.min_altitude_deg)
        if self.mask is not None:
            floor = np.maximum(floor, self.mask.at(az))
        out = {"altitude": alt - floor}
        shape = alt.shape
        if self.sun_min_separation_deg is not None:
            out["sun_separation"] = sky.separation_deg(u, "sun", pairs) \
                - self.sun_min_separation_deg
        if self.other_min_separation_deg is not None:
            out[f"{self.other_name}_separation"] = sky.separation_deg(u, "other", pairs) \
                - self.other_min_separation_deg
        if self.sun_max_altitude_deg is not None or self.sun_min_altitude_deg is not None:
            m = np.full(sky.sun_alt_deg.shape, np.inf)
            if self.sun_max_altitude_deg is not None:
                m = np.minimum(m, self.sun_max_altitude_deg - sky.sun_alt_deg)
            if self.sun_min_altitude_deg is not None:
                m = np.minimum(m, sky.sun_alt_deg - self.sun_min_altitude_deg)
            out["sun_altitude"] = np.broadcast_to(m, shape)
        if self.moon_max_altitude_deg is not None and not self.lunar:
            out["moon_altitude"] = np.broadcast_to(
                self.moon_max_altitude_deg - sky.other_alt_deg, shape)
        return out

    def margin(self, sky: Sky, u: np.ndarray, pairs: bool = False) -> np.ndarray:
        """The combined margin: the smallest of all (deg); >= 0 where observable."""
        values = list(self.margins(sky, u, pairs).values())
        out = values[0]
        for v in values[1:]:
            out = np.minimum(out, v)
        return out
