"""Read Orbit Mean-Elements Messages (OMM: XML, JSON, CSV) into a ``Catalog``.

Source: CCSDS 502.0-B-3 "Orbit Data Messages", section 4 (OMM keywords and units:
MEAN_MOTION rev/day, MEAN_MOTION_DOT rev/day**2, MEAN_MOTION_DDOT rev/day**3, BSTAR 1/Earth
radii, angles in degrees, EPOCH in UTC); the values of an SGP4 OMM are those of the TLE fields
(CelesTrak, "A New Way to Obtain GP Data"), so ``ndot``/``nddot`` are already divided by 2
and 6. Catalog numbers may have up to 9 digits.

The epoch becomes a split UTC Julian date the way python-sgp4 builds one from an OMM
(``sgp4.omm.initialize`` then ``Satrec.sgp4init``): days since 1949-12-31 00:00 as one
double, split into whole days and fraction, the fraction rounded to 8 decimals when the
days value times 1e8 is a whole number (an epoch a TLE could carry). Checked against
``Satrec.sgp4init`` on 20,000 random epochs; propagation then agrees with python-sgp4's.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np

from aspan.catalog.elements import Catalog
from aspan.catalog.omm_syntax import OmmRecord, csv_records, json_records, xml_records
from aspan.catalog.validate import RULES, duplicate_message, first_occurrence, first_range_violation
from aspan.errors import AspanError, ValidationError

#: OMM keyword -> (Catalog column, kind); kinds: float, int, text.
REQUIRED = {
    "EPOCH": ("epoch", "epoch"),
    "MEAN_MOTION": ("mean_motion_rev_day", "float"),
    "ECCENTRICITY": ("eccentricity", "float"),
    "INCLINATION": ("inclination_deg", "float"),
    "RA_OF_ASC_NODE": ("raan_deg", "float"),
    "ARG_OF_PERICENTER": ("argp_deg", "float"),
    "MEAN_ANOMALY": ("mean_anomaly_deg", "float"),
    "NORAD_CAT_ID": ("norad_id", "int"),
    "BSTAR": ("bstar_per_er", "float"),
    "MEAN_MOTION_DOT": ("ndot_rev_day2", "float"),
    "MEAN_MOTION_DDOT": ("nddot_rev_day3", "float"),
}
OPTIONAL = {
    "OBJECT_NAME": ("name", "text", ""),
    "OBJECT_ID": ("intl_designator", "text", ""),
    "EPHEMERIS_TYPE": ("ephemeris_type", "int", 0),
    "CLASSIFICATION_TYPE": ("classification", "text", "U"),
    "ELEMENT_SET_NO": ("element_set_no", "int", 0),
    "REV_AT_EPOCH": ("rev_at_epoch", "int", 0),
}
MAX_NORAD_ID = 999_999_999
_TEXT = ("name", "intl_designator", "classification")
_INTS = ("norad_id", "ephemeris_type", "element_set_no", "rev_at_epoch")
_COLUMNS = [c for c, _k in REQUIRED.values() if c != "epoch"] + [
    c for c, _k, _d in OPTIONAL.values() if c not in _INTS] + ["epoch_jd", "epoch_fr"]
_COLUMNS = [c for c in _COLUMNS if c not in _INTS]

_EPOCH_RE = re.compile(
    r"(\d{4})-(?:(\d{2})-(\d{2})|(\d{3}))T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z?"
)
_INT_RE = re.compile(r"[+-]?\d+")
_INT64_MAX = 2**63 - 1
_SGP4_EPOCH0 = dt.datetime(1949, 12, 31)
_JD_SGP4_EPOCH0 = 2433281.5


def read_omm(data: bytes, text: str, fmt: str, *, file: str) -> tuple[Catalog, list[AspanError]]:
    """Parse OMM in ``fmt`` ('omm-xml', 'omm-json', 'omm-csv'); valid records and problems."""
    if fmt == "omm-xml":
        records = xml_records(data, file=file)
    elif fmt == "omm-json":
        records = json_records(text, file=file)
    else:
        records = csv_records(text, file=file)
    return records_to_catalog(records, file=file)


def epoch_split(text: str) -> tuple[float, float]:
    """ISO-8601 UTC epoch -> (whole UTC Julian date ending in .5, fraction), python-sgp4 style.

    Raises ``ValueError`` when ``text`` is not a date and time like 2026-09-21T07:03:51.269760
    (or the CCSDS day-of-year form 2026-264T07:03:51.269760).
    """
    match = _EPOCH_RE.fullmatch(text.strip())
    if not match:
        raise ValueError(text)
    year, month, day, doy, hour, minute, second, digits = match.groups()
    if doy is not None:
        date = dt.date(int(year), 1, 1) + dt.timedelta(days=int(doy) - 1)
        if not 1 <= int(doy) <= (366 if date.year % 4 == 0 else 365) or date.year != int(year):
            raise ValueError(text)
    else:
        date = dt.date(int(year), int(month), int(day))
    digits = (digits or "0")[:7]  # the 7th digit rounds the microseconds; later ones cannot
    scale = 10 ** max(len(digits) - 6, 0)
    micro = (int(digits) * 10 ** max(6 - len(digits), 0) + scale // 2) // scale
    moment = dt.datetime(date.year, date.month, date.day, int(hour), int(minute), int(second))
    days = ((moment - _SGP4_EPOCH0) + dt.timedelta(microseconds=micro)).total_seconds() / 86400.0
    whole = math.floor(days)
    fraction = days - whole
    scaled = days * 1e8
    if math.floor(scaled + 0.5) == scaled:  # no digits past the 8th decimal: exact decimal
        fraction = math.floor(fraction * 1e8 + 0.5) / 1e8
    return whole + _JD_SGP4_EPOCH0, fraction


def records_to_catalog(records: list[OmmRecord], *, file: str) -> tuple[Catalog, list[AspanError]]:
    """Check every record's keys and values; build the catalog of the valid ones."""
    problems: list[tuple[int, AspanError]] = []
    rows: list[dict[str, object]] = []
    texts: list[dict[str, str]] = []
    kept: list[tuple[int, OmmRecord]] = []
    for index, record in enumerate(records):
        try:
            if record.error is not None:
                raise record.error
            row, shown = _convert(record, file)
        except AspanError as error:
            # kept without its traceback: frames would hold each record's values alive
            error.__context__ = None
            problems.append((index, error.with_traceback(None)))
            continue
        rows.append(row)
        texts.append(shown)
        kept.append((index, record))
    columns = {
        key: np.array([row[key] for row in rows], dtype=object if key in _TEXT else np.float64)
        for key in _COLUMNS
    }
    ok = np.ones(len(rows), dtype=bool)
    rule = first_range_violation(columns)
    for j in np.flatnonzero(rule >= 0).tolist():
        r = RULES[rule[j]]
        key = next(k for k, (c, _kind) in REQUIRED.items() if c == r.column)
        message, hint = r.message(texts[j][key])
        index, record = kept[j]
        problems.append((index, ValidationError(
            message, file=file, line=_line(record, key), field=key, value=texts[j][key],
            hint=hint)))
        ok[j] = False
    norad_id = np.array([row["norad_id"] for row in rows], dtype=np.int64)
    earlier = first_occurrence(norad_id, ok)
    for j in np.flatnonzero(earlier >= 0).tolist():
        index, record = kept[j]
        message, hint = duplicate_message(int(norad_id[j]), kept[earlier[j]][1].line)
        problems.append((index, ValidationError(
            message, file=file, line=record.line, field="NORAD_CAT_ID", value=int(norad_id[j]),
            hint=hint)))
        ok[j] = False
    columns = {key: value[ok] for key, value in columns.items()}
    for key in _INTS:
        columns[key] = np.array([row[key] for row in rows], dtype=np.int64)[ok]
    columns["source"] = [file] * int(ok.sum())
    problems.sort(key=lambda item: item[0])
    return Catalog.from_columns(columns), [error for _i, error in problems]


