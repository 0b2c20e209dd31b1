"""Scheduler properties: no overlaps, inside the constraints and windows, overheads respected,
cadence kept, every unscheduled target explained; and it runs for a lunar site."""

from __future__ import annotations

import numpy as np
import pytest

from aspan.observing.constraints import Constraints
from aspan.observing.scheduler import Overheads, schedule, schedule_for_telescope
from aspan.observing.targets import Targets, parse_targets_csv
from aspan.observing.telescopes import telescope_by_name

START, STOP = "2026-12-01T12:00:00Z", "2026-12-02T02:00:00Z"
CONS = Constraints(min_altitude_deg=20.0, sun_max_altitude_deg=-18.0,
                   other_min_separation_deg=30.0)
OVER = Overheads(slew_deg_per_s=0.5, settle_s=45.0, readout_s=10.0, max_exposure_s=300.0)


def _targets(n, seed):
    rng = np.random.default_rng(seed)
    return Targets(np.array([f"T{i}" for i in range(n)], dtype=object),
                   rng.uniform(0, 360, n), rng.uniform(-30, 85, n),
                   priority=rng.integers(1, 11, n).astype(float),
                   exposure_s=rng.choice([120.0, 600.0, 1500.0], n),
                   visits=rng.integers(1, 3, n), cadence_s=rng.choice([0.0, 7200.0], n))


def check_properties(s, overheads, constraints):
    u = s.targets.unit_vectors
    blocks = s.blocks
    for b in blocks:
        # the slew takes at least the great-circle distance over the rate, then the settle
        assert b.slew_start_s + b.slew_s + b.settle_s <= b.start_s + 1e-6
        assert b.stop_s - b.start_s == pytest.approx(
            b.exposure_s + np.ceil(b.exposure_s / overheads.max_exposure_s - 1e-9)
            * overheads.readout_s)
        assert 0.0 <= b.slew_start_s and b.stop_s <= s.geometry.span_s + 1e-6
        # observable through the whole block (dense check, 15 s)
        t = np.arange(b.start_s, b.stop_s + 1e-6, 15.0)
        m = constraints.margin(s.geometry.at(t), np.repeat(u[b.target:b.target + 1], t.size, 0),
                               pairs=True)
        assert np.all(m >= -1e-3), f"{s.targets.name[b.target]} leaves its constraints"
    for prev, nxt in zip(blocks, blocks[1:], strict=False):
        assert prev.stop_s <= nxt.slew_start_s + 1e-6, "blocks overlap"
        if nxt.target == prev.target:  # the next visit of the same target: no slew
            assert nxt.slew_s == 0.0 and nxt.settle_s == 0.0
            continue
        dist = np.degrees(np.arccos(np.clip(u[prev.target] @ u[nxt.target], -1, 1)))
        assert nxt.slew_s == pytest.approx(dist / overheads.slew_deg_per_s, abs=1e-6)
        assert nxt.settle_s == overheads.settle_s
    # cadence between visits of one target
    for i in range(len(s.targets)):
        starts = [b.start_s for b in blocks if b.target == i]
        assert len(starts) <= s.targets.visits[i]
        assert np.all(np.diff(starts) >= s.targets.cadence_s[i] - 1e-6)
    # every target not fully scheduled is explained, and only those
    full = {str(s.targets.name[i]) for i in range(len(s.targets))
            if sum(b.target == i for b in blocks) == s.targets.visits[i]}
    assert set(s.explanations) == {str(n) for n in s.targets.name} - full
    assert all(len(r) > 20 for r in s.explanations.values())
    assert s.weighted_exposure_s == pytest.approx(sum(b.weight * b.exposure_s for b in blocks))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_properties_on_random_nights(seed):
    s = schedule(_targets(60, seed), "assy-turgen", START, STOP, constraints=CONS,
                 overheads=OVER)
    assert len(s.blocks) > 10
    check_properties(s, OVER, CONS)


def test_explanations_name_the_reason():
    text = ("name,ra_deg,dec_deg,priority,exposure_s,magnitude,snr,window_start,window_stop\n"
            "south,100,-80,5,300,,,,\n"             # never above 20 deg at 43 N
            "long,60,45,5,72000,,,,\n"              # 20 h exposure in a 14 h period
            "vague,60,45,5,,,,,\n"                  # no exposure need
            "late,60,45,5,300,,,2026-12-05T00:00Z,2026-12-06T00:00Z\n"  # wants another night
            "fine,60,45,1,300,,,,\n"
            "evening,30,30,1,600,,,2026-12-01T14:00Z,2026-12-01T16:00Z\n"
            "deep,70,40,2,,21.5,10,,\n")            # exposure from the model
    targets = parse_targets_csv(text)
    s = schedule_for_telescope(targets, telescope_by_name("azt-20"), None, START, STOP)
    why = s.explanations
    assert why["south"] == "never altitude at least 20 deg in the period"
    assert why["long"].startswith("its longest observable stretch")
    assert why["vague"].startswith("no exposure need")
    assert why["late"] == "observable only outside its own window_start..window_stop"
    assert "fine" not in why and "deep" not in why and "evening" not in why
    evening = [b for b in s.blocks if s.targets.name[b.target] == "evening"][0]
    assert 2 * 3600 <= evening.start_s and evening.stop_s <= 4 * 3600  # inside its window
    deep = [b for b in s.blocks if s.targets.name[b.target] == "deep"][0]
    assert 30 < deep.exposure_s < 3600  # SNR 10 at V = 21.5 on a 1.5 m


def test_crowded_night_explains_displacement():
    n = 40
    rng = np.random.default_rng(5)
    targets = Targets(np.array([f"C{i}" for i in range(n)], dtype=object),
                      rng.uniform(40, 80, n), rng.uniform(30, 60, n),
                      priority=rng.integers(1, 11, n).astype(float), exposure_s=3600.0)
    s = schedule(targets, "assy-turgen", START, STOP, constraints=CONS, overheads=OVER)
    check_properties(s, OVER, CONS)
    displaced = [r for r in s.explanations.values() if r.startswith("its feasible times")]
    assert displaced and all("accrue more weighted exposure" in r for r in displaced)
    # the weights decide: the scheduled targets outweigh the displaced ones on average
    done = {b.target for b in s.blocks}
    assert np.mean(targets.priority[list(done)]) > np.mean(
        np.delete(targets.priority, list(done)))


def test_lunar_site_schedule():
    rng = np.random.default_rng(9)
    n = 30
    targets = Targets(np.array([f"L{i}" for i in range(n)], dtype=object),
                      rng.uniform(0, 360, n), rng.uniform(-90, -30, n),
                      priority=rng.integers(1, 11, n).astype(float), exposure_s=3600.0,
                      visits=2, cadence_s=86400.0)
    scope = telescope_by_name("lunar-0.5m")
    # July: the Sun is in the north, the southern sky more than 90 deg from it
    s = schedule_for_telescope(targets, scope, "connecting-ridge", "2027-07-01",
                               "2027-07-05")
    assert s.geometry.lunar and len(s.blocks) > 20
    cons = Constraints.for_telescope(scope, True)
    check_properties(s, Overheads.of(scope), cons)
    d = s.to_dict()
    assert d["n_blocks"] == len(s.blocks) and d["blocks"][0]["start_utc"].startswith("2027-07")
