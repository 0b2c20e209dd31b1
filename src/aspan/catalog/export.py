"""Write a ``Catalog`` as TLE (3-line) or OMM (CelesTrak-style JSON, CCSDS XML, CSV).

TLE fields follow CelesTrak, "A FAQ on TLE format": every value is rounded to its field
(angles 4 decimals, eccentricity 7, mean motion and the epoch day 8, ``ndot`` 8,
``nddot``/B* 5 significant digits), catalog numbers above 99999 are written in Alpha-5 up to
339999, and each line ends in its checksum. Reading the text back gives the same values, and
writing those again gives the same text.

OMM (CCSDS 502.0-B-3, section 4) carries every value at full double precision (the shortest
decimal that reads back to the same double) and the epoch to the microsecond.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np

from aspan.catalog.elements import Catalog
from aspan.catalog.omm_write import omm_csv, omm_json, omm_xml
from aspan.catalog.tle_layout import ALPHA5_MAX, alpha5
from aspan.catalog.validate import RULES, first_range_violation
from aspan.errors import InputError, ValidationError

FORMATS = ("tle", "omm-json", "omm-xml", "omm-csv")

_JD_1970 = 2440587.5
_ORDINAL_1970 = dt.date(1970, 1, 1).toordinal()
_OMM_DESIGNATOR = re.compile(r"(\d{2})(\d{2})-(\d{3})([A-Z]{0,3})")
_TLE_DESIGNATOR = re.compile(r"[0-9A-Z ]{0,8}")


def export_catalog(catalog: Catalog, fmt: str) -> str:
    """The text of a whole file holding ``catalog`` in ``fmt`` (one of ``FORMATS``)."""
    _check_values(catalog)
    if fmt == "tle":
        return "".join(f"{_name_line(name)}\n{l1}\n{l2}\n" if name else f"{l1}\n{l2}\n"
                       for name, l1, l2 in tle_lines(catalog))
    writers = {"omm-json": omm_json, "omm-xml": omm_xml, "omm-csv": omm_csv}
    if fmt not in writers:
        raise InputError(f"export format {fmt!r} is not known", field="format", value=fmt,
                         hint=f"choose one of {', '.join(FORMATS)}")
    return writers[fmt](catalog)


def tle_lines(catalog: Catalog) -> list[tuple[str, str, str]]:
    """(name, line 1, line 2) for each object, in catalog order."""
    _check_values(catalog)
    result = []
    c = {key: value.tolist() for key, value in catalog.columns().items()}
    for i, norad_id in enumerate(c["norad_id"]):
        number = _catalog_field(norad_id, c["name"][i])
        body1 = (
            f"1 {number}{c['classification'][i] or 'U'} {tle_designator(c['intl_designator'][i])}"
            f" {_epoch_field(c['epoch_jd'][i], c['epoch_fr'][i], norad_id)}"
            f" {_ndot_field(c['ndot_rev_day2'][i], norad_id)}"
            f" {_exp_field(c['nddot_rev_day3'][i], 'nddot', norad_id)}"
            f" {_exp_field(c['bstar_per_er'][i], 'B*', norad_id)}"
            f" {c['ephemeris_type'][i] % 10} {c['element_set_no'][i] % 10000:4d}"
        )
        body2 = (
            f"2 {number} {_angle(c['inclination_deg'][i], wrap=False)}"
            f" {_angle(c['raan_deg'][i])} {_eccentricity(c['eccentricity'][i])}"
            f" {_angle(c['argp_deg'][i])} {_angle(c['mean_anomaly_deg'][i])}"
            f" {_mean_motion(c['mean_motion_rev_day'][i], norad_id)}"
            f"{c['rev_at_epoch'][i] % 100000:5d}"
        )
        result.append((str(c["name"][i]), body1, body2))
    sums1 = _checksums([body1 for _n, body1, _b in result])
    sums2 = _checksums([body2 for _n, _b, body2 in result])
    return [(name, body1 + s1, body2 + s2)
            for (name, body1, body2), s1, s2 in zip(result, sums1, sums2, strict=True)]


def _name_line(name: str) -> str:
    """The name line: the name as given, or ``0 NAME`` when a bare name would read as a line
    number (a name starting with 0, 1 or 2 and a blank)."""
    return f"0 {name}" if name[:2] in ("0 ", "1 ", "2 ") or name in ("0", "1", "2") else name


def tle_designator(text: str) -> str:
    """The 8-column TLE designator ('98067A  ') from an OMM one ('1998-067A') or a TLE one.

    A designator the TLE field cannot hold is left blank.
    """
    match = _OMM_DESIGNATOR.fullmatch(text.strip())
    if match:
        text = match.group(2) + match.group(3) + match.group(4)
    return text.strip().ljust(8) if _TLE_DESIGNATOR.fullmatch(text.strip()) else " " * 8


def _check_values(catalog: Catalog) -> None:
    """Refuse to write impossible values (the ranges every reader enforces)."""
    rule = first_range_violation(catalog.columns())
    if (rule >= 0).any():
        i = int(np.argmax(rule >= 0))
        r = RULES[rule[i]]
        message, _hint = r.message(repr(float(getattr(catalog, r.column)[i])))
        raise ValidationError(f"object {int(catalog.norad_id[i])}: {message}", field=r.column,
                              hint="correct the element set before exporting it")


def _catalog_field(norad_id: int, name: str) -> str:
    if not 0 <= norad_id <= ALPHA5_MAX:
        raise ValidationError(
            f"catalog number {norad_id} ({name or 'no name'}) cannot be carried by a TLE, whose"
            f" field holds at most {ALPHA5_MAX} (Alpha-5)", field="norad_id", value=norad_id,
            hint="export as OMM (omm-json, omm-xml or omm-csv), which carries 9 digits",
        )
    return alpha5(norad_id)


def _epoch_field(jd: float, fr: float, norad_id: int) -> str:
    """``YYDDD.DDDDDDDD``: two-digit year, day of year and its 8-decimal fraction."""
    day_count = math.floor(jd - _JD_1970) + math.floor(fr)
    ticks = round((fr - math.floor(fr)) * 1e8)
    if ticks == 100_000_000:
        day_count, ticks = day_count + 1, 0
    date = dt.date.fromordinal(_ORDINAL_1970 + day_count)
    if not 1957 <= date.year <= 2056:
        raise ValidationError(
            f"object {norad_id}: epoch year {date.year} cannot be carried by a TLE (two-digit"
            " years cover 1957-2056)", field="epoch", value=date.year,
            hint="export as OMM (omm-json, omm-xml or omm-csv)",
        )
    day = date.toordinal() - dt.date(date.year, 1, 1).toordinal() + 1
    return f"{date.year % 100:02d}{day:03d}.{ticks:08d}"


def _ndot_field(value: float, norad_id: int) -> str:
    """`` .NNNNNNNN`` / ``-.NNNNNNNN`` (rev/day^2)."""
    text = f"{abs(value):.8f}"
    if not text.startswith("0."):
        raise ValidationError(
            f"object {norad_id}: mean motion derivative {value!r} rev/day^2 is too large for"
            " the TLE field (magnitude below 1)", field="ndot_rev_day2", value=value,
            hint="export as OMM (omm-json, omm-xml or omm-csv)",
        )
    return ("-" if value < 0 and text != "0.00000000" else " ") + text[1:]


def _exp_field(value: float, label: str, norad_id: int) -> str:
    """`` NNNNN-N``: sign, 5 mantissa digits after an implied decimal point, exponent."""
    if value == 0:
        return " 00000+0"
    mantissa, exponent = f"{abs(value):.4e}".split("e")
    power = int(exponent) + 1
    if power < -9:
        return " 00000+0"  # below the field's smallest step
    if power > 9:
        raise ValidationError(
            f"object {norad_id}: {label} {value!r} is too large for the TLE field",
            field=label, value=value, hint="export as OMM (omm-json, omm-xml or omm-csv)",
        )
    sign = "-" if value < 0 else " "
    return f"{sign}{mantissa.replace('.', '')}{'-' if power < 0 else '+'}{abs(power)}"


def _angle(value: float, *, wrap: bool = True) -> str:
    text = f"{value:8.4f}"
    return "  0.0000" if wrap and text == "360.0000" else text


def _eccentricity(value: float) -> str:
    text = f"{value:.7f}"
    return "9999999" if text.startswith("1") else text[2:]


def _mean_motion(value: float, norad_id: int) -> str:
    text = f"{value:11.8f}"
    if len(text) > 11 or float(text) == 0:
        raise ValidationError(
            f"object {norad_id}: mean motion {value!r} rev/day does not fit the TLE field"
            " (0.00000001 to 99.99999999)", field="mean_motion_rev_day", value=value,
            hint="export as OMM (omm-json, omm-xml or omm-csv)",
        )
    return text


def _checksums(bodies: list[str]) -> list[str]:
    """Per 68-column body: digits summed, each '-' counting 1, modulo 10 (vectorized)."""
    m = np.frombuffer("".join(bodies).encode("ascii"), dtype=np.uint8).reshape(len(bodies), 68)
    digits = np.where((m >= 48) & (m <= 57), m.astype(np.int64) - 48, 0)
    total = digits.sum(axis=1) + (m == ord("-")).sum(axis=1)
    return [str(k) for k in (total % 10).tolist()]
