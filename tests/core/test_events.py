"""The event engine against exact roots and dense sampling: nothing is missed, refined to 10 ms."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aspan.core.events import (
    find_crossings,
    find_extrema,
    intervals_above,
    sample_times,
)
from aspan.errors import InputError

TEN_MS = 0.01


def sines(omega, phase, amplitude=None):
    """f_i(t) = A_i sin(omega_i t + phase_i): exact crossings and extrema are known."""
    omega, phase = np.asarray(omega, float), np.asarray(phase, float)
    amp = np.ones_like(omega) if amplitude is None else np.asarray(amplitude, float)

    def grid(t):
        return amp[:, None] * np.sin(omega[:, None] * t[None, :] + phase[:, None])

    def pairs(obj, t):
        return amp[obj] * np.sin(omega[obj] * t + phase[obj])

    return grid, pairs


def test_crossings_of_sines_match_exact_roots():
    omega = np.array([2 * np.pi / 5400.0, 2 * np.pi / 6000.0])  # LEO-like periods
    phase = np.array([0.3, 2.0])
    grid, pairs = sines(omega, phase)
    span = 86400.0
    level = 0.5
    found = find_crossings(grid, pairs, 2, span, 300.0, level=level)
    for o in range(2):
        # sin(x) = 0.5 at x = pi/6 + 2 pi k (rising) and 5 pi/6 + 2 pi k (setting)
        exact = []
        for base, rising in ((np.pi / 6, True), (5 * np.pi / 6, False)):
            k = np.arange(-2, 30)
            ts = (base + 2 * np.pi * k - phase[o]) / omega[o]
            exact += [(x, rising) for x in ts if 0 < x < span]
        exact.sort()
        mine = [(x, r) for ob, x, r in zip(found.obj, found.t_s, found.rising, strict=True) if ob == o]
        assert len(mine) == len(exact)
        for (te, re), (tm, rm) in zip(exact, mine, strict=True):
            assert re == rm
            assert abs(te - tm) < TEN_MS


def test_extrema_match_exact_peaks():
    omega, phase = np.array([2 * np.pi / 5400.0]), np.array([0.1])
    grid, pairs = sines(omega, phase, amplitude=[30.0])
    ext = find_extrema(grid, pairs, 1, 5400.0 * 3, 240.0)
    inner = (ext.t_s > 0) & (ext.t_s < 5400.0 * 3)
    k = np.arange(0, 3)
    exact = (np.pi / 2 + 2 * np.pi * k - 0.1) / omega[0]
    np.testing.assert_allclose(ext.t_s[inner], exact, atol=TEN_MS)
    np.testing.assert_allclose(ext.value[inner], 30.0, atol=1e-9)


def test_short_excursion_between_samples_is_found():
    """A 20-second bump above the level between two samples 120 s apart (a grazing pass)."""
    centre, width = np.array([1000.0, 3050.0]), 12.0

    def bump(t, c):
        return 1.0 - ((t - c) / width) ** 2  # above 0 for |t - c| < 12 s, peak 1 at c

    def grid(t):
        return np.stack([np.maximum(bump(t, c), -5.0 - 0.0001 * np.abs(t - c)) for c in centre])

    def pairs(obj, t):
        c = centre[obj]
        return np.maximum(bump(t, c), -5.0 - 0.0001 * np.abs(t - c))

    spans = intervals_above(grid, pairs, 2, 7200.0, 120.0)
    assert list(spans.obj) == [0, 1]
    np.testing.assert_allclose(spans.start_s, centre - width, atol=TEN_MS)
    np.testing.assert_allclose(spans.stop_s, centre + width, atol=TEN_MS)


def test_intervals_open_at_the_edges_are_kept():
    omega, phase = np.array([2 * np.pi / 1000.0, 1e-9]), np.array([np.pi / 2, 1.0])
    grid, pairs = sines(omega, phase)  # object 0 starts at its peak; object 1 is always ~0.84
    spans = intervals_above(grid, pairs, 2, 1250.0, 20.0, level=0.0)
    o0 = spans.obj == 0
    assert np.isnan(spans.start_s[o0][0])  # already above at the start
    assert abs(spans.stop_s[o0][0] - 250.0) < TEN_MS
    assert abs(spans.start_s[o0][1] - 750.0) < TEN_MS
    assert np.isnan(spans.stop_s[o0][1])  # still above at the end
    o1 = spans.obj == 1
    assert np.isnan(spans.start_s[o1]).all() and np.isnan(spans.stop_s[o1]).all()
    np.testing.assert_allclose(spans.durations_s(1250.0)[o0], [250.0, 500.0], atol=TEN_MS)


@settings(max_examples=40, deadline=None)
@given(
    periods=st.lists(st.floats(1500.0, 20000.0), min_size=1, max_size=4),
    phases=st.lists(st.floats(0.0, 6.283), min_size=4, max_size=4),
    level=st.floats(-0.99, 0.99),
)
def test_never_misses_against_dense_sampling(periods, phases, level):
    """Sum of two sines (several extrema per period): the step is 1/8 of the shortest
    period, and every interval seen by 1-second sampling is found."""
    n = len(periods)
    w1 = 2 * np.pi / np.array(periods)
    w2 = 3.0 * w1
    p1, p2 = np.array(phases[:n]), np.array(phases[::-1][:n])

    def grid(t):
        return 0.7 * np.sin(w1[:, None] * t + p1[:, None]) + 0.3 * np.sin(w2[:, None] * t + p2[:, None])

    def pairs(obj, t):
        return 0.7 * np.sin(w1[obj] * t + p1[obj]) + 0.3 * np.sin(w2[obj] * t + p2[obj])

    span = 30000.0
    step = min(periods) / 3.0 / 8.0
    spans = intervals_above(grid, pairs, n, span, step, level=level)
    dense_t = np.arange(0.0, span + 0.5, 1.0)
    dense = grid(dense_t) >= level
    for o in range(n):
        runs = np.flatnonzero(np.diff(dense[o].astype(int)) == 1)  # rising between samples
        mine = spans.start_s[spans.obj == o]
        for r in runs:
            assert np.any(np.abs(mine - dense_t[r]) <= 1.0 + TEN_MS), (o, dense_t[r])


def test_bad_windows_are_input_errors():
    with pytest.raises(InputError, match="sampling step 0.0 s must be positive"):
        sample_times(10.0, 0.0)
    with pytest.raises(InputError, match="must be zero or positive"):
        sample_times(-1.0, 1.0)
    assert list(sample_times(10.0, 4.0)) == [0.0, 4.0, 8.0, 10.0]
    assert list(sample_times(0.0, 4.0)) == [0.0]


def test_max_excursion_skips_only_far_extrema():
    omega, phase = np.array([2 * np.pi / 5400.0]), np.array([0.0])
    grid, pairs = sines(omega, phase, amplitude=[10.0])
    # peaks of 10 never reach a level of 50: with a bound of 5 no extremum is refined at all
    calls = []

    def counting(obj, t):
        calls.append(len(obj))
        return pairs(obj, t)

    assert len(find_crossings(grid, counting, 1, 86400.0, 300.0, level=50.0, max_excursion=5.0).obj) == 0
    assert calls == []
    assert len(find_crossings(grid, pairs, 1, 86400.0, 300.0, level=5.0, max_excursion=5.0).obj) == 32