def _line(record: OmmRecord, key: str) -> int | None:
    return record.key_lines.get(key, record.line)


def _convert(record: OmmRecord, file: str) -> tuple[dict[str, object], dict[str, str]]:
    """One record's values in ``Catalog`` units, and each value as written (for messages)."""
    values = record.values
    row: dict[str, object] = {}
    shown: dict[str, str] = {}
    for key, (column, kind) in REQUIRED.items():
        if key not in values or values[key] is None or str(values[key]).strip() == "":
            present = ", ".join(k for k in REQUIRED if k in values) or "none"
            raise ValidationError(
                f"required OMM key {key} is missing (required keys present: {present})",
                file=file, line=record.line, field=key,
                hint="export the element sets with all CCSDS OMM mean elements and TLE parameters",
            )
        row[column], shown[key] = _value(record, key, kind, file)
    for key, (column, kind, default) in OPTIONAL.items():
        raw = values.get(key)
        if raw is None or (kind != "text" and str(raw).strip() == ""):
            row[column], shown[key] = default, str(default)
        else:
            row[column], shown[key] = _value(record, key, kind, file)
    row["epoch_jd"], row["epoch_fr"] = row.pop("epoch")
    if row["classification"] not in ("U", "C", "S"):
        raise _bad(record, "CLASSIFICATION_TYPE", shown["CLASSIFICATION_TYPE"], "U, C or S", file)
    if not 0 <= row["norad_id"] <= MAX_NORAD_ID:
        raise _bad(record, "NORAD_CAT_ID", shown["NORAD_CAT_ID"],
                   "a catalog number from 0 to 999999999", file)
    return row, shown


