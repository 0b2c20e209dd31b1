"""The Earth's atmosphere for ground telescopes: airmass, extinction, seeing.

* Airmass: Kasten & Young (1989, Appl. Opt. 28, 4735), good to 0.1 % to the horizon:
  ``X = 1 / (cos z + 0.50572 (96.07995 - z)**-1.6364)``, ``z`` the zenith distance in degrees.
* Extinction per airmass ``k(lambda, height)`` in mag: Rayleigh scattering after Hayes &
  Latham (1975, ApJ 197, 593, eq. 12) scaled by ``exp(-height / 7996 m)``; aerosols
  ``k_aer(550 nm) (lambda / 550 nm)**-1.3`` (Angstrom exponent 1.3, an assumption; the
  550 nm value is a site parameter); ozone from an approximate table for a 300 DU column
  (Hartley-Huggins bands below 340 nm, Chappuis band 500-700 nm; assumption, +-30 %).
* Seeing: the FWHM grows with airmass as ``X**0.6`` (Roddier 1981, Prog. Optics 19, 281).

All functions take and return numpy arrays of any shape.
"""

from __future__ import annotations

import numpy as np

#: Ozone absorption (mag per airmass) for 300 DU: (wavelength nm, k). Assumption (see above).
_OZONE_NM = np.array([290.0, 300, 310, 320, 330, 340, 350, 450, 500, 550, 600, 650, 700, 800])
_OZONE_K = np.array([10.0, 3.0, 1.0, 0.35, 0.12, 0.04, 0.01, 0.003, 0.015, 0.032, 0.045, 0.027,
                     0.012, 0.0])


def airmass(altitude_deg) -> np.ndarray:
    """Relative air mass at apparent altitude ``altitude_deg`` (Kasten & Young 1989); NaN
    below -1 deg."""
    alt = np.asarray(altitude_deg, dtype=np.float64)
    z = 90.0 - alt
    with np.errstate(invalid="ignore", divide="ignore"):
        x = 1.0 / (np.cos(np.radians(z)) + 0.50572 * (96.07995 - z) ** -1.6364)
    return np.where(alt >= -1.0, x, np.nan)


def rayleigh_mag_per_airmass(wavelength_nm, height_m: float = 0.0) -> np.ndarray:
    """Rayleigh extinction (mag per airmass) at ``wavelength_nm`` for a site at
    ``height_m`` (Hayes & Latham 1975 eq. 12, scale height 7996 m)."""
    lam_um = np.asarray(wavelength_nm, dtype=np.float64) / 1000.0
    inv2 = lam_um ** -2
    n_term = 0.23465 + 107.6 / (146.0 - inv2) + 0.93161 / (41.0 - inv2)
    return 9.4977e-3 * lam_um ** -4 * n_term ** 2 * np.exp(-height_m / 7996.0)


def ozone_mag_per_airmass(wavelength_nm) -> np.ndarray:
    """Ozone absorption (mag per airmass) for 300 DU (approximate table, see module doc)."""
    lam = np.asarray(wavelength_nm, dtype=np.float64)
    return np.exp(np.interp(lam, _OZONE_NM, np.log(_OZONE_K + 1e-4))) - 1e-4


def extinction_mag_per_airmass(wavelength_nm, height_m: float = 0.0,
                               aerosol_550_mag: float = 0.05) -> np.ndarray:
    """Total extinction coefficient (mag per airmass): Rayleigh + aerosol + ozone."""
    lam = np.asarray(wavelength_nm, dtype=np.float64)
    aerosol = aerosol_550_mag * (lam / 550.0) ** -1.3
    return rayleigh_mag_per_airmass(lam, height_m) + aerosol + ozone_mag_per_airmass(lam)


def seeing_fwhm_arcsec(zenith_fwhm_arcsec: float, airmass_value) -> np.ndarray:
    """Seeing FWHM (arcsec) at ``airmass_value`` from its zenith value (``X**0.6``)."""
    return zenith_fwhm_arcsec * np.asarray(airmass_value, dtype=np.float64) ** 0.6
