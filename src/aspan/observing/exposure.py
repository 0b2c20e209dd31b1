"""The CCD signal-to-noise equation: SNR for a magnitude, exposure for an SNR, depth.

For a point source giving ``S`` electrons/s inside a photometry aperture of ``n_pix``
pixels, a background of ``B`` electrons/s/pixel (sky plus stray light), dark current ``D``
electrons/s/pixel and read noise ``R`` electrons/pixel/frame, the signal-to-noise ratio of
``n`` frames totalling ``t`` seconds is (Howell 2006, *Handbook of CCD Astronomy*, 2nd ed.,
eq. 4.4; Merline & Howell 1995):

    SNR = S t / sqrt(S t + n_pix (B t + D t + n R^2))

(the background is taken as known: a large sky annulus). ``S = N(m) A eta EE 10**(-0.4 k X)``
with ``N(m)`` the band's AB photon rate (``aspan.observing.bands``), ``A`` the collecting
area, ``eta`` the efficiency, ``EE`` the fraction of a Gaussian PSF inside the aperture of
radius ``r`` (``1 - 2**(-4 r^2 / FWHM^2)``) and ``k X`` the extinction. The aperture radius is
``aperture_radius_fwhm`` times the FWHM (optics and seeing added in quadrature).

Inverses: the exposure for an SNR solves the quadratic ``S^2 t^2 - SNR^2 (S + n_pix (B + D)) t
- SNR^2 n_pix n R^2 = 0``; the limiting magnitude solves ``(S t)^2 - SNR^2 (S t) - SNR^2
n_pix (B t + D t + n R^2) = 0`` for ``S t``. Everything broadcasts over numpy arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aspan.errors import InputError
from aspan.observing.atmosphere import airmass, extinction_mag_per_airmass, seeing_fwhm_arcsec
from aspan.observing.sites import is_lunar, observing_site, site_sky
from aspan.observing.sky_background import (
    airglow_photon_rate,
    zodiacal_photon_rate,
)
from aspan.observing.telescopes import Telescope

#: The reference dark zenith sky without zodiacal light, AB mag/arcsec^2 per band: the La
#: Palma dark sky (Benn & Ellison 1998, La Palma tech. note 115: U 22.0, B 22.7, V 21.9,
#: R 21.0, I 20.0 Vega), made AB, plus 0.3 mag for the zodiacal light and starlight it
#: contains (assumption). The NUV value is that of U (the atmosphere hides the rest).
DARK_SKY_ZENITH_AB = {"U": 23.09, "B": 22.91, "V": 22.22, "R": 21.51, "I": 20.75,
                      "NUV-LUT": 23.09}

#: The reference pointing when none is given: helio-ecliptic longitude 90 deg, ecliptic
#: latitude 45 deg (a typical field away from the ecliptic), at the zenith.
REFERENCE_HELIO_LON_DEG = 90.0
REFERENCE_ECL_LAT_DEG = 45.0


@dataclass(frozen=True)
class Rates:
    """Electron rates of one telescope at one site for given pointings (arrays).

    ``source_e_s_mag0``: electrons/s inside the aperture from an AB 0 mag source;
    ``background_e_s_pix``: sky + stray light per pixel; ``dark_e_s_pix``; ``n_pix``;
    ``read_noise_e``; ``airmass`` (1 on the Moon); ``fwhm_arcsec``; ``sky_mag_arcsec2`` (AB,
    the natural sky as seen at the telescope) and ``stray_mag_arcsec2``.
    """

    source_e_s_mag0: np.ndarray
    background_e_s_pix: np.ndarray
    dark_e_s_pix: float
    n_pix: np.ndarray
    read_noise_e: float
    airmass: np.ndarray
    fwhm_arcsec: np.ndarray
    sky_mag_arcsec2: np.ndarray
    stray_mag_arcsec2: float | None

    def source_e_s(self, magnitude_ab) -> np.ndarray:
        return self.source_e_s_mag0 * 10.0 ** (-0.4 * np.asarray(magnitude_ab, dtype=float))


def rates(telescope: Telescope, site=None, *, altitude_deg=90.0,
          helio_lon_deg=REFERENCE_HELIO_LON_DEG, ecl_lat_deg=REFERENCE_ECL_LAT_DEG) -> Rates:
    """Electron rates for ``telescope`` at ``site`` (default: the telescope's own) looking at
    ``altitude_deg`` (ignored on the Moon) and at helio-ecliptic longitude / ecliptic
    latitude (for the zodiacal light); arrays broadcast."""
    site = observing_site(site or telescope.site)
    band = telescope.band
    alt = np.asarray(altitude_deg, dtype=np.float64)
    area_eta = telescope.area_m2 * telescope.efficiency
    pix_area = telescope.pixel_scale_arcsec ** 2
    zodi = zodiacal_photon_rate(band, helio_lon_deg, ecl_lat_deg)
    if np.any(~np.isfinite(zodi)):
        raise InputError("the zodiacal light is not tabulated within 15-30 deg of the Sun "
                         "(Leinert et al. 1998 Table 17)", field="helio_lon_deg",
                         hint="point farther from the Sun")
    if is_lunar(site):
        x = np.ones_like(alt)
        transmission = np.ones_like(alt)
        fwhm = np.full(alt.shape, telescope.psf_fwhm_arcsec)
        sky = zodi * np.ones_like(alt)
    else:
        sky_site = site_sky(site)
        if np.any(alt <= 0):
            raise InputError(f"altitude {float(np.min(alt)):g} deg is not above the horizon",
                             field="altitude_deg", hint="give an altitude in (0, 90] deg")
        x = airmass(alt)
        k = float(extinction_mag_per_airmass(band.pivot_nm, site.height_m,
                                             sky_site.aerosol_550_mag))
        transmission = 10.0 ** (-0.4 * k * x)
        seeing = seeing_fwhm_arcsec(sky_site.seeing_zenith_arcsec, x)
        fwhm = np.hypot(seeing, telescope.psf_fwhm_arcsec)
        zenith = DARK_SKY_ZENITH_AB.get(band.name, 22.0) + sky_site.airglow_offset_mag
        sky = zodi * transmission + airglow_photon_rate(band, zenith, alt, k)
    stray = 0.0
    if telescope.stray_light_mag_arcsec2 is not None:
        stray = float(band.ab_photon_rate(telescope.stray_light_mag_arcsec2))
    radius = telescope.aperture_radius_fwhm * fwhm
    n_pix = np.maximum(np.pi * radius ** 2 / pix_area, 1.0)
    ee = 1.0 - 2.0 ** (-4.0 * telescope.aperture_radius_fwhm ** 2)
    source0 = float(band.ab_photon_rate(0.0)) * area_eta * ee * transmission
    background = (sky + stray) * area_eta * pix_area
    return Rates(source0, background, telescope.dark_e_per_s, n_pix, telescope.read_noise_e,
                 x, fwhm, band.ab_from_photon_rate(sky), telescope.stray_light_mag_arcsec2)


def frames_for(exposure_s, max_exposure_s: float) -> np.ndarray:
    """Number of frames a total ``exposure_s`` is cut into (each at most ``max_exposure_s``)."""
    return np.maximum(np.ceil(np.asarray(exposure_s, dtype=float) / max_exposure_s - 1e-9), 1.0)


def snr_from_rates(r: Rates, magnitude_ab, exposure_s, n_frames=1) -> np.ndarray:
    """The CCD equation (module doc) for AB magnitudes and total exposures (arrays)."""
    t = np.asarray(exposure_s, dtype=np.float64)
    signal = r.source_e_s(magnitude_ab) * t
    noise2 = signal + r.n_pix * ((r.background_e_s_pix + r.dark_e_s_pix) * t
                                 + np.asarray(n_frames) * r.read_noise_e ** 2)
    return signal / np.sqrt(noise2)


def exposure_from_rates(r: Rates, magnitude_ab, snr, n_frames=1) -> np.ndarray:
    """Total exposure (s) reaching ``snr`` for AB magnitudes (the quadratic's root)."""
    s = r.source_e_s(magnitude_ab)
    q = np.asarray(snr, dtype=np.float64) ** 2
    b = q * (s + r.n_pix * (r.background_e_s_pix + r.dark_e_s_pix))
    c = q * r.n_pix * np.asarray(n_frames) * r.read_noise_e ** 2
    return (b + np.sqrt(b * b + 4.0 * s * s * c)) / (2.0 * s * s)


def limit_from_rates(r: Rates, exposure_s, snr, n_frames=1) -> np.ndarray:
    """AB magnitude detected at ``snr`` in ``exposure_s`` (the quadratic's root)."""
    t = np.asarray(exposure_s, dtype=np.float64)
    q = np.asarray(snr, dtype=np.float64) ** 2
    noise = r.n_pix * ((r.background_e_s_pix + r.dark_e_s_pix) * t
                       + np.asarray(n_frames) * r.read_noise_e ** 2)
    counts = (q + np.sqrt(q * q + 4.0 * q * noise)) / 2.0
    return -2.5 * np.log10(counts / (r.source_e_s_mag0 * t))


class ExposureModel:
    """SNR, exposure and depth of ``telescope`` at ``site`` (default its own site).

    Magnitudes are in ``system`` ("AB" or "Vega", of the telescope's band). Exposures longer
    than the telescope's ``max_exposure_s`` are cut into frames, each adding read noise
    (``frames=True``, the default); ``frames=False`` takes one frame of any length.
    """

    def __init__(self, telescope: Telescope, site=None, *, system: str = "AB",
                 frames: bool = True, **pointing) -> None:
        self.telescope = telescope
        self.site = observing_site(site or telescope.site)
        self.system = system
        self.frames = frames
        self.rates = rates(telescope, self.site, **pointing)

    def _n(self, exposure_s):
        return frames_for(exposure_s, self.telescope.max_exposure_s) if self.frames else 1

    def _ab(self, magnitude):
        return self.telescope.band.to_ab(magnitude, self.system)

    def snr(self, magnitude, exposure_s) -> np.ndarray:
        """Signal-to-noise ratio of a source of ``magnitude`` in ``exposure_s`` seconds."""
        _check_positive(exposure_s, "exposure_s")
        return snr_from_rates(self.rates, self._ab(magnitude), exposure_s, self._n(exposure_s))

    def exposure_s(self, magnitude, snr) -> np.ndarray:
        """Total exposure (s) for ``magnitude`` to reach ``snr`` (frames iterated to agree)."""
        _check_positive(snr, "snr")
        m = self._ab(magnitude)
        t = exposure_from_rates(self.rates, m, snr, 1)
        if self.frames:
            for _ in range(4):  # more frames, more read noise, a little more time
                t = exposure_from_rates(self.rates, m, snr, self._n(t))
        return t

    def limiting_magnitude(self, exposure_s, snr=5.0) -> np.ndarray:
        """Faintest magnitude detected at ``snr`` in ``exposure_s`` seconds."""
        _check_positive(exposure_s, "exposure_s")
        _check_positive(snr, "snr")
        m = limit_from_rates(self.rates, exposure_s, snr, self._n(exposure_s))
        return self.telescope.band.from_ab(m, self.system)


def _check_positive(value, name: str) -> None:
    v = np.asarray(value, dtype=np.float64)
    if not np.all(np.isfinite(v)) or np.any(v <= 0):
        raise InputError(f"{name} must be positive and finite, got {value!r}", field=name,
                         value=value)