def _value(record: OmmRecord, key: str, kind: str, file: str) -> tuple[object, str]:
    raw = record.values[key]
    text = raw if isinstance(raw, str) else json_text(raw)
    if kind == "text":
        return text.strip(), text
    if kind == "epoch":
        try:
            return epoch_split(text), text
        except (ValueError, OverflowError):  # not a date, or one past the year 9999
            raise _bad(record, key, text, "an ISO-8601 UTC time like 2026-09-21T07:03:51.269760",
                       file) from None
    if kind == "int":
        if isinstance(raw, bool) or not (
            _INT_RE.fullmatch(text.strip()) or (isinstance(raw, float) and raw.is_integer())
        ):
            raise _bad(record, key, text, "an integer", file)
        try:
            number = int(float(text)) if isinstance(raw, float) else int(text)
        except ValueError:  # more digits than Python converts
            number = _INT64_MAX + 1
        if not -_INT64_MAX - 1 <= number <= _INT64_MAX:
            raise _bad(record, key, text,
                       f"an integer in the 64-bit range (at most {_INT64_MAX})", file)
        return number, text
    try:
        if isinstance(raw, bool):
            raise ValueError(text)
        number = float(raw) if isinstance(raw, int | float) else float(text.strip())
    except OverflowError:  # a JSON integer beyond the float range
        number = math.inf
    except ValueError:
        raise _bad(record, key, text, "a number", file) from None
    if not math.isfinite(number):
        raise _bad(record, key, text, "a finite number", file)
    return number, text.strip()


def json_text(value: object) -> str:
    """How a JSON value is shown in messages (numbers as Python writes them)."""
    return "null" if value is None else str(value)


def _bad(record: OmmRecord, key: str, text: str, expected: str, file: str) -> ValidationError:
    return ValidationError(
        f"{key} is {text!r}, expected {expected}", file=file, line=_line(record, key),
        field=key, value=text, hint="correct the value or export the element sets again",
    )
