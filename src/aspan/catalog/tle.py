"""Read two-line and three-line element sets (TLE, 3LE) into a ``Catalog``.

Format: CelesTrak, T.S. Kelso, "A FAQ on TLE format" and "NORAD Two-Line Element Set
Format" (https://celestrak.org/NORAD/documentation/tle-fmt.php). A record is an optional
name line (bare, or ``0 NAME`` as Space-Track writes it), line 1 and line 2. LF or CRLF line
ends and trailing blanks are accepted. Alpha-5 catalog numbers (A0000 = 100000 ...
Z9999 = 339999) are read.

Values stored are what the fields mean, in ``Catalog`` units: the epoch as a split UTC Julian
date (the two-digit year 57-99 is 19xx, else 20xx; ``epoch_jd`` = midnight starting the day
of year, ``epoch_fr`` = the 8-digit day fraction, exactly as python-sgp4's ``Satrec`` holds
them), ``ndot`` and ``nddot`` as written (already divided by 2 and 6), B* in 1/Earth radii.
Each decimal field becomes the double nearest its decimal text.

Records are grouped in one pass over the lines; every well-formed line is then decoded
column by column with numpy (no per-object loop on the numbers).
"""

from __future__ import annotations

import numpy as np

from aspan.catalog.elements import Catalog
from aspan.catalog.tle_layout import (
    ALPHA5_LETTERS,
    FIELDS_2,
    LINE1_RE,
    LINE2_RE,
    TLE_LINE_LENGTH,
    diagnose_line,
)
from aspan.catalog.validate import RULES, duplicate_message, first_occurrence, first_range_violation
from aspan.errors import AspanError, ParseError, ValidationError

#: Unix epoch 1970-01-01 00:00 UTC as a Julian date.
_JD_1970 = 2440587.5

_VALUE = np.zeros(256, dtype=np.int64)  # digit value of a character; blank = 0
_VALUE[48:58] = np.arange(10)
for _k, _letter in enumerate(ALPHA5_LETTERS):
    _VALUE[ord(_letter)] = 10 + _k

#: Column span (1-based) on line 2 of each value checked by ``validate.RULES``.
_RULE_COLUMNS = {name: (first, last) for name, first, last, _p, _w in FIELDS_2}
_RULE_FIELD = {
    "eccentricity": "eccentricity", "mean_motion_rev_day": "mean motion",
    "inclination_deg": "inclination", "raan_deg": "right ascension of the node",
    "argp_deg": "argument of perigee", "mean_anomaly_deg": "mean anomaly",
}


