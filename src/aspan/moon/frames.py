"""Lunar body-fixed frames from the DE421 librations: principal axes (PA) and mean Earth (ME).

**Principal axes.** DE421 integrates the Moon's rotation and stores three Euler angles
(phi, theta, psi) of the PA frame relative to the ICRF (Folkner, Williams & Boggs 2009, IPN PR
42-178), as Chebyshev series in the ``de421`` package (``jpl-librations.npy``, read here without
jplephem's per-call overhead). The ICRF -> PA rotation is ``R3(psi) R1(theta) R3(phi)`` (passive
rotations), as in the NAIF ``moon_pa_de421_1900-2050.bpc`` kernel built from the same data.

**Mean Earth / polar axis.** Lunar maps (LOLA, LRO) use the ME frame; for DE421 it is a constant
rotation of the PA frame: ``ME = Rx(-0.30") Ry(-78.56") Rz(-67.92") PA`` (passive; Williams et
al. 2008, *DE421 Lunar Orbit, Physical Librations, and Surface Coordinates*, JPL IOM 335-JW,DB,
WF-20080314-001), the angles NAIF's ``moon_080317.tf`` gives for ``MOON_ME_DE421``
(``TKFRAME_31007_ANGLES = (67.92 78.56 0.30)``, axes (3, 2, 1), arcseconds). About 0.0288 deg
(875 m on the surface) between the two frames.

``MoonFrame("ME").rotation_at(t)`` returns the ICRS -> body-fixed matrix, shape (3, 3) for a
scalar ``Time`` and (3, 3, n) for an array, as Skyfield's frames do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from aspan.core.time import check_ephemeris_range
from aspan.errors import InputError, NotFoundError
from aspan.kernels.chebyshev import evaluate

ARCSEC = np.pi / 180.0 / 3600.0
#: PA -> ME for DE421 (arcseconds, about z, y, x): NAIF moon_080317.tf, Williams et al. 2008.
PA_TO_ME_DE421_ARCSEC = (67.92, 78.56, 0.30)
#: IAU mean lunar radius (km): the reference sphere of LOLA heights.
MOON_RADIUS_KM = 1737.4


def _r1(a):
    c, s = np.cos(a), np.sin(a)
    one, zero = np.ones_like(a), np.zeros_like(a)
    return np.array([[one, zero, zero], [zero, c, s], [zero, -s, c]])


def _r2(a):
    c, s = np.cos(a), np.sin(a)
    one, zero = np.ones_like(a), np.zeros_like(a)
    return np.array([[c, zero, -s], [zero, one, zero], [s, zero, c]])


def _r3(a):
    c, s = np.cos(a), np.sin(a)
    one, zero = np.ones_like(a), np.zeros_like(a)
    return np.array([[c, s, zero], [-s, c, zero], [zero, zero, one]])


def pa_to_me_matrix(angles_arcsec=PA_TO_ME_DE421_ARCSEC) -> np.ndarray:
    """The constant PA -> ME rotation ``Rx(-a3) Ry(-a2) Rz(-a1)`` for angles (a1, a2, a3)."""
    a1, a2, a3 = (float(a) * ARCSEC for a in angles_arcsec)
    return _r1(-a3) @ _r2(-a2) @ _r3(-a1)


@dataclass(frozen=True)
class LibrationLoader:
    """The DE421 lunar libration series from the installed ``de421`` package.

    ``path``: a directory holding ``jpl-librations.npy`` and ``constants.npy`` (default: the
    ``de421`` package); an explicit object so that tests can point it elsewhere.
    """

    path: Path | None = None

    def directory(self) -> Path:
        if self.path is not None:
            return Path(self.path)
        try:
            import de421
        except ImportError:
            raise NotFoundError("the de421 package (DE421 lunar librations) is not installed",
                                hint="pip install de421") from None
        return Path(de421.__file__).parent

    def load(self) -> tuple[np.ndarray, float, float]:
        """``(coef (n_sets, 3, n_coef), first_jd, days_per_set)``; angles in radians."""
        folder = self.directory()
        lib, const = folder / "jpl-librations.npy", folder / "constants.npy"
        for p in (lib, const):
            if not p.is_file():
                raise NotFoundError(f"lunar libration file {p} does not exist",
                                    file=str(p), hint="reinstall the de421 package")
        constants = {k.decode("ascii"): float(v) for k, v in np.load(const)}
        coef = np.ascontiguousarray(np.load(lib), dtype=np.float64)
        days = (constants["jomega"] - constants["jalpha"]) / coef.shape[0]
        return coef, constants["jalpha"], days


@lru_cache(maxsize=4)
def _librations(loader: LibrationLoader):
    return loader.load()


def euler_angles(jd_whole, jd_frac, loader: LibrationLoader = LibrationLoader()):
    """DE421 libration angles (phi, theta, psi) in radians and their rates (rad/day),
    each (3, n), at split TDB Julian dates."""
    coef, first, days = _librations(loader)
    return evaluate(coef, first, days, jd_whole, jd_frac)


def _tdb_split(t):
    whole = np.atleast_1d(np.asarray(t.whole, dtype=np.float64))
    frac = np.atleast_1d(np.asarray(t.tdb_fraction, dtype=np.float64))
    whole, frac = np.broadcast_arrays(whole, frac)
    return whole, frac


def pa_rotation(jd_whole, jd_frac, loader: LibrationLoader = LibrationLoader()):
    """ICRS -> PA matrices (3, 3, n) and their time derivatives (per day)."""
    (phi, theta, psi), (dphi, dtheta, dpsi) = euler_angles(jd_whole, jd_frac, loader)
    a, b, c = _r3(psi), _r1(theta), _r3(phi)
    # d R3(x)/dx = dR3 with rows [[-s, c, 0], [-c, -s, 0], [0, 0, 0]] and similarly R1
    def d3(x):
        cc, s, z = np.cos(x), np.sin(x), np.zeros_like(x)
        return np.array([[-s, cc, z], [-cc, -s, z], [z, z, z]])

    def d1(x):
        cc, s, z = np.cos(x), np.sin(x), np.zeros_like(x)
        return np.array([[z, z, z], [z, -s, cc], [z, -cc, -s]])

    mm = lambda x, y: np.einsum("ij...,jk...->ik...", x, y)  # noqa: E731
    r = mm(a, mm(b, c))
    dr = (mm(d3(psi) * dpsi, mm(b, c)) + mm(a, mm(d1(theta) * dtheta, c))
          + mm(a, mm(b, d3(phi) * dphi)))
    return r, dr


@dataclass(frozen=True)
class MoonFrame:
    """A lunar body-fixed frame: ``"ME"`` (mean Earth / polar axis, the frame of lunar maps
    and of ``LunarSite`` coordinates) or ``"PA"`` (principal axes)."""

    name: str = "ME"
    loader: LibrationLoader = field(default_factory=LibrationLoader)

    def __post_init__(self) -> None:
        if self.name not in ("ME", "PA"):
            raise InputError(f"lunar frame {self.name!r} is not known; expected 'ME' or 'PA'",
                             field="frame", value=self.name)

    def matrices(self, jd_whole, jd_frac) -> tuple[np.ndarray, np.ndarray]:
        """ICRS -> frame rotation (3, 3, n) and its rate (per day) at split TDB dates."""
        r, dr = pa_rotation(jd_whole, jd_frac, self.loader)
        if self.name == "ME":
            m = pa_to_me_matrix()
            r = np.einsum("ij,jk...->ik...", m, r)
            dr = np.einsum("ij,jk...->ik...", m, dr)
        return r, dr

    def rotation_at(self, t) -> np.ndarray:
        """ICRS -> body-fixed rotation at Skyfield ``Time`` ``t``: (3, 3) or (3, 3, n)."""
        return self.rotation_and_rate_at(t)[0]

    def rotation_and_rate_at(self, t):
        """Rotation and its rate (per day) at ``t``; shapes as ``rotation_at``."""
        check_ephemeris_range(t)
        r, dr = self.matrices(*_tdb_split(t))
        if not np.shape(t.tt):
            return r[:, :, 0], dr[:, :, 0]
        return r, dr
