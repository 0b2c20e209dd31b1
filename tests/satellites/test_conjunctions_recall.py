"""The full recall check: 2,000 objects of the 2024 catalog (every regime), 6 h, 5 km,
against a brute force that checks every pair every second (slow: about a minute)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aspan.catalog.load import load_catalog
from aspan.satellites.conjunctions import screen_conjunctions
from aspan.satellites.conjunctions_reference import brute_force_conjunctions, compare

FULL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "satcat-full-2024-07.tle"
START = "2024-07-05T00:00:00Z"


@pytest.mark.slow
@pytest.mark.skipif(not FULL.exists(), reason="shared catalog not present")
def test_no_event_under_5_km_missed_in_6_hours_of_2000_objects():
    cat = load_catalog(FULL)
    sub = cat[np.sort(np.random.default_rng(1).choice(len(cat), 2000, replace=False))]
    assert (sub.mean_motion_rev_day < 1.2).any() and (sub.eccentricity > 0.5).any()
    events = screen_conjunctions(sub, START, hours=6, threshold_km=5.0)
    reference = brute_force_conjunctions(sub, START, 6 * 3600.0, 5.0)
    c = compare(events, reference, START, tca_tol_s=1e-3, miss_tol_km=1e-3)
    assert c["reference_events"] >= 20
    assert c["missed"] == []
    assert c["out_of_tolerance"] == []
    assert c["worst_dt_s"] < 1e-3 and c["worst_dmiss_km"] < 1e-3
