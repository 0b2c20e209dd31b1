"""The sky model: Leinert et al. (1998) Table 17 at its tabulated points, airmass, extinction."""

from __future__ import annotations

import numpy as np
import pytest

from aspan.observing.atmosphere import (
    airmass,
    extinction_mag_per_airmass,
    rayleigh_mag_per_airmass,
    seeing_fwhm_arcsec,
)
from aspan.observing.bands import band_by_name
from aspan.observing.sky_background import (
    LEINERT_BETA_DEG,
    LEINERT_LON_DEG,
    LEINERT_TABLE17,
    surface_brightness_mag,
    zodiacal_500nm,
    zodiacal_photon_rate,
)

# A few cells of Leinert et al. 1998 Table 17 (1e-8 W m^-2 sr^-1 um^-1 at 500 nm), typed
# from the paper: (|lambda - lambda_sun|, |beta|) -> value.
PUBLISHED = {(90, 0): 259, (180, 0): 230, (0, 90): 77, (30, 30): 365, (15, 0): 11500,
             (60, 45): 134, (135, 60): 77, (120, 20): 138, (45, 10): 555}


@pytest.mark.parametrize(("cell", "value"), PUBLISHED.items())
def test_zodiacal_at_tabulated_points(cell, value):
    assert zodiacal_500nm(*cell) == pytest.approx(value, rel=1e-12)
    # the sky is symmetric about the ecliptic and about the Sun-antisun line
    assert zodiacal_500nm(-cell[0], -cell[1]) == pytest.approx(value, rel=1e-12)
    assert zodiacal_500nm(360 - cell[0], cell[1]) == pytest.approx(value, rel=1e-12)


def test_zodiacal_whole_table_and_between_points():
    lon, beta = np.meshgrid(LEINERT_LON_DEG, LEINERT_BETA_DEG, indexing="ij")
    got = zodiacal_500nm(lon, beta)
    tab = np.isfinite(LEINERT_TABLE17)
    np.testing.assert_allclose(got[tab], LEINERT_TABLE17[tab], rtol=1e-12)
    assert np.all(np.isnan(got[~tab]))  # near the Sun: not tabulated
    mid = float(zodiacal_500nm(97.5, 0.0))  # between 259 and 212
    assert 212 < mid < 259 and mid == pytest.approx(np.sqrt(259 * 212), rel=1e-9)


def test_zodiacal_v_band_surface_brightness():
    """The ecliptic pole (77 units) is 23.3 V mag/arcsec^2 and the gegenschein (230) 22.1:
    the classic values (e.g. HST STIS handbook table 6.4: 23.3 and 22.1 at the pole and
    antisun)."""
    v = band_by_name("V")
    pole = surface_brightness_mag(v, zodiacal_photon_rate(v, 0.0, 90.0)) - v.ab_minus_vega_mag
    anti = surface_brightness_mag(v, zodiacal_photon_rate(v, 180.0, 0.0)) - v.ab_minus_vega_mag
    assert float(pole) == pytest.approx(23.3, abs=0.15)
    assert float(anti) == pytest.approx(22.1, abs=0.15)


def test_airmass_and_extinction():
    # Kasten & Young 1989 (their formula): 1 at the zenith, 1.9942 at 30 deg, 37.92 at 0 deg
    assert float(airmass(90.0)) == pytest.approx(1.0, abs=1e-3)
    assert float(airmass(30.0)) == pytest.approx(1.9942, abs=2e-3)
    assert float(airmass(0.0)) == pytest.approx(37.92, abs=0.01)
    assert np.isnan(airmass(-5.0))
    # Rayleigh at sea level, 550 nm: optical depth 0.0973 (Bucholtz 1995, Appl. Opt. 34,
    # 2765), i.e. 1.0857 x 0.0973 = 0.1056 mag per airmass
    assert float(rayleigh_mag_per_airmass(550.0)) == pytest.approx(0.1056, abs=0.002)
    # a 2.7 km site has 71 % of the air above sea level
    ratio = rayleigh_mag_per_airmass(550.0, 2750.0) / rayleigh_mag_per_airmass(550.0)
    assert float(ratio) == pytest.approx(np.exp(-2750 / 7996), rel=1e-12)
    k_v = float(extinction_mag_per_airmass(545.0, 2750.0, 0.05))
    assert 0.1 < k_v < 0.2  # mountain-site V extinction
    assert extinction_mag_per_airmass(300.0) > 3.0  # ozone: the ground sees no LUT band
    assert float(seeing_fwhm_arcsec(1.0, 2.0)) == pytest.approx(2 ** 0.6)
