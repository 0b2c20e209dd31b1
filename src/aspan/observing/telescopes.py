"""Telescopes: aperture, band, detector, overheads and observing limits, from TOML.

The bundled list is ``aspan/data/telescopes.toml`` (its header documents every field and
its unit); users add or replace telescopes with a TOML file of the same shape
(``load_telescopes(path)``, ``--telescopes FILE`` on the command line).
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from aspan.errors import InputError, NotFoundError
from aspan.observing.bands import Band, band_by_name

_REQUIRED = ("name", "kind", "band", "aperture_m", "pixel_scale_arcsec", "read_noise_e",
             "dark_e_per_s", "psf_fwhm_arcsec")
_FLOATS = ("aperture_m", "obstruction", "throughput", "zero_point_ab_mag", "gain_e_per_adu",
           "pixel_scale_arcsec", "read_noise_e", "dark_e_per_s", "psf_fwhm_arcsec",
           "aperture_radius_fwhm", "stray_light_mag_arcsec2", "max_exposure_s", "readout_s",
           "slew_deg_per_s", "settle_s", "min_altitude_deg", "sun_min_separation_deg",
           "earth_min_separation_deg", "moon_min_separation_deg", "sun_max_altitude_deg",
           "sun_min_altitude_deg", "moon_max_altitude_deg")


@dataclass(frozen=True)
class Telescope:
    """One telescope and its detector (units in the field names; see telescopes.toml)."""

    key: str
    name: str
    kind: str
    band: Band
    aperture_m: float
    pixel_scale_arcsec: float
    read_noise_e: float
    dark_e_per_s: float
    psf_fwhm_arcsec: float
    site: str = ""
    obstruction: float = 0.0
    throughput: float | None = None
    zero_point_ab_mag: float | None = None
    gain_e_per_adu: float = 1.0
    aperture_radius_fwhm: float = 1.0
    stray_light_mag_arcsec2: float | None = None
    max_exposure_s: float = 300.0
    readout_s: float = 0.0
    slew_deg_per_s: float = 1.0
    settle_s: float = 0.0
    min_altitude_deg: float = 0.0
    sun_min_separation_deg: float | None = None
    earth_min_separation_deg: float | None = None
    moon_min_separation_deg: float | None = None
    sun_max_altitude_deg: float | None = None
    sun_min_altitude_deg: float | None = None
    moon_max_altitude_deg: float | None = None
    file: str = field(default="", compare=False)

    @property
    def area_m2(self) -> float:
        """Collecting area: the aperture less the central obstruction (m^2)."""
        return math.pi / 4.0 * self.aperture_m ** 2 * (1.0 - self.obstruction ** 2)

    @property
    def efficiency(self) -> float:
        """Detected electrons per photon arriving on the aperture (0-1).

        From ``throughput`` or, for a telescope calibrated on the sky, from its zero point:
        ``zero_point_ab_mag`` gives 1 count/s = ``gain`` electrons/s, so the efficiency is
        ``gain / (N(zp) * area)`` with ``N`` the band's AB photon rate per m^2.
        """
        if self.zero_point_ab_mag is not None:
            rate = float(self.band.ab_photon_rate(self.zero_point_ab_mag)) * self.area_m2
            return self.gain_e_per_adu / rate
        return float(self.throughput)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["band"] = self.band.name
        d["area_m2"] = self.area_m2
        d["efficiency"] = self.efficiency
        d.pop("file")
        return d


def telescope_from_table(key: str, table: dict, *, file: str = "telescopes.toml") -> Telescope:
    """A ``Telescope`` from one TOML table; errors name the file, the key and the field."""
    where = f"{file} [{key}]"
    if not isinstance(table, dict):
        raise InputError(f"{where}: expected a table of fields", file=file, field=key)
    missing = [f for f in _REQUIRED if f not in table]
    if "throughput" not in table and "zero_point_ab_mag" not in table:
        missing.append("throughput (or zero_point_ab_mag)")
    if missing:
        raise InputError(f"{where}: missing {', '.join(missing)}", file=file, field=key,
                         hint="see the header of aspan/data/telescopes.toml for the fields")
    known = set(_FLOATS) | {"name", "kind", "band", "site"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise InputError(f"{where}: unknown field {unknown[0]!r}", file=file, field=unknown[0],
                         hint=f"known fields: {', '.join(sorted(known))}")
    values = {}
    for name in _FLOATS:
        if name in table:
            value = table[name]
            if isinstance(value, bool) or not isinstance(value, (int, float)) \
                    or not math.isfinite(value):
                raise InputError(f"{where}: {name} = {value!r} is not a finite number",
                                 file=file, field=name, value=value)
            values[name] = float(value)
    for name in ("aperture_m", "pixel_scale_arcsec", "psf_fwhm_arcsec", "max_exposure_s",
                 "slew_deg_per_s", "aperture_radius_fwhm", "gain_e_per_adu"):
        if name in values and values[name] <= 0:
            raise InputError(f"{where}: {name} = {values[name]:g} must be positive",
                             file=file, field=name, value=values[name])
    for name in ("read_noise_e", "dark_e_per_s", "readout_s", "settle_s"):
        if values.get(name, 0.0) < 0:
            raise InputError(f"{where}: {name} = {values[name]:g} must not be negative",
                             file=file, field=name, value=values[name])
    if not 0.0 <= values.get("obstruction", 0.0) < 1.0:
        raise InputError(f"{where}: obstruction {values['obstruction']:g} is outside [0, 1)",
                         file=file, field="obstruction", hint="a fraction of the diameter")
    if "throughput" in values and not 0.0 < values["throughput"] <= 1.0:
        raise InputError(f"{where}: throughput {values['throughput']:g} is outside (0, 1]",
                         file=file, field="throughput")
    kind = str(table["kind"]).strip().lower()
    if kind not in ("lunar", "ground"):
        raise InputError(f"{where}: kind {table['kind']!r} is neither 'lunar' nor 'ground'",
                         file=file, field="kind", value=table["kind"])
    try:
        band = band_by_name(str(table["band"]))
    except NotFoundError as error:
        raise InputError(f"{where}: {error.message}", file=file, field="band") from None
    return Telescope(key=key, name=str(table["name"]), kind=kind, band=band,
                     site=str(table.get("site", "")), file=file, **values)


def telescopes_from_toml(text: str, *, file: str = "telescopes.toml") -> dict[str, Telescope]:
    """Telescopes by key from TOML text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{file}: not valid TOML: {error}", file=file) from None
    return {key: telescope_from_table(key, table, file=file) for key, table in data.items()}


