"""Ascent geometry against textbook cases (tolerances in degrees and m/s)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aspan.launch.ascent import (
    circular_speed_km_s,
    ground_azimuth_deg,
    inclination_deg,
    inertial_azimuth_deg,
    inertial_from_ground_deg,
    plane_change_dv_km_s,
    sso_inclination_deg,
)


def test_curtis_latitude_34_5_inclination_98_43():
    # Curtis, Orbital Mechanics for Engineering Students: 190.2 deg and 349.8 deg
    north, south = inertial_azimuth_deg(34.5, 98.43)
    assert north == pytest.approx(349.8, abs=0.05)
    assert south == pytest.approx(190.2, abs=0.05)


def test_molczan_smad_case():
    # latitude 39.66 deg, i = 97.42 deg: inertial 189.7 deg, rotating-Earth 192.3 deg
    # (reproduced for burnout speeds 7.35-7.65 km/s: 500-1000 km circular orbits)
    _, south = inertial_azimuth_deg(39.66, 97.42)
    assert south == pytest.approx(189.7, abs=0.05)
    for altitude_km in (600.0, 800.0):
        v = circular_speed_km_s(altitude_km)
        assert ground_azimuth_deg(39.66, south, v) == pytest.approx(192.3, abs=0.05)


def test_site_above_inclination_has_no_azimuth():
    north, south = inertial_azimuth_deg(62.9, 51.6)
    assert np.isnan(north) and np.isnan(south)


def test_shapes_broadcast():
    north, south = inertial_azimuth_deg(np.array([10.0, 20.0, 30.0]), 51.6)
    assert north.shape == (3,) and south.shape == (3,)
    assert np.shape(inertial_azimuth_deg(10.0, 51.6)[0]) == ()


@given(st.floats(-60, 60), st.floats(0.5, 179.5))
def test_azimuth_gives_back_the_inclination(lat, inc):
    north, south = inertial_azimuth_deg(lat, inc)
    if np.isfinite(north):
        assert inclination_deg(lat, north) == pytest.approx(inc, abs=1e-6)
        assert inclination_deg(lat, south) == pytest.approx(inc, abs=1e-6)


@given(st.floats(-60, 60), st.floats(0.0, 359.9), st.floats(7.0, 8.0))
def test_ground_and_inertial_azimuths_invert(lat, az, v):
    ground = ground_azimuth_deg(lat, az, v)
    back = inertial_from_ground_deg(lat, ground, v)
    assert abs((back - az + 180.0) % 360.0 - 180.0) < 1e-6


def test_sso_inclination_and_plane_change():
    # SSO 500 km: 97.40 deg; 800 km: 98.60 deg (Vallado's SSO table / Wertz SMAD: 97.4, 98.6)
    assert sso_inclination_deg(500.0) == pytest.approx(97.40, abs=0.02)
    assert sso_inclination_deg(800.0) == pytest.approx(98.60, abs=0.02)
    # 60 deg plane change costs one orbital speed
    assert plane_change_dv_km_s(7.5, 60.0) == pytest.approx(7.5, abs=1e-9)
