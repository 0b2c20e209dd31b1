"""Sky background: zodiacal light (Leinert et al. 1998), airglow, the dark sky of a site.

**Zodiacal light.** Table 17 of Leinert et al. (1998, A&AS 127, 1, "The 1997 reference of
diffuse night sky brightness") gives the brightness at 500 nm, in 1e-8 W m^-2 sr^-1 um^-1,
against the helio-ecliptic longitude ``|lambda - lambda_sun|`` (rows, 0-180 deg) and the
ecliptic latitude ``|beta|`` (columns, 0-90 deg); blank near the Sun (NaN here). Between the
tabulated points we interpolate bilinearly in the logarithm. The spectrum is Leinert's
Table 19 (the zodiacal spectrum at 90 deg elongation in the ecliptic), normalised at 500 nm;
we neglect the small reddening with elongation (their eq. 22, under 10 % in the optical).
Seen from the ground it is dimmed by ``10**(-0.4 k X)``.

**Airglow and the rest of the dark sky** (integrated starlight, diffuse galactic light) at an
Earth site are one number per site and band: the zenith surface brightness without zodiacal
light, ``airglow_zenith_mag_arcsec2`` (AB). It brightens away from the zenith as the van Rhijn
path length and is dimmed by extinction: ``B(z) = B_zen X 10**(-0.4 k (X - 1))`` with
``X = (1 - 0.96 sin^2 z)**-0.5`` (Krisciunas & Schaefer 1991, PASP 103, 1033, eq. 2).
The Moon has no airglow. Moonlight is not modelled: the constraints keep targets dark
(Moon below the horizon or far enough, ``aspan.observing.constraints``).

Surface brightnesses here are photon rates ``photons s^-1 m^-2 arcsec^-2`` through a band.
"""

from __future__ import annotations

import numpy as np

from aspan.observing.bands import Band

#: Leinert et al. (1998) Table 17 grid: helio-ecliptic longitude (deg) and |latitude| (deg).
LEINERT_LON_DEG = np.array([0.0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 60, 75, 90, 105, 120, 135,
                            150, 165, 180])
LEINERT_BETA_DEG = np.array([0.0, 5, 10, 15, 20, 25, 30, 45, 60, 75, 90])
_N = np.nan
#: Leinert et al. (1998) Table 17, 1e-8 W m^-2 sr^-1 um^-1 at 500 nm; NaN: not tabulated.
LEINERT_TABLE17 = np.array([
    [_N, _N, _N, 3140, 1610, 985, 640, 275, 150, 100, 77],
    [_N, _N, _N, 2940, 1540, 945, 625, 271, 150, 100, 77],
    [_N, _N, 4740, 2470, 1370, 865, 590, 264, 148, 100, 77],
    [11500, 6780, 3440, 1860, 1110, 755, 525, 251, 146, 100, 77],
    [6400, 4480, 2410, 1410, 910, 635, 454, 237, 141, 99, 77],
    [3840, 2830, 1730, 1100, 749, 545, 410, 223, 136, 97, 77],
    [2480, 1870, 1220, 845, 615, 467, 365, 207, 131, 95, 77],
    [1650, 1270, 910, 680, 510, 397, 320, 193, 125, 93, 77],
    [1180, 940, 700, 530, 416, 338, 282, 179, 120, 92, 77],
    [910, 730, 555, 442, 356, 292, 250, 166, 116, 90, 77],
    [505, 442, 352, 292, 243, 209, 183, 134, 104, 86, 77],
    [338, 317, 269, 227, 196, 172, 151, 116, 93, 82, 77],
    [259, 251, 225, 193, 166, 147, 132, 104, 86, 79, 77],
    [212, 210, 197, 170, 150, 133, 119, 96, 82, 77, 77],
    [188, 186, 177, 154, 138, 125, 113, 90, 77, 74, 77],
    [179, 178, 166, 147, 134, 122, 110, 90, 77, 73, 77],
    [179, 178, 165, 148, 137, 127, 116, 96, 79, 72, 77],
    [196, 192, 179, 165, 151, 141, 131, 104, 82, 72, 77],
    [230, 212, 195, 178, 163, 148, 134, 105, 83, 72, 77],
])
LEINERT_UNIT_W_M2_SR_UM = 1e-8
#: Leinert et al. (1998) Table 19: zodiacal spectrum at 90 deg elongation in the ecliptic,
#: wavelength (um) and W m^-2 sr^-1 um^-1.
LEINERT_TABLE19_UM = np.array([0.2, 0.3, 0.4, 0.5, 0.7, 0.9, 1.0, 1.2, 2.2])
LEINERT_TABLE19 = np.array([2.5e-8, 5.3e-7, 2.2e-6, 2.6e-6, 2.0e-6, 1.3e-6, 1.2e-6, 8.1e-7,
                            1.7e-7])
