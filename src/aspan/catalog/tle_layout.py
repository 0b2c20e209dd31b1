"""The fixed column layout of the two TLE lines, and diagnosis of a line that breaks it.

Source: CelesTrak, T.S. Kelso, "A FAQ on TLE format"
(https://celestrak.org/columns/v04n03/) and "NORAD Two-Line Element Set Format"
(https://celestrak.org/NORAD/documentation/tle-fmt.php); Alpha-5 catalog numbers from
CelesTrak's "A New Way to Use Catalog Numbers" (letters I and O are skipped).

A line that matches ``LINE1_RE`` / ``LINE2_RE`` is well formed: every field sits in its
columns and holds what it should. Lines that do not match are handed to ``diagnose_line``,
which says what is wrong at which column (the slow path, taken only for bad lines).
"""

from __future__ import annotations

import re

from aspan.errors import AspanError, ParseError

TLE_LINE_LENGTH = 69

#: Templates from "A FAQ on TLE format": N digit, C classification, A letter or digit.
TEMPLATE_1 = "1 NNNNNC NNNNNAAA NNNNN.NNNNNNNN +.NNNNNNNN +NNNNN-N +NNNNN-N N NNNNN"
TEMPLATE_2 = "2 NNNNN NNN.NNNN NNN.NNNN NNNNNNN NNN.NNNN NNN.NNNN NN.NNNNNNNNNNNNNN"

#: Alpha-5: first character of a catalog number; A=10 ... Z=33, skipping I and O.
ALPHA5_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
ALPHA5_MAX = 339999


def _right(width: int) -> str:
    """Digits right-aligned in ``width`` columns (leading blanks allowed, at least one digit)."""
    return "(?:" + "|".join(f" {{{k}}}[0-9]{{{width - k}}}" for k in range(width)) + ")"


def _right_or_blank(width: int) -> str:
    return f"(?:{_right(width)}| {{{width}}})"


_CATNUM = f"(?:[{ALPHA5_LETTERS}][0-9]{{4}}|{_right(5)})"
_EXP = "[ +-][0-9]{5}[+-][0-9]"

#: Field of each line: (name, first column (1-based), last column, regex, what it holds).
FIELDS_1 = (
    ("line number", 1, 1, "1", "'1'"),
    ("catalog number", 3, 7, _CATNUM, "a catalog number (5 digits, or Alpha-5 like A0001)"),
    ("classification", 8, 8, "[UCS]", "U, C or S"),
    ("international designator", 10, 17, "[ 0-9A-Z]{8}", "digits, capital letters or blanks"),
    ("epoch year", 19, 20, "[0-9]{2}", "a two-digit year"),
    ("epoch day", 21, 32, _right(3) + r"\.[0-9]{8}", "a day of year like NNN.NNNNNNNN"),
    ("mean motion derivative", 34, 43, r"[ +-]\.[0-9]{8}", "a number like +.NNNNNNNN"),
    ("mean motion second derivative", 45, 52, _EXP, "a number like +NNNNN-N"),
    ("B* drag term", 54, 61, _EXP, "a number like +NNNNN-N"),
    ("ephemeris type", 63, 63, "[0-9 ]", "a digit"),
    ("element set number", 65, 68, _right_or_blank(4), "an integer of up to 4 digits"),
    ("checksum", 69, 69, "[0-9]", "a digit"),
)
FIELDS_2 = (
    ("line number", 1, 1, "2", "'2'"),
    ("catalog number", 3, 7, _CATNUM, "a catalog number (5 digits, or Alpha-5 like A0001)"),
    ("inclination", 9, 16, _right(3) + r"\.[0-9]{4}", "degrees like NNN.NNNN"),
    ("right ascension of the node", 18, 25, _right(3) + r"\.[0-9]{4}", "degrees like NNN.NNNN"),
    ("eccentricity", 27, 33, "[0-9]{7}", "7 digits (a leading decimal point is implied)"),
    ("argument of perigee", 35, 42, _right(3) + r"\.[0-9]{4}", "degrees like NNN.NNNN"),
    ("mean anomaly", 44, 51, _right(3) + r"\.[0-9]{4}", "degrees like NNN.NNNN"),
    ("mean motion", 53, 63, _right(2) + r"\.[0-9]{8}", "revolutions per day like NN.NNNNNNNN"),
    ("revolution number", 64, 68, _right_or_blank(5), "an integer of up to 5 digits"),
    ("checksum", 69, 69, "[0-9]", "a digit"),
)


