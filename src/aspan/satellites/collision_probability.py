"""Probability of collision by the 2-D method of Foster & Estes (1992), NASA JSC-25898.

At the time of closest approach the relative motion is taken as a straight line (short
encounter) and the position errors of both objects as Gaussian, uncorrelated and constant
through the encounter. The combined covariance ``C = M_p C_p M_p^T + M_s C_s M_s^T`` (each
object's radial / in-track / cross-track covariance turned into TEME by its own RIC axes) is
projected onto the encounter plane (perpendicular to the relative velocity); ``Pc`` is the
integral of that 2-D Gaussian, centred on the miss vector, over the hard-body disk of radius
``HBR`` centred on the primary. The integral is done in polar coordinates (Gauss-Legendre in
radius, trapezoid in angle, exact for a periodic integrand), as in Alfano (2005) "A numerical
implementation of spherical object collision probability", J. Astronaut. Sci. 53(1).

Default assumptions, as CelesTrak's SOCRATES states them: 100 m radial, 300 m in-track and
100 m cross-track (1 sigma) for every object, hard-body radius 10 m.
"""

from __future__ import annotations

import numpy as np

#: SOCRATES' default 1-sigma position errors, radial / in-track / cross-track, metres
DEFAULT_SIGMA_RIC_M = (100.0, 300.0, 100.0)
#: default combined hard-body radius, metres
DEFAULT_HARD_BODY_RADIUS_M = 10.0

_N_R = 24
_N_THETA = 48


def ric_axes(r_km: np.ndarray, v_km_s: np.ndarray) -> np.ndarray:
    """Unit radial, in-track and cross-track axes (k, 3, 3): rows R, I, C in TEME."""
    rhat = r_km / np.linalg.norm(r_km, axis=-1, keepdims=True)
    h = np.cross(r_km, v_km_s)
    chat = h / np.linalg.norm(h, axis=-1, keepdims=True)
    ihat = np.cross(chat, rhat)
    return np.stack([rhat, ihat, chat], axis=-2)


def encounter_frame(dr_km: np.ndarray, dv_km_s: np.ndarray) -> np.ndarray:
    """Encounter-plane axes (k, 3, 3), rows x (along the miss vector's part perpendicular to
    the relative velocity), y = z cross x, z (along the relative velocity)."""
    zhat = dv_km_s / np.linalg.norm(dv_km_s, axis=-1, keepdims=True)
    x = dr_km - np.sum(dr_km * zhat, axis=-1, keepdims=True) * zhat
    norm = np.linalg.norm(x, axis=-1, keepdims=True)
    # a zero miss vector: any direction perpendicular to z will do
    fallback = np.cross(zhat, np.where(np.abs(zhat[..., :1]) < 0.9, [1.0, 0.0, 0.0],
                                       [0.0, 1.0, 0.0]))
    x = np.where(norm > 0, x / np.where(norm > 0, norm, 1.0), fallback)
    x = x / np.linalg.norm(x, axis=-1, keepdims=True)
    yhat = np.cross(zhat, x)
    return np.stack([x, yhat, zhat], axis=-2)


def combined_covariance_km2(r_p, v_p, r_s, v_s, sigma_p_ric_m=DEFAULT_SIGMA_RIC_M,
                            sigma_s_ric_m=DEFAULT_SIGMA_RIC_M) -> np.ndarray:
    """Combined position covariance (k, 3, 3) in TEME, km^2, from diagonal RIC sigmas."""
    cp = np.diag((np.asarray(sigma_p_ric_m, dtype=float) / 1000.0) ** 2)
    cs = np.diag((np.asarray(sigma_s_ric_m, dtype=float) / 1000.0) ** 2)
    mp = ric_axes(r_p, v_p)
    ms = ric_axes(r_s, v_s)
    return (np.swapaxes(mp, -1, -2) @ cp @ mp) + (np.swapaxes(ms, -1, -2) @ cs @ ms)


def encounter_plane(dr_km, dv_km_s, cov_km2):
    """Miss vector (k, 2) and covariance (k, 2, 2) in the encounter plane, km and km^2."""
    axes = encounter_frame(dr_km, dv_km_s)[..., :2, :]
    miss = np.einsum("kij,kj->ki", axes, dr_km)
    cov2 = axes @ cov_km2 @ np.swapaxes(axes, -1, -2)
    return miss, cov2


def pc_2d(miss_km: np.ndarray, cov2_km2: np.ndarray, hbr_km) -> np.ndarray:
    """Foster's 2-D Pc: the Gaussian N(miss, cov2) integrated over the disk |x| < hbr_km."""
    miss_km = np.atleast_2d(miss_km)
    cov2_km2 = np.reshape(cov2_km2, (-1, 2, 2))
    hbr = np.broadcast_to(np.asarray(hbr_km, dtype=float), (miss_km.shape[0],))
    x, w = np.polynomial.legendre.leggauss(_N_R)
    rho = 0.5 * (x + 1.0)[None, :] * hbr[:, None]                    # (k, nr)
    w_rho = 0.5 * w[None, :] * hbr[:, None]
    theta = 2.0 * np.pi * np.arange(_N_THETA) / _N_THETA
    px = rho[:, :, None] * np.cos(theta)[None, None, :] - miss_km[:, 0, None, None]
    py = rho[:, :, None] * np.sin(theta)[None, None, :] - miss_km[:, 1, None, None]
    a, b, d = cov2_km2[:, 0, 0], cov2_km2[:, 0, 1], cov2_km2[:, 1, 1]
    det = a * d - b * b
    q = (d[:, None, None] * px * px - 2.0 * b[:, None, None] * px * py
         + a[:, None, None] * py * py) / det[:, None, None]
    density = np.exp(-0.5 * q) / (2.0 * np.pi * np.sqrt(det))[:, None, None]
    integral = np.sum(density * (rho * w_rho)[:, :, None], axis=(1, 2)) * (2.0 * np.pi / _N_THETA)
    return np.clip(integral, 0.0, 1.0)


def probability_of_collision(r_p, v_p, r_s, v_s, *, sigma_p_ric_m=DEFAULT_SIGMA_RIC_M,
                             sigma_s_ric_m=DEFAULT_SIGMA_RIC_M,
                             hard_body_radius_m=DEFAULT_HARD_BODY_RADIUS_M) -> np.ndarray:
    """Pc (k,) of encounters given TEME states (k, 3) of primary and secondary at TCA."""
    r_p, v_p, r_s, v_s = (np.atleast_2d(np.asarray(a, dtype=float)) for a in (r_p, v_p, r_s, v_s))
    if len(r_p) == 0:
        return np.empty(0)
    cov = combined_covariance_km2(r_p, v_p, r_s, v_s, sigma_p_ric_m, sigma_s_ric_m)
    miss, cov2 = encounter_plane(r_s - r_p, v_s - v_p, cov)
    return pc_2d(miss, cov2, np.asarray(hard_body_radius_m, dtype=float) / 1000.0)
