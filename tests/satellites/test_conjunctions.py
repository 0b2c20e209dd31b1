"""Conjunction screening: recall against brute force, bounds, Pc, cluster == local."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aspan.catalog.load import load_catalog
from aspan.errors import InputError
from aspan.satellites.collision_probability import pc_2d, probability_of_collision
from aspan.satellites.conjunctions import screen_conjunctions, shell_ranges
from aspan.satellites.conjunctions_reference import brute_force_conjunctions, compare
from aspan.satellites.conjunctions_refine import states_at
from aspan.satellites.screening import Plan, coarse_states, init_params, object_bounds

FULL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "satcat-full-2024-07.tle"
START = "2024-07-05T00:00:00Z"
T0_JD, T0_FR = 2460496.5, 0.0  # 2024-07-05T00:00:00Z
M = 1e-3  # km
MS = 1e-3  # s

pytestmark = pytest.mark.skipif(not FULL.exists(), reason="shared catalog not present")


@pytest.fixture(scope="module")
def full():
    return load_catalog(FULL)


@pytest.fixture(scope="module")
def leo_sample(full):
    """1,500 objects crossing 500-800 km (dense shells) plus 300 from every regime."""
    rng = np.random.default_rng(7)
    a_km = (398600.8 * (86400.0 / (2 * np.pi * full.mean_motion_rev_day)) ** 2) ** (1 / 3)
    perigee = a_km * (1 - full.eccentricity) - 6378.0
    dense = np.nonzero((perigee > 500) & (perigee < 800))[0]
    pick = np.concatenate([rng.choice(dense, 1500, replace=False),
                           rng.choice(len(full), 300, replace=False)])
    return full[np.unique(pick)]


def test_recall_against_brute_force_one_hour(leo_sample):
    events = screen_conjunctions(leo_sample, START, hours=1, threshold_km=5.0)
    reference = brute_force_conjunctions(leo_sample, START, 3600.0, 5.0)
    c = compare(events, reference, START, tca_tol_s=1 * MS, miss_tol_km=1 * M)
    assert c["reference_events"] >= 3
    assert c["missed"] == []
    assert c["out_of_tolerance"] == []
    assert c["worst_dt_s"] < 1 * MS and c["worst_dmiss_km"] < 1 * M
    # events the reference lacks may only sit at the ends of the span (no interior sample)
    t_s = ((events.tca_jd - T0_JD) + (events.tca_fr - T0_FR)) * 86400.0
    for k in c["extra"]:
        assert t_s[k] < 1.0 or t_s[k] > 3599.0


def test_events_are_minima_of_range_under_threshold(leo_sample):
    ev = screen_conjunctions(leo_sample, START, hours=1, threshold_km=5.0)
    assert len(ev) > 0 and (ev.miss_km < 5.0).all()
    dr = ev.r_secondary_km - ev.r_primary_km
    dv = ev.v_secondary_km_s - ev.v_primary_km_s
    np.testing.assert_allclose(np.linalg.norm(dr, axis=1), ev.miss_km, atol=1e-9)
    # range rate at TCA: zero to within what 1 microsecond of TCA allows
    assert (np.abs(np.sum(dr * dv, axis=1)) / ev.miss_km < 1e-6 * ev.relative_speed_km_s ** 2
            + 1e-9).all()
    ric = np.stack([ev.radial_km, ev.in_track_km, ev.cross_track_km], axis=1)
    np.testing.assert_allclose(np.linalg.norm(ric, axis=1), ev.miss_km, atol=1e-9)
    # states at TCA are SGP4's at that time
    params = init_params(leo_sample)
    rows = np.array([int(np.nonzero(leo_sample.norad_id == p)[0][0]) for p in ev.primary])
    r, _ = states_at(params, rows, T0_JD, T0_FR,
                     ((ev.tca_jd - T0_JD) + (ev.tca_fr - T0_FR)) * 86400.0)
    np.testing.assert_allclose(r, ev.r_primary_km, atol=1e-3 * M)


@pytest.mark.filterwarnings("ignore:All-NaN slice")
def test_interpolation_error_within_the_stated_bound(full):
    rng = np.random.default_rng(3)
    sub = full[rng.choice(len(full), 2000, replace=False)]
    plan = Plan(T0_JD, T0_FR, 6 * 3600.0, 5.0, 10.0, 6)
    params = init_params(sub)
    rc, vc = coarse_states(params, plan, 0, 361)
    from aspan.kernels.screening import hermite_grid
    from aspan.satellites.screening import INTERP_FACTOR, MU_KM3_S2

    ri = np.empty((len(sub), 360 * 6, 3))
    vi = np.empty_like(ri)
    hermite_grid(rc, vc, 6, 60.0, ri, vi)
    fine = Plan(T0_JD, T0_FR + 5.0 / 86400.0, 6 * 3600.0, 5.0, 10.0, 1)
    rd, vd = coarse_states(params, fine, 0, 360 * 6)
    err = np.nanmax(np.linalg.norm(ri - rd, axis=-1), axis=1)
    err_v = np.nanmax(np.linalg.norm(vi - vd, axis=-1), axis=1)
    rmin = np.nanmin(np.linalg.norm(rc, axis=-1), axis=1)
    d4 = INTERP_FACTOR * MU_KM3_S2 ** 2 / np.maximum(rmin - 50, 6300.0) ** 5
    from aspan.satellites.screening import INTERP_FLOOR_KM, INTERP_FLOOR_KM_S

    bound = d4 * 60.0 ** 4 / 384 + INTERP_FLOOR_KM
    bound_v = d4 * np.sqrt(3) * 60.0 ** 3 / 216 + INTERP_FLOOR_KM_S
    ok = np.isfinite(err)
    assert (err[ok] < bound[ok]).all(), np.max(err[ok] / bound[ok])
    assert (err_v[ok] < bound_v[ok]).all(), np.max(err_v[ok] / bound_v[ok])
    rho, pad = object_bounds(rc, vc, plan)
    assert (rho[ok] > 2.5).all() and (pad[ok] > 0).all()


def test_shell_ranges_contain_every_radius(full):
    rng = np.random.default_rng(5)
    sub = full[rng.choice(len(full), 2000, replace=False)]
    plan = Plan(T0_JD, T0_FR, 6 * 3600.0, 5.0, 60.0, 1)
    params = init_params(sub)
    lo, hi = shell_ranges(params, plan)
    r, _ = coarse_states(params, plan, 0, 361)
    rn = np.linalg.norm(r, axis=-1)
    ok = np.isfinite(rn).all(axis=1)
    assert (lo[ok] <= rn[ok].min(axis=1)).all()
    assert (hi[ok] >= rn[ok].max(axis=1)).all()


def test_primaries_against_catalog_match_all_vs_all(leo_sample):
    every = screen_conjunctions(leo_sample, START, hours=1, threshold_km=5.0)
    chosen = [int(every.primary[0]), int(every.secondary[-1]), 99999999]
    some = screen_conjunctions(leo_sample, START, hours=1, threshold_km=5.0, primaries=chosen)
    assert some.missing_primaries == (99999999,)
    involved = np.isin(every.primary, chosen) | np.isin(every.secondary, chosen)
    assert len(some) == int(involved.sum())
    assert np.isin(some.primary, chosen).all()
    key = {(min(p, s), max(p, s)): m for p, s, m in
           zip(every.primary, every.secondary, every.miss_km, strict=True)}
    for p, s, m in zip(some.primary, some.secondary, some.miss_km, strict=True):
        assert abs(key[(min(p, s), max(p, s))] - m) < 1e-9


def test_dask_local_cluster_gives_identical_events(leo_sample):
    distributed = pytest.importorskip("distributed")
    local = screen_conjunctions(leo_sample, START, hours=1, threshold_km=5.0)
    with distributed.LocalCluster(processes=False, n_workers=1, threads_per_worker=2,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        remote = screen_conjunctions(leo_sample, START, hours=1, threshold_km=5.0,
                                     scheduler=client, window_hours=0.25, block_size=500)
    assert remote.stats["tasks"] > 4
    assert len(local) == len(remote) > 0
    for name in ("primary", "secondary", "tca_jd", "tca_fr", "miss_km", "relative_speed_km_s",
                 "radial_km", "in_track_km", "cross_track_km", "probability"):
        assert np.array_equal(getattr(local, name), getattr(remote, name)), name


def test_pc_closed_forms():
    sigma = 0.1  # km
    cov = np.diag([sigma**2, sigma**2])
    hbr = 0.02
    # zero miss, isotropic: 1 - exp(-R^2 / (2 sigma^2))
    assert pc_2d(np.zeros(2), cov, hbr)[0] == pytest.approx(1 - np.exp(-hbr**2 / (2 * sigma**2)),
                                                           rel=1e-9)
    # a small disk far out: area times density at the miss point
    cov2 = np.diag([0.1**2, 0.3**2])
    miss = np.array([0.25, 0.1])
    dens = np.exp(-0.5 * (miss[0]**2 / cov2[0, 0] + miss[1]**2 / cov2[1, 1])) / (
        2 * np.pi * np.sqrt(np.linalg.det(cov2)))
    assert pc_2d(miss, cov2, 0.001)[0] == pytest.approx(np.pi * 0.001**2 * dens, rel=1e-3)


def test_pc_of_a_head_on_encounter_uses_the_ric_sigmas():
    # primary in a circular equatorial orbit; secondary head-on, 200 m above (radial miss)
    r_p = np.array([[7000.0, 0, 0]])
    v_p = np.array([[0, 7.5, 0]])
    r_s = r_p + [[0.2, 0, 0]]
    v_s = np.array([[0, -7.5, 0]])
    # encounter plane spans radial and cross-track: combined sigmas sqrt(2)*100 m both
    pc = probability_of_collision(r_p, v_p, r_s, v_s, hard_body_radius_m=10.0)[0]
    s2 = 2 * 0.1**2
    expected = np.pi * 0.01**2 * np.exp(-0.5 * 0.2**2 / s2) / (2 * np.pi * s2)
    assert pc == pytest.approx(expected, rel=1e-3)


def test_bad_inputs_teach():
    from aspan.catalog.elements import Catalog

    cat = Catalog.empty()
    with pytest.raises(InputError, match="threshold"):
        screen_conjunctions(cat, START, hours=1, threshold_km=-1)
    with pytest.raises(InputError, match="exactly one of"):
        screen_conjunctions(cat, START, hours=1, days=1)
    assert len(screen_conjunctions(cat, START, hours=1)) == 0