def _line_regex(fields, template: str) -> re.Pattern:
    parts, column = [], 1
    for _name, first, last, pattern, _what in fields:
        gap = template[column - 1 : first - 1]
        parts.append(re.escape(gap))
        parts.append(f"(?:{pattern})")
        column = last + 1
    return re.compile("".join(parts))


LINE1_RE = _line_regex(FIELDS_1, TEMPLATE_1)
LINE2_RE = _line_regex(FIELDS_2, TEMPLATE_2)

#: Columns (0-based) that must hold one exact character: separators and decimal points.
_FIXED = {
    1: [(i, c) for i, c in enumerate(TEMPLATE_1) if c in " .1"],
    2: [(i, c) for i, c in enumerate(TEMPLATE_2) if c in " .2"],
}


def _show(char: str | None) -> str:
    return "the end of the line" if char is None else repr(char)


def diagnose_line(text: str, which: int, *, file: str, line: int) -> AspanError:
    """The first thing wrong with TLE line ``which`` (1 or 2), as an error naming its column.

    Called only for a line that does not match its regex; order: cut off, layout (a
    separator or decimal point out of place), a field holding the wrong characters.
    """
    template = TEMPLATE_1 if which == 1 else TEMPLATE_2
    shown = f"\n    {text}\n    {template}"
    for index, expected in _FIXED[which]:
        got = text[index] if index < len(text) else None
        if got is None:
            break
        if got != expected:
            what = "a blank" if expected == " " else repr(expected)
            return ParseError(
                f"line {which} does not follow the TLE column layout: expected {what} at column"
                f" {index + 1}, found {_show(got)}; a character is missing, extra or moved"
                f" (fields sit in fixed columns). The line and its template:{shown}",
                file=file, line=line, column=index + 1, field="layout", value=text,
            )
    if len(text) < TLE_LINE_LENGTH:
        return ParseError(
            f"line {which} is cut off: {len(text)} characters where a TLE line has"
            f" {TLE_LINE_LENGTH}",
            file=file, line=line, column=len(text) + 1, field="length", value=text,
            hint="the file may be truncated; download or copy it again",
        )
    if len(text) > TLE_LINE_LENGTH:
        return ParseError(
            f"line {which} is {len(text)} characters long where a TLE line has"
            f" {TLE_LINE_LENGTH}; remove what follows column {TLE_LINE_LENGTH}. The line and"
            f" its template:{shown}",
            file=file, line=line, column=TLE_LINE_LENGTH + 1, field="length", value=text,
        )
    for name, first, last, pattern, what in FIELDS_1 if which == 1 else FIELDS_2:
        part = text[first - 1 : last]
        if not re.fullmatch(pattern, part):
            return ParseError(
                f"{name} is {part!r}, expected {what}",
                file=file, line=line, column=first, field=name, value=part,
                hint="correct the field or download the element set again",
            )
    return ParseError(  # pragma: no cover - the regexes and the checks above agree
        f"line {which} does not match the TLE layout{shown}", file=file, line=line
    )


def alpha5(norad_id: int) -> str:
    """The 5-character TLE catalog field for ``norad_id`` (Alpha-5 above 99999)."""
    if norad_id <= 99999:
        return f"{norad_id:05d}"
    head, rest = divmod(norad_id, 10000)
    return f"{ALPHA5_LETTERS[head - 10]}{rest:04d}"
