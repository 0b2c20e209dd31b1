"""Photometric bands defined by their throughput, and AB / Vega magnitudes.

A ``Band`` is a throughput curve ``T(lambda)`` (dimensionless, linear between the given
wavelengths in nm, zero outside). The photon rate of a source of AB magnitude ``m`` through
the band, per square metre of collecting area, is

    N = (3631 Jy * 10**(-0.4 m) / h) * integral T(lambda) d lambda / lambda     [photons s^-1 m^-2]

because ``f_nu / (h nu) d nu = f_nu / h * d lambda / lambda`` (Oke & Gunn 1983 define AB by
``m_AB = -2.5 log10 f_nu - 48.60`` in cgs, i.e. 3631 Jy at m = 0). Vega magnitudes are AB
magnitudes minus ``ab_minus_vega_mag`` (Blanton & Roweis 2007, AJ 133, 734, table 1:
U 0.79, B -0.09, V 0.02, R 0.21, I 0.45).

The bundled Johnson-Cousins curves are trapezoids with the centre and full width at half
maximum of Bessell (1990, PASP 102, 1181, table 2); the LUT band is 245-340 nm (Wang et al.
2015, Ap&SS, arXiv:1412.3870) with the same shape.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aspan.errors import InputError, NotFoundError

H_J_S = 6.62607015e-34  # Planck constant, exact (SI 2019)
C_M_S = 299_792_458.0  # speed of light, exact
AB_ZERO_JY = 3631.0  # f_nu of m_AB = 0 (Oke & Gunn 1983)
JY_SI = 1e-26  # W m^-2 Hz^-1


@dataclass(frozen=True)
class Band:
    """A passband: ``wavelength_nm`` (increasing) and ``throughput`` in [0, 1]."""

    name: str
    wavelength_nm: np.ndarray
    throughput: np.ndarray
    ab_minus_vega_mag: float = 0.0
    source: str = ""

    def __post_init__(self) -> None:
        lam = np.asarray(self.wavelength_nm, dtype=np.float64)
        thr = np.asarray(self.throughput, dtype=np.float64)
        if lam.ndim != 1 or lam.shape != thr.shape or lam.size < 2:
            raise InputError(f"band {self.name!r}: needs matching wavelength and throughput "
                             "lists of at least two points", field="band")
        if np.any(np.diff(lam) <= 0) or lam[0] <= 0:
            raise InputError(f"band {self.name!r}: wavelengths must be positive and increasing",
                             field="wavelength_nm")
        if np.any(thr < 0) or np.any(thr > 1):
            raise InputError(f"band {self.name!r}: throughput must lie in [0, 1]",
                             field="throughput")
        object.__setattr__(self, "wavelength_nm", lam)
        object.__setattr__(self, "throughput", thr)

    @classmethod
    def box(cls, name: str, centre_nm: float, fwhm_nm: float, *, edge_nm: float | None = None,
            ab_minus_vega_mag: float = 0.0, source: str = "") -> Band:
        """A trapezoid: throughput 1 over the FWHM, falling linearly to 0 over ``edge_nm``
        on each side (default 10 % of the FWHM) so that the width at half maximum is
        ``fwhm_nm``."""
        edge = 0.1 * fwhm_nm if edge_nm is None else edge_nm
        lo, hi = centre_nm - fwhm_nm / 2.0, centre_nm + fwhm_nm / 2.0
        lam = np.array([lo - edge / 2, lo + edge / 2, hi - edge / 2, hi + edge / 2])
        return cls(name, lam, np.array([0.0, 1.0, 1.0, 0.0]), ab_minus_vega_mag, source)

    def _grid(self, n: int = 400) -> tuple[np.ndarray, np.ndarray]:
        """A fine grid that contains every tabulated wavelength (so that the piecewise-linear
        throughput, however steep its edges, is integrated to 1e-5)."""
        lam = np.union1d(np.linspace(self.wavelength_nm[0], self.wavelength_nm[-1], n),
                         self.wavelength_nm)
        return lam, np.interp(lam, self.wavelength_nm, self.throughput)

    @property
    def photon_integral(self) -> float:
        """``integral T(lambda) d lambda / lambda`` (dimensionless)."""
        lam, thr = self._grid()
        return float(np.trapezoid(thr / lam, lam))

    @property
    def pivot_nm(self) -> float:
        """Pivot wavelength ``sqrt(int T l dl / int T dl / l)`` (Tokunaga & Vacca 2005)."""
        lam, thr = self._grid()
        return float(np.sqrt(np.trapezoid(thr * lam, lam) / np.trapezoid(thr / lam, lam)))

    def ab_photon_rate(self, magnitude_ab) -> np.ndarray:
        """Photons s^-1 m^-2 through the band from a source of AB magnitude (any shape)."""
        m = np.asarray(magnitude_ab, dtype=np.float64)
        return AB_ZERO_JY * JY_SI / H_J_S * self.photon_integral * 10.0 ** (-0.4 * m)

    def ab_from_photon_rate(self, rate) -> np.ndarray:
        """The AB magnitude giving ``rate`` photons s^-1 m^-2 (inverse of ``ab_photon_rate``)."""
        zero = AB_ZERO_JY * JY_SI / H_J_S * self.photon_integral
        return -2.5 * np.log10(np.asarray(rate, dtype=np.float64) / zero)

    def to_ab(self, magnitude, system: str = "AB") -> np.ndarray:
        """A magnitude in ``system`` ("AB" or "Vega") as AB."""
        m = np.asarray(magnitude, dtype=np.float64)
        return m + self.ab_minus_vega_mag if _system(system) == "vega" else m

    def from_ab(self, magnitude_ab, system: str = "AB") -> np.ndarray:
        """An AB magnitude in ``system`` ("AB" or "Vega")."""
        m = np.asarray(magnitude_ab, dtype=np.float64)
        return m - self.ab_minus_vega_mag if _system(system) == "vega" else m

    def spectrum_photon_rate(self, wavelength_nm, radiance_w_m2_um) -> float:
        """Photons s^-1 m^-2 (per unit solid angle of the input) through the band from a
        spectrum given in W m^-2 um^-1 (per sr, per arcsec^2, ...) at ``wavelength_nm``
        (interpolated linearly, zero outside)."""
        lam, thr = self._grid()
        f = np.interp(lam, wavelength_nm, radiance_w_m2_um, left=0.0, right=0.0)
        # photons per W: lambda / (h c); per um of bandwidth: d lambda in um
        photons = f * thr * (lam * 1e-9) / (H_J_S * C_M_S)
        return float(np.trapezoid(photons, lam / 1000.0))


def _system(system: str) -> str:
    s = str(system).strip().lower()
    if s not in ("ab", "vega"):
        raise InputError(f"magnitude system {system!r} is neither AB nor Vega",
                         field="system", value=system, hint="write AB or Vega")
    return s


_BESSELL = "Bessell 1990, PASP 102, 1181 (centre and FWHM); Blanton & Roweis 2007 (AB - Vega)"

#: The bundled bands by name (lower case).
BANDS: dict[str, Band] = {
    "U": Band.box("U", 366.0, 65.0, ab_minus_vega_mag=0.79, source=_BESSELL),
    "B": Band.box("B", 438.0, 98.0, ab_minus_vega_mag=-0.09, source=_BESSELL),
    "V": Band.box("V", 545.0, 85.0, ab_minus_vega_mag=0.02, source=_BESSELL),
    "R": Band.box("R", 641.0, 158.0, ab_minus_vega_mag=0.21, source=_BESSELL),
    "I": Band.box("I", 798.0, 154.0, ab_minus_vega_mag=0.45, source=_BESSELL),
    "NUV-LUT": Band.box("NUV-LUT", 292.5, 95.0, ab_minus_vega_mag=0.0,
                        source="LUT 245-340 nm (Wang et al. 2015, arXiv:1412.3870); AB only"),
}


def band_by_name(name: str) -> Band:
    """A bundled band by name (case-insensitive)."""
    for key, band in BANDS.items():
        if key.lower() == str(name).strip().lower():
            return band
    raise NotFoundError(f"unknown band {name!r}; known bands: {', '.join(BANDS)}",
                        field="band", value=name)
