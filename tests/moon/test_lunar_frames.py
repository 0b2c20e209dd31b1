"""Lunar frames against NAIF's moon_pa_de421_1900-2050.bpc and moon_080317.tf."""

from __future__ import annotations

import numpy as np
import pytest
from reference import naif_frame

from aspan.core.time import timescale
from aspan.errors import InputError, OutOfRangeError
from aspan.moon.frames import MoonFrame, pa_to_me_matrix

ARCSEC = np.pi / 180 / 3600


@pytest.mark.parametrize(("ours", "naif"), [("ME", "MOON_ME_DE421"), ("PA", "MOON_PA_DE421")])
def test_rotation_matches_naif_kernels(ours, naif):
    t = timescale().utc(1950, 1, np.linspace(1, 36500, 3000))
    ref = naif_frame(naif).rotation_at(t)
    mine = MoonFrame(ours).rotation_at(t)
    assert mine.shape == (3, 3, 3000)
    assert np.abs(ref - mine).max() < 0.001 * ARCSEC  # 1 milliarcsecond
    _, ref_rate = naif_frame(naif).rotation_and_rate_at(t)
    _, rate = MoonFrame(ours).rotation_and_rate_at(t)
    assert np.abs(ref_rate - rate).max() < 1e-9  # rad/day: 0.2 mas/day


def test_scalar_time_gives_one_matrix_and_pa_me_angle():
    r = MoonFrame().rotation_at(timescale().utc(2030, 1, 1))
    assert r.shape == (3, 3)
    np.testing.assert_allclose(r @ r.T, np.eye(3), atol=1e-15)
    # NAIF's moon_080317.tf: the PA-ME rotation is about 0.0288473 deg
    angle = np.degrees(np.arccos((np.trace(pa_to_me_matrix()) - 1) / 2))
    assert abs(angle - 0.0288473) < 1e-6


def test_bad_frame_and_time_outside_de421():
    with pytest.raises(InputError, match="lunar frame 'XY' is not known; expected 'ME' or 'PA'"):
        MoonFrame("XY")
    with pytest.raises(OutOfRangeError) as info:
        MoonFrame().rotation_at(timescale().utc(2060, 1, 1))
    assert str(info.value) == ("time 2060-01-01T00:00:00Z is outside the DE421 ephemeris "
                               "(1900-01-01 to 2050-12-31); choose a time between 1900 and 2050")