def read_tle(text: str, *, file: str) -> tuple[Catalog, list[AspanError]]:
    """Parse TLE/3LE ``text``; return the valid records (file order) and one error per bad one."""
    names, l1, l2, where, problems = _group(text.split("\n"), file)
    keep = np.ones(len(names), dtype=bool)
    for i in range(len(names)):
        for which, (line, number) in ((1, l1[i]), (2, l2[i])):
            regex = LINE1_RE if which == 1 else LINE2_RE
            if len(line) != TLE_LINE_LENGTH or not regex.fullmatch(line):
                problems.append((number, diagnose_line(line, which, file=file, line=number)))
                keep[i] = False
                break
    good = np.flatnonzero(keep)
    m1 = _matrix([l1[i][0] for i in good])
    m2 = _matrix([l2[i][0] for i in good])
    cols = _decode(m1, m2)
    line1_no = np.array([l1[i][1] for i in good], dtype=np.int64)
    line2_no = np.array([l2[i][1] for i in good], dtype=np.int64)
    ok = np.ones(len(good), dtype=bool)

    def fail(mask: np.ndarray, make) -> None:
        for j in np.flatnonzero(mask & ok).tolist():
            line, error = make(j)
            problems.append((line, error))
        ok[mask] = False

    for m, numbers in ((m1, line1_no), (m2, line2_no)):
        given, computed = _checksums(m)
        fail(given != computed, lambda j, g=given, c=computed, n=numbers: (n[j], ValidationError(
            f"checksum is {g[j]}, the line's digits sum to {c[j]} (mod 10)", file=file,
            line=int(n[j]), column=69, field="checksum", value=int(g[j]),
            hint="the line may be truncated or edited")))
    other = cols.pop("norad_id_line2")
    fail(other != cols["norad_id"], lambda j: (line2_no[j], ValidationError(
        f"line 2 carries catalog number {other[j]} but its line 1 (line {line1_no[j]})"
        f" carries {cols['norad_id'][j]}", file=file, line=int(line2_no[j]), column=3,
        field="catalog number", value=int(other[j]),
        hint="each line 1 must be followed by the line 2 of the same object")))
    day, days_in_year = cols.pop("epoch_day"), cols.pop("days_in_year")
    fail((day < 1) | (day > days_in_year), lambda j: (line1_no[j], ValidationError(
        f"epoch day is {l1[good[j]][0][20:32].strip()}, expected a day of year in"
        f" [1, {days_in_year[j] + 1})", file=file, line=int(line1_no[j]), column=21,
        field="epoch day", value=l1[good[j]][0][20:32],
        hint="correct the value or download the element set again")))
    rule = first_range_violation(cols)
    fail(rule >= 0, lambda j: _range_error(rule[j], l2[good[j]][0], int(line2_no[j]), file))
    earlier = first_occurrence(cols["norad_id"], ok)
    first_line = np.array([where[i] for i in good], dtype=np.int64)
    fail(earlier >= 0, lambda j: (first_line[j], _duplicate(
        int(cols["norad_id"][j]), int(first_line[j]), int(first_line[earlier[j]]), file)))

    cols = {k: v[ok] for k, v in cols.items()}
    rows = good[ok].tolist()
    cols["name"] = [names[i] for i in rows]
    cols["intl_designator"] = [l1[i][0][9:17].strip() for i in rows]
    cols["source"] = [file] * len(rows)
    problems.sort(key=lambda item: item[0])
    return Catalog.from_columns(cols), [error for _line, error in problems]


def _duplicate(norad_id: int, line: int, first_line: int, file: str) -> ValidationError:
    message, hint = duplicate_message(norad_id, first_line)
    return ValidationError(message, file=file, line=line, field="catalog number",
                           value=norad_id, hint=hint)


def _range_error(rule_index: int, line2: str, number: int, file: str):
    rule = RULES[rule_index]
    first, last = _RULE_COLUMNS[_RULE_FIELD[rule.column]]
    text = line2[first - 1 : last].strip()
    if rule.column == "eccentricity":
        text = "0." + text
    message, hint = rule.message(text)
    return number, ValidationError(message, file=file, line=number, column=first,
                                   field=rule.column, value=text, hint=hint)


def _group(lines: list[str], file: str):
    """Split lines into records: names, (line1, number), (line2, number), record's first line."""
    names, l1, l2, where, problems = [], [], [], [], []
    name = name_no = pending = None

    def orphan_name(found: str) -> None:
        problems.append((name_no, ParseError(
            f"name line {name!r} is not followed by a line 1 ({found})", file=file,
            line=name_no, field="name", value=name,
            hint="remove the stray line or restore its element set")))

    def orphan_line1(found: str, hint: str) -> None:
        problems.append((pending[1], ParseError(
            f"line 1 of catalog number {pending[0][2:7].strip()} has no line 2 ({found})",
            file=file, line=pending[1], field="line 2", value=pending[0], hint=hint)))

    lost = "the file may be truncated or a line was deleted; restore the missing line 2"
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip()
        if not line:
            continue
        kind = line[0] if len(line) == 1 or line[1] == " " else ""
        if kind == "1":
            if pending is not None:
                orphan_line1(f"line {number} is another line 1", lost)
                name = name_no = None
            pending = (line, number)
        elif kind == "2":
            if pending is None:
                problems.append((number, ParseError(
                    f"line 2 of catalog number {line[2:7].strip()} has no line 1 before it",
                    file=file, line=number, field="line 1", value=line,
                    hint="restore the missing line 1 or remove this line")))
            else:
                names.append(name or "")
                l1.append(pending)
                l2.append((line, number))
                where.append(name_no if name is not None else pending[1])
            name = name_no = pending = None
        else:
            if pending is not None:
                orphan_line1(f"line {number} is a name line", lost)
                pending = None
                name = name_no = None
            elif name is not None:
                orphan_name(f"line {number} is a name line")
            name = line[2:].strip() if kind == "0" else line.strip()
            name_no = number
    if pending is not None:
        orphan_line1("the file ends after it", "the file may be truncated; download it again")
    elif name is not None:
        problems.append((name_no, ParseError(
            f"the file ends after the name line {name!r}", file=file, line=name_no,
            field="name", value=name, hint="the file may be truncated; download it again")))
    return names, l1, l2, where, problems


