"""Side-by-side comparison (GEO numbers, SSO timing), spaceports data, windows to the Moon."""

from __future__ import annotations

import time

import numpy as np
import pytest

from aspan.errors import InputError, NotFoundError
from aspan.launch.compare import (
    circular_orbit,
    compare_sites,
    geo_orbit,
    geo_transfer_dv_km_s,
    sso_orbit,
)
from aspan.launch.moon import moon_windows, tli_dv_km_s
from aspan.launch.spaceports import load_spaceports, spaceport_from_text


def test_bundled_pads_and_corridors():
    pads = load_spaceports()
    assert len(pads) == 17
    assert {p.spaceport for p in pads.values()} >= {"Baikonur", "Jiuquan", "Taiyuan", "Xichang",
                                                  "Wenchang", "Vostochny", "Plesetsk", "Kourou",
                                                  "Cape Canaveral"}
    baikonur = pads["baikonur-45-1"]
    assert baikonur.allows([0.0, 62.0, 350.0]).all()
    assert not baikonur.allows([90.0, 180.0, 300.0]).any()
    assert spaceport_from_text("45.0,63.0").allows(np.arange(0, 360, 10)).all()
    assert spaceport_from_text("Xichang").key == "xichang-lc2"
    with pytest.raises(NotFoundError, match="unknown launch pad 'Nowhere'"):
        spaceport_from_text("Nowhere")


def test_geo_baikonur_pays_for_its_latitude():
    rows = {r.site: r for r in compare_sites(geo_orbit())}
    _, dv_eq = geo_transfer_dv_km_s(0.0)
    _, dv_515 = geo_transfer_dv_km_s(51.5)
    # Hohmann from 200 km: apogee burn 1.48 km/s equatorial, 2.43 km/s with 51.5 deg to remove (law of cosines,
    # 1.597 km/s at apogee and 3.075 km/s in GEO)
    assert dv_eq == pytest.approx(1.477, abs=0.002)
    assert dv_515 == pytest.approx(2.427, abs=0.002)
    baikonur = rows["baikonur-200-39"]
    i_transfer = float(baikonur.notes.split("i = ")[1].split(" deg")[0])
    assert i_transfer == pytest.approx(51.5, abs=0.2)  # Proton GTO: 51.5 deg
    assert baikonur.penalty_dv_km_s == pytest.approx(0.945, abs=0.01)
    kourou = rows["kourou-ela3"]
    assert kourou.penalty_dv_km_s < 0.02  # 5.2 deg costs 14 m/s
    assert kourou.rotation_gain_km_s > baikonur.rotation_gain_km_s + 0.1
    assert rows["wenchang-lc101"].penalty_dv_km_s == pytest.approx(0.18, abs=0.01)


def test_sso_500_1030_lists_every_site_under_a_second():
    compare_sites(sso_orbit(500.0, "10:30"))  # warm caches
    t0 = time.perf_counter()
    rows = compare_sites(sso_orbit(500.0, "10:30"))
    assert time.perf_counter() - t0 < 1.0
    assert len(rows) == len(load_spaceports())
    by = {r.site: r for r in rows}
    assert by["baikonur-45-1"].feasible and by["taiyuan-lc9"].feasible
    assert not by["xichang-lc2"].feasible and by["xichang-lc2"].penalty_dv_km_s > 5.0
    # Kourou's -10.5 deg edge is just east of the 349.1 deg SSO azimuth: a small dog-leg
    assert not by["kourou-ela3"].feasible and by["kourou-ela3"].penalty_dv_km_s < 0.1
    for r in rows:
        if r.feasible:
            assert r.rotation_gain_km_s < 0  # retrograde: the Earth's rotation costs


def test_circular_orbit_iss_plane_and_errors():
    rows = {r.site: r for r in compare_sites(circular_orbit(400, 51.6))}
    assert rows["baikonur-31-6"].feasible
    assert rows["baikonur-31-6"].azimuth[0].rotating_deg == pytest.approx(62.3, abs=0.3)
    assert not rows["plesetsk-43"].feasible
    assert "lies above i = 51.60 deg" in rows["plesetsk-43"].notes
    with pytest.raises(InputError, match="local time of the node '25:00'|outside 00:00"):
        sso_orbit(500.0, "25:00")


def test_moon_windows_and_tli():
    assert tli_dv_km_s(200.0, 384400.0) == pytest.approx(3.13, abs=0.01)
    pad = spaceport_from_text("baikonur-45-1")
    rows = moon_windows(pad, "2026-01-01", 5.0)
    assert 8 <= len(rows) <= 12  # two a day, north-going only (the corridor)
    assert all(r.direction == "north" and r.within_corridor for r in rows)
    assert all(3.10 < r.tli_dv_km_s < 3.16 for r in rows)
    # an equatorial-ish parking orbit from Kourou: only when the Moon is near the equator
    kourou = spaceport_from_text("kourou-ela3")
    low = moon_windows(kourou, "2026-01-01", 28.0, inclination_deg=6.0)
    assert low and all(abs(r.declination_deg) <= 6.0 + 1e-6 for r in low)
    days = {r.time_utc[:10] for r in low}
    assert len(days) < 20