SR_PER_ARCSEC2 = (np.pi / 180.0 / 3600.0) ** 2


def zodiacal_500nm(helio_lon_deg, ecl_lat_deg) -> np.ndarray:
    """Zodiacal brightness at 500 nm (1e-8 W m^-2 sr^-1 um^-1) at helio-ecliptic longitude
    ``|lambda - lambda_sun|`` and ecliptic latitude (deg, any shape, folded to 0-180 and
    0-90); bilinear in log between the Table 17 points, NaN where the table is blank."""
    lon = np.abs((np.asarray(helio_lon_deg, dtype=np.float64) + 180.0) % 360.0 - 180.0)
    lat = np.minimum(np.abs(np.asarray(ecl_lat_deg, dtype=np.float64)), 90.0)
    lon, lat = np.broadcast_arrays(lon, lat)
    i = np.clip(np.searchsorted(LEINERT_LON_DEG, lon, side="right") - 1, 0,
                LEINERT_LON_DEG.size - 2)
    j = np.clip(np.searchsorted(LEINERT_BETA_DEG, lat, side="right") - 1, 0,
                LEINERT_BETA_DEG.size - 2)
    u = (lon - LEINERT_LON_DEG[i]) / (LEINERT_LON_DEG[i + 1] - LEINERT_LON_DEG[i])
    v = (lat - LEINERT_BETA_DEG[j]) / (LEINERT_BETA_DEG[j + 1] - LEINERT_BETA_DEG[j])
    log_t = np.log(LEINERT_TABLE17)
    with np.errstate(invalid="ignore"):
        out = ((1 - u) * (1 - v) * log_t[i, j] + u * (1 - v) * log_t[i + 1, j]
               + (1 - u) * v * log_t[i, j + 1] + u * v * log_t[i + 1, j + 1])
    # exactly on a tabulated point, a blank neighbour with zero weight must not spoil it
    exact = (u == 0) & (v == 0)
    out = np.where(exact, log_t[i, j], out)
    return np.exp(out)


def zodiacal_spectrum_shape(wavelength_nm) -> np.ndarray:
    """Table 19 spectrum divided by its 500 nm value (log-log interpolation)."""
    lam_um = np.asarray(wavelength_nm, dtype=np.float64) / 1000.0
    logs = np.interp(np.log(lam_um), np.log(LEINERT_TABLE19_UM), np.log(LEINERT_TABLE19))
    return np.exp(logs) / LEINERT_TABLE19[3]


def zodiacal_band_factor(band: Band) -> float:
    """Photons s^-1 m^-2 arcsec^-2 through ``band`` per unit (1e-8 W m^-2 sr^-1 um^-1) of
    the 500 nm zodiacal brightness."""
    lam = np.linspace(band.wavelength_nm[0], band.wavelength_nm[-1], 200)
    radiance = zodiacal_spectrum_shape(lam) * LEINERT_UNIT_W_M2_SR_UM * SR_PER_ARCSEC2
    return band.spectrum_photon_rate(lam, radiance)


def zodiacal_photon_rate(band: Band, helio_lon_deg, ecl_lat_deg) -> np.ndarray:
    """Zodiacal light through ``band``: photons s^-1 m^-2 arcsec^-2 (above the atmosphere)."""
    return zodiacal_band_factor(band) * zodiacal_500nm(helio_lon_deg, ecl_lat_deg)


def van_rhijn_airmass(zenith_deg) -> np.ndarray:
    """Path length through a thin emitting layer: ``(1 - 0.96 sin^2 z)**-0.5`` (K&S 1991)."""
    z = np.radians(np.asarray(zenith_deg, dtype=np.float64))
    return 1.0 / np.sqrt(1.0 - 0.96 * np.sin(z) ** 2)


def airglow_photon_rate(band: Band, zenith_mag_arcsec2: float, altitude_deg,
                        extinction_mag: float) -> np.ndarray:
    """Airglow (with the rest of the non-zodiacal dark sky) at ``altitude_deg``: photons s^-1
    m^-2 arcsec^-2 (Krisciunas & Schaefer 1991 eq. 2); ``zenith_mag_arcsec2`` is AB."""
    zen = 90.0 - np.clip(np.asarray(altitude_deg, dtype=np.float64), 0.0, 90.0)
    x = van_rhijn_airmass(zen)
    return band.ab_photon_rate(zenith_mag_arcsec2) * x * 10.0 ** (-0.4 * extinction_mag * (x - 1))


def surface_brightness_mag(band: Band, photon_rate) -> np.ndarray:
    """AB mag arcsec^-2 of a surface brightness in photons s^-1 m^-2 arcsec^-2."""
    return band.ab_from_photon_rate(photon_rate)
