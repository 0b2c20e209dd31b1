"""Checks shared by every element-set format: value ranges and duplicate objects.

Ranges are those SGP4 element sets can hold (CelesTrak, "A FAQ on TLE format"; CCSDS
502.0-B-3 Orbit Data Messages, section 4 OMM): eccentricity in [0, 1), mean motion above 0,
inclination in [0, 180] degrees, the other angles in [0, 360) degrees.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class RangeRule:
    """``low <= value < high`` (or ``<= high`` when ``high_closed``; ``> low`` if ``low_open``)."""

    column: str
    label: str
    unit: str
    low: float
    high: float
    high_closed: bool = False
    low_open: bool = False

    def bad(self, values: np.ndarray) -> np.ndarray:
        above = values > self.high if self.high_closed else values >= self.high
        below = values <= self.low if self.low_open else values < self.low
        return ~(~above & ~below)  # NaN counts as bad

    def interval(self) -> str:
        if self.high == np.inf:
            return f"more than {self.low:g}"
        left = "(" if self.low_open else "["
        right = "]" if self.high_closed else ")"
        return f"in {left}{self.low:g}, {self.high:g}{right}"

    def message(self, text: str) -> tuple[str, str]:
        """(message, hint) for a value written as ``text`` that breaks this rule."""
        unit = f" {self.unit}" if self.unit else ""
        return (
            f"{self.label} is {text}{unit}, expected {self.interval()}{unit}",
            "correct the value or download the element set again",
        )


RULES = (
    RangeRule("eccentricity", "eccentricity", "", 0.0, 1.0),
    RangeRule("mean_motion_rev_day", "mean motion", "rev/day", 0.0, np.inf, low_open=True),
    RangeRule("inclination_deg", "inclination", "deg", 0.0, 180.0, high_closed=True),
    RangeRule("raan_deg", "right ascension of the node", "deg", 0.0, 360.0),
    RangeRule("argp_deg", "argument of perigee", "deg", 0.0, 360.0),
    RangeRule("mean_anomaly_deg", "mean anomaly", "deg", 0.0, 360.0),
)


def first_range_violation(columns: dict[str, np.ndarray]) -> np.ndarray:
    """Per record, the index in ``RULES`` of the first broken rule, or -1 (shape ``(n,)``)."""
    n = len(columns["eccentricity"])
    first = np.full(n, -1, dtype=np.int64)
    for k in range(len(RULES) - 1, -1, -1):
        first[RULES[k].bad(np.asarray(columns[RULES[k].column], dtype=np.float64))] = k
    return first


def first_occurrence(norad_id: np.ndarray, usable: np.ndarray) -> np.ndarray:
    """For each usable record, the index of an earlier usable record with the same catalog
    number, or -1 when it is the first (records not usable get -1)."""
    result = np.full(len(norad_id), -1, dtype=np.int64)
    seen: dict[int, int] = {}
    for i in np.flatnonzero(usable).tolist():
        key = int(norad_id[i])
        j = seen.setdefault(key, i)
        if j != i:
            result[i] = j
    return result


def duplicate_message(norad_id: int, first_line: int) -> tuple[str, str]:
    """(message, hint) for a second element set of the same object in one file."""
    return (
        f"catalog number {norad_id} appears a second time (first at line {first_line})",
        "keep one of the two element sets, or import them as separate files",
    )
