"""``States``: positions and velocities of many objects at many times, in one frame.

Shapes are fixed whatever the input: ``r_km`` and ``v_km_s`` are ``(n_objects, n_times, 3)``
and ``error`` is ``(n_objects, n_times)``, even for one object or one time (a scalar time gives
``n_times == 1``). Where ``error != 0`` (python-sgp4's codes: 1 mean eccentricity out of range,
2 mean motion below zero, 3 perturbed eccentricity out of range, 4 semi-latus rectum below zero,
6 decayed) the state is NaN.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from skyfield.timelib import Time

from aspan.core.frames import check_frame, rotate_teme

#: python-sgp4's error messages by code (``sgp4.api.SGP4_ERRORS``).
ERROR_MEANING = {
    0: "ok",
    1: "mean eccentricity is outside the range 0 <= e < 1",
    2: "mean motion has fallen below zero",
    3: "perturbed eccentricity is outside the range 0 <= e <= 1",
    4: "length of the orbit's semi-latus rectum has fallen below zero",
    6: "mean motion fell below zero: satellite has decayed",
}


@dataclass(frozen=True, eq=False)
class States:
    """SGP4 states of ``n_objects`` at ``n_times``.

    ``norad_id`` (n_objects,); ``times`` a Skyfield ``Time`` of shape (n_times,), or of shape
    (n_objects, n_times) for times given as minutes since each object's epoch; ``tsince_min``
    those minutes when known (else None); ``frame_name`` 'teme', 'gcrs' or 'itrs'.
    """

    norad_id: np.ndarray
    times: Time
    r_km: np.ndarray
    v_km_s: np.ndarray
    error: np.ndarray
    frame_name: str = "teme"
    tsince_min: np.ndarray | None = None

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_objects, n_times)``."""
        return self.error.shape

    def frame(self, name: str) -> States:
        """These states rotated into ``name`` ('teme', 'gcrs' or 'itrs'); see ``core.frames``."""
        name = check_frame(name)
        if name == self.frame_name:
            return self
        if self.frame_name != "teme":
            raise ValueError(f"states are in {self.frame_name}; rotate from the TEME states")
        r_km, v_km_s = rotate_teme(self.r_km, self.v_km_s, self.times, name)
        return States(self.norad_id, self.times, r_km, v_km_s, self.error, name, self.tsince_min)

    def ok(self) -> np.ndarray:
        """Boolean ``(n_objects, n_times)``: where SGP4 succeeded."""
        return self.error == 0

    def __repr__(self) -> str:
        n, t = self.shape
        failed = int(np.count_nonzero(self.error))
        return (f"<States of {n} object{'s' if n != 1 else ''} at {t} time{'s' if t != 1 else ''}"
                f" in {self.frame_name.upper()}, {failed} failed>")
