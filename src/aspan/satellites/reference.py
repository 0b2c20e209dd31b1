"""SGP4 inputs from a ``Catalog``, and the reference path through python-sgp4.

``sgp4init_arguments`` turns catalog columns (TLE-field units) into what ``sgp4init`` takes,
with the very operations python-sgp4's ``twoline2rv`` performs (Vallado's ``SGP4.cpp``:
``no_kozai = n / xpdotp``, ``ndot / (xpdotp * 1440)``, ``nddot / (xpdotp * 1440 * 1440)``,
degrees times ``pi / 180``, epoch ``(jd + fraction) - 2433281.5``), so that a ``Satrec`` built
here is bit-identical to ``Satrec.twoline2rv`` of the same lines (WGS72, opsmode 'i').

The reference path (``ASPAN_JIT=0``) propagates through python-sgp4's ``SatrecArray``; the
fast path (``aspan.kernels.sgp4``) takes the same arguments.
"""

from __future__ import annotations

import math

import numpy as np

from aspan.catalog.elements import Catalog

#: minutes per day over 2 pi: rev/day -> rad/min (Vallado SGP4.cpp, twoline2rv)
XPDOTP = 1440.0 / (2.0 * math.pi)
DEG2RAD = math.pi / 180.0
#: Julian date of 1949 December 31 00:00 UT, the origin of sgp4init's epoch
SGP4_EPOCH_JD = 2433281.5


def sgp4init_arguments(cat: Catalog) -> dict[str, np.ndarray]:
    """sgp4init's inputs for every object, arrays of shape (n,), as twoline2rv computes them.

    Keys: epoch_jd, epoch_fr (UTC Julian date split), epoch_days (days since 1949-12-31 0h),
    no_kozai_rad_min, ecco, inclo_rad, nodeo_rad, argpo_rad, mo_rad, bstar, ndot, nddot.
    """
    return {
        "epoch_jd": cat.epoch_jd,
        "epoch_fr": cat.epoch_fr,
        "epoch_days": (cat.epoch_jd + cat.epoch_fr) - SGP4_EPOCH_JD,
        "no_kozai_rad_min": cat.mean_motion_rev_day / XPDOTP,
        "ecco": cat.eccentricity,
        "inclo_rad": cat.inclination_deg * DEG2RAD,
        "nodeo_rad": cat.raan_deg * DEG2RAD,
        "argpo_rad": cat.argp_deg * DEG2RAD,
        "mo_rad": cat.mean_anomaly_deg * DEG2RAD,
        "bstar": cat.bstar_per_er,
        "ndot": cat.ndot_rev_day2 / (XPDOTP * 1440.0),
        "nddot": cat.nddot_rev_day3 / (XPDOTP * 1440.0 * 1440),
    }


def satrecs(cat: Catalog) -> list:
    """python-sgp4 ``Satrec`` objects for the catalog (WGS72, opsmode 'i')."""
    from sgp4.api import WGS72, Satrec

    a = sgp4init_arguments(cat)
    out = []
    for i in range(len(cat)):
        sat = Satrec()
        sat.sgp4init(WGS72, "i", int(cat.norad_id[i]) if cat.norad_id[i] < 339999 else 0,
                     float(a["epoch_days"][i]), float(a["bstar"][i]), float(a["ndot"][i]),
                     float(a["nddot"][i]), float(a["ecco"][i]), float(a["argpo_rad"][i]),
                     float(a["inclo_rad"][i]), float(a["mo_rad"][i]),
                     float(a["no_kozai_rad_min"][i]), float(a["nodeo_rad"][i]))
        # twoline2rv keeps the epoch split as (0h Julian date, fraction of day); sgp4init
        # alone splits days-since-1949 instead, which changes tsince in the last bits
        sat.jdsatepoch = float(a["epoch_jd"][i])
        sat.jdsatepochF = float(a["epoch_fr"][i])
        out.append(sat)
    return out


class ReferenceBackend:
    """Propagation through python-sgp4 (its C++ ``SatrecArray`` when accelerated)."""

    name = "python-sgp4"
    nan_on_error = False  # python-sgp4 keeps the state of a decayed object (error 6)

    def __init__(self, cat: Catalog) -> None:
        self.sats = satrecs(cat)

    def propagate(self, objects: slice, jd: np.ndarray, fr: np.ndarray, r_out: np.ndarray,
                  v_out: np.ndarray, err_out: np.ndarray) -> None:
        """States of ``objects`` at UTC split Julian dates (n_times,) into the outputs."""
        from sgp4.api import SatrecArray

        err, r, v = SatrecArray(self.sats[objects]).sgp4(jd, fr)
        r_out[...], v_out[...], err_out[...] = r, v, err

    def propagate_tsince(self, objects: slice, tsince_min: np.ndarray, r_out: np.ndarray,
                         v_out: np.ndarray, err_out: np.ndarray) -> None:
        """States of ``objects`` at minutes since each one's epoch (n_times,)."""
        days = np.asarray(tsince_min, dtype=np.float64) / 1440.0
        for k, sat in enumerate(self.sats[objects]):
            jd = np.full(days.shape, sat.jdsatepoch)
            err, r, v = sat.sgp4_array(jd, sat.jdsatepochF + days)
            r_out[k], v_out[k], err_out[k] = r, v, err
