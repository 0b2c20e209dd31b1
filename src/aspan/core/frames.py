"""Reference frames for satellite states: TEME to GCRS and TEME to ITRS, vectorized.

SGP4 gives positions and velocities in TEME, the True Equator Mean Equinox frame of date
(Vallado, Crawford, Hujsak, Kelso 2006, "Revisiting Spacetrack Report #3", AIAA 2006-6753,
Appendix C). Two rotations take them where users want them:

* **TEME -> ITRS** (Earth-fixed): ``r_itrs = W(t)^T R3(theta_GMST1982(t)) r_teme``, where
  ``theta_GMST1982`` is the 1982 Greenwich mean sidereal time of UT1 (Vallado 2006, eq. C-5)
  and ``W = R3(-s') R2(x_p) R1(y_p)`` is polar motion (IERS Conventions 2010, eq. 5.3, with
  ``s' = -47 microarcsec * T``, eq. 5.13). The velocity adds the Earth-rotation term:
  ``v_itrs = W^T R3(theta) v_teme - omega x r_itrs`` with ``omega = (0, 0, 7.292115e-5 rad/s)``
  (IERS Conventions 2010, table 1.1), taken about the ITRS z axis as Skyfield's ``itrs``
  frame does (the strict form, about the pole of rotation, differs by ``|x_p, y_p| * omega * r``:
  below 0.1 mm/s in LEO, up to about 8 mm/s at GEO).
* **TEME -> GCRS** (inertial): ``r_gcrs = M(t)^T R3(theta_GMST1982(t) - GAST(t)) r_teme``,
  where ``M`` is the IAU 2006/2000A precession-nutation matrix and GAST the apparent sidereal
  time, both from Skyfield; the velocity is rotated the same way (the frame's own rotation
  rate, about 1e-11 rad/s, is below 0.1 mm/s). This is Skyfield's ``TEME`` frame.

UT1 comes from Skyfield's built-in Earth orientation tables (``aspan.core.time.timescale``);
polar motion ``x_p, y_p`` from the IERS ``finals2000A.all`` file that the ``skyfield-data``
package installs (nothing is downloaded; outside the file's span the end values hold).

Shapes: positions ``(..., 3)`` in km, velocities ``(..., 3)`` in km/s; the matrices returned
for a ``Time`` of shape ``s`` have shape ``s + (3, 3)`` and broadcast over leading axes, so
states of shape ``(n_objects, n_times, 3)`` rotate with matrices of shape ``(n_times, 3, 3)``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
from skyfield.constants import ASEC2RAD, T0
from skyfield.sgp4lib import theta_GMST1982
from skyfield.timelib import Time

from aspan.errors import InputError

#: Nominal mean angular velocity of the Earth, rad/s (IERS Conventions 2010, table 1.1).
EARTH_ROTATION_RAD_S = 7.292115e-5

FRAMES = ("teme", "gcrs", "itrs")


def _rot_z(angle_rad) -> np.ndarray:
    """Active rotation by ``angle`` about z (Skyfield's ``rot_z``), shape ``angle.shape + (3, 3)``."""
    c, s = np.cos(angle_rad), np.sin(angle_rad)
    m = np.zeros(np.shape(angle_rad) + (3, 3))
    m[..., 0, 0], m[..., 0, 1] = c, -s
    m[..., 1, 0], m[..., 1, 1] = s, c
    m[..., 2, 2] = 1.0
    return m


def _rot_x(angle_rad) -> np.ndarray:
    """Active rotation about x (Skyfield's ``rot_x``)."""
    c, s = np.cos(angle_rad), np.sin(angle_rad)
    m = np.zeros(np.shape(angle_rad) + (3, 3))
    m[..., 0, 0] = 1.0
    m[..., 1, 1], m[..., 1, 2] = c, -s
    m[..., 2, 1], m[..., 2, 2] = s, c
    return m


def _rot_y(angle_rad) -> np.ndarray:
    """Active rotation about y (Skyfield's ``rot_y``)."""
    c, s = np.cos(angle_rad), np.sin(angle_rad)
    m = np.zeros(np.shape(angle_rad) + (3, 3))
    m[..., 0, 0], m[..., 0, 2] = c, s
    m[..., 1, 1] = 1.0
    m[..., 2, 0], m[..., 2, 2] = -s, c
    return m


def _finals_path() -> Path:
    import skyfield_data  # only its location; its data-expiry check would warn on every call

    return Path(skyfield_data.__file__).parent / "data" / "finals2000A.all"


@lru_cache(maxsize=1)
def polar_motion_table() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(tt_jd, x_arcsec, y_arcsec)``: IERS polar motion from ``skyfield-data``'s finals file.

    The same table Skyfield's ``skyfield.data.iers.install_polar_motion_table`` builds, so a
    Skyfield timescale given it computes the same ITRS.
    """
    from skyfield.data.iers import parse_x_y_dut1_from_finals_all

    from aspan.core.time import timescale

    with open(_finals_path(), "rb") as f:
        finals = parse_x_y_dut1_from_finals_all(f)
    tt = timescale().utc(1858, 11, 17.0 + finals["utc_mjd"]).tt
    return tt, np.array(finals["x_arcseconds"]), np.array(finals["y_arcseconds"])


def polar_motion_matrix(t: Time) -> np.ndarray:
    """TIRS -> ITRS, the transpose of IERS 2010 eq. 5.3's ``W``; shape ``t.shape + (3, 3)``.

    ``R1(-y_p) R2(-x_p) R3(s')`` in the IERS (passive) convention, written here with active
    rotations as Skyfield's ``Time.polar_motion_matrix`` does.
    """
    tt_table, x_table, y_table = polar_motion_table()
    tt = np.asarray(t.tt)
    sprime_arcsec = -47.0e-6 * (np.asarray(t.tdb) - T0) / 36525.0  # IERS 2010 eq. 5.13
    x_rad = np.interp(tt, tt_table, x_table) * ASEC2RAD
    y_rad = np.interp(tt, tt_table, y_table) * ASEC2RAD
    return _rot_x(y_rad) @ _rot_y(x_rad) @ _rot_z(-sprime_arcsec * ASEC2RAD)


def _theta_gmst1982_rad(t: Time) -> np.ndarray:
    theta, _ = theta_GMST1982(np.asarray(t.whole), np.asarray(t.ut1_fraction))
    return np.asarray(theta)


def teme_to_itrs_matrix(t: Time, *, polar_motion: bool = True) -> np.ndarray:
    """Rotation TEME -> ITRS at ``t``: ``W^T R3(theta_GMST1982)``, shape ``t.shape + (3, 3)``."""
    m = _rot_z(-_theta_gmst1982_rad(t))
    if polar_motion:
        m = polar_motion_matrix(t) @ m
    return m


def teme_to_gcrs_matrix(t: Time) -> np.ndarray:
    """Rotation TEME -> GCRS at ``t``: ``M^T R3(theta_GMST1982 - GAST)``, ``t.shape + (3, 3)``.

    The transpose of Skyfield's ``skyfield.sgp4lib.TEME.rotation_at(t)``.
    """
    gast_rad = np.asarray(t.gast) / 24.0 * 2.0 * np.pi
    equinox = _rot_z(gast_rad - _theta_gmst1982_rad(t))  # TEME -> true equator and equinox
    m_gcrs_to_tete = np.moveaxis(np.asarray(t.M), (0, 1), (-2, -1))
    return np.swapaxes(m_gcrs_to_tete, -1, -2) @ equinox


def _apply(matrix: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    """``matrix @ vector`` over broadcast leading axes: (..., 3, 3) with (..., 3)."""
    return np.einsum("...ij,...j->...i", matrix, vectors)


def teme_matrix(t: Time, frame: str, *, polar_motion: bool = True) -> np.ndarray | None:
    """The rotation TEME -> ``frame`` at ``t`` (``t.shape + (3, 3)``); None for 'teme'."""
    frame = check_frame(frame)
    if frame == "teme":
        return None
    shape = t.shape
    if len(shape) > 1:  # Skyfield's nutation series takes scalar or 1-D times
        t = t.ts.tt_jd(np.ravel(t.whole), np.ravel(t.tt_fraction))
    if frame == "gcrs":
        m = teme_to_gcrs_matrix(t)
    else:
        m = teme_to_itrs_matrix(t, polar_motion=polar_motion)
    return m.reshape(shape + (3, 3))


def apply_teme_matrix(matrix: np.ndarray | None, r_km: np.ndarray, v_km_s: np.ndarray,
                      frame: str) -> tuple[np.ndarray, np.ndarray]:
    """Rotate TEME states with ``teme_matrix(t, frame)``; adds ITRS's Earth-rotation term."""
    r_km = np.asarray(r_km, dtype=np.float64)
    v_km_s = np.asarray(v_km_s, dtype=np.float64)
    if matrix is None:
        return r_km, v_km_s
    r_out = _apply(matrix, r_km)
    v_out = _apply(matrix, v_km_s)
    if check_frame(frame) == "itrs":
        # - omega x r, omega along ITRS z (Skyfield's itrs._dRdt_times_RT_at convention)
        v_out[..., 0] += EARTH_ROTATION_RAD_S * r_out[..., 1]
        v_out[..., 1] -= EARTH_ROTATION_RAD_S * r_out[..., 0]
    return r_out, v_out


def rotate_teme(r_km: np.ndarray, v_km_s: np.ndarray, t: Time, frame: str,
                *, polar_motion: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """TEME states to ``frame`` ('teme', 'gcrs' or 'itrs'): ``(r_km, v_km_s)``.

    ``r_km`` and ``v_km_s`` have shape ``(..., n_times, 3)`` (e.g. ``(n_objects, n_times, 3)``)
    where ``t`` has shape ``(n_times,)``; or any shape whose axes before the last end with
    ``t.shape``. NaN states stay NaN.
    """
    matrix = teme_matrix(t, frame, polar_motion=polar_motion)
    return apply_teme_matrix(matrix, r_km, v_km_s, frame)


def check_frame(frame: str) -> str:
    """``frame`` lower-cased if it is one of ``FRAMES``; else an ``InputError``."""
    name = str(frame).strip().lower()
    if name not in FRAMES:
        raise InputError(f"frame {frame!r} is not one of {', '.join(FRAMES)}",
                         hint="use teme (SGP4's own), gcrs (inertial) or itrs (Earth-fixed)",
                         field="frame", value=frame)
    return name