def _matrix(lines: list[str]) -> np.ndarray:
    """Well-formed (ASCII, 69-column) lines as a ``(n, 69)`` uint8 array."""
    buffer = "".join(lines).encode("ascii")
    return np.frombuffer(buffer, dtype=np.uint8).reshape(len(lines), TLE_LINE_LENGTH)


def _int(m: np.ndarray, start: int, stop: int) -> np.ndarray:
    """Digits in columns [start, stop) (0-based; blanks count 0) as int64."""
    block = _VALUE[m[:, start:stop]]
    return block @ (10 ** np.arange(stop - start - 1, -1, -1, dtype=np.int64))


def _fixed(m: np.ndarray, start: int, dot: int, stop: int) -> np.ndarray:
    """A fixed-point field ``NNN.NNNN`` as the double nearest its decimal text."""
    places = stop - dot - 1
    scaled = _int(m, start, dot) * 10**places + _int(m, dot + 1, stop)
    return scaled / float(10**places)


def _sign(m: np.ndarray, column: int) -> np.ndarray:
    return np.where(m[:, column] == ord("-"), -1.0, 1.0)


_POW10 = np.array([float(10**k) for k in range(23)])


def _exponential(m: np.ndarray, start: int) -> np.ndarray:
    """``+NNNNN-N`` (implied leading decimal point) as the double nearest its decimal value."""
    mantissa = _int(m, start + 1, start + 6).astype(np.float64)
    exponent = _int(m, start + 7, start + 8) * np.where(m[:, start + 6] == ord("-"), -1, 1)
    shift = exponent - 5  # value = mantissa * 10**shift, one correctly rounded operation
    value = np.where(shift < 0, mantissa / _POW10[np.abs(shift)], mantissa * _POW10[np.abs(shift)])
    return _sign(m, start) * value


def _checksums(m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(checksum written in column 69, digits of columns 1-68 summed mod 10, '-' counting 1)."""
    body = m[:, :68]
    digits = np.where((body >= 48) & (body <= 57), body.astype(np.int64) - 48, 0)
    total = digits.sum(axis=1) + (body == ord("-")).sum(axis=1)
    return m[:, 68].astype(np.int64) - 48, total % 10


def _decode(m1: np.ndarray, m2: np.ndarray) -> dict[str, np.ndarray]:
    """Every numeric field of well-formed lines, in ``Catalog`` units (vectorized)."""
    two_digit = _int(m1, 18, 20)
    year = np.where(two_digit < 57, 2000 + two_digit, 1900 + two_digit)
    jan1 = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)
    next_jan1 = (year - 1969).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)
    day = _int(m1, 20, 23)
    return {
        "norad_id": _int(m1, 2, 7),
        "norad_id_line2": _int(m2, 2, 7),
        "classification": np.array([chr(c) for c in m1[:, 7].tolist()], dtype=object),
        "epoch_day": day,
        "days_in_year": next_jan1 - jan1,
        "epoch_jd": _JD_1970 + (jan1 + day - 1).astype(np.float64),
        "epoch_fr": _int(m1, 24, 32) / 1e8,
        "ndot_rev_day2": _sign(m1, 33) * (_int(m1, 35, 43) / 1e8),
        "nddot_rev_day3": _exponential(m1, 44),
        "bstar_per_er": _exponential(m1, 53),
        "ephemeris_type": _int(m1, 62, 63),
        "element_set_no": _int(m1, 64, 68),
        "inclination_deg": _fixed(m2, 8, 11, 16),
        "raan_deg": _fixed(m2, 17, 20, 25),
        "eccentricity": _int(m2, 26, 33) / 1e7,
        "argp_deg": _fixed(m2, 34, 37, 42),
        "mean_anomaly_deg": _fixed(m2, 43, 46, 51),
        "mean_motion_rev_day": _fixed(m2, 52, 54, 63),
        "rev_at_epoch": _int(m2, 63, 68),
    }
