"""JSON for results holding numpy values: the ``default`` hook of ``json.dumps`` and a
sanitiser that turns non-finite floats into ``null`` (JSON has no NaN)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np


def json_default(value):
    """numpy scalars and arrays as plain numbers and lists, paths as text."""
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def finite_or_none(value):
    """``value`` with every NaN or infinity (at any depth) replaced by None."""
    if isinstance(value, float | np.floating):
        value = float(value)
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite_or_none(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite_or_none(v) for v in value]
    if isinstance(value, np.ndarray):
        return finite_or_none(value.tolist())
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value