@cache
def bundled_telescopes() -> dict[str, Telescope]:
    """The bundled telescopes (``aspan/data/telescopes.toml``), in file order."""
    text = resources.files("aspan.data").joinpath("telescopes.toml").read_text("utf-8")
    return telescopes_from_toml(text)


def load_telescopes(path: str | Path | None = None) -> dict[str, Telescope]:
    """The bundled telescopes, plus (replacing by key) those of the TOML file ``path``."""
    out = dict(bundled_telescopes())
    if path is not None:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise NotFoundError(f"{path}: cannot read the telescope file ({error.strerror})",
                                file=str(path), hint="check the path given to --telescopes"
                                ) from None
        out.update(telescopes_from_toml(text, file=str(path)))
    return out


def telescope_by_name(name: str, path: str | Path | None = None) -> Telescope:
    """The telescope whose key or name is ``name`` (case-insensitive)."""
    scopes = load_telescopes(path)
    wanted = str(name).strip().lower()
    for key, scope in scopes.items():
        if wanted in (key.lower(), scope.name.lower()):
            return scope
    raise NotFoundError(f"unknown telescope {name!r}; known telescopes: {', '.join(scopes)}",
                        field="telescope", value=name,
                        hint="aspan observe telescopes lists them; add your own with "
                             "--telescopes FILE.toml")
