"""TLE/3LE reading: layouts, Alpha-5, values against python-sgp4, and every error's exact text."""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np
import pytest
from sgp4.api import Satrec

from aspan.catalog.formats import parse_bytes, read_catalog
from aspan.errors import CatalogProblems, ParseError, ValidationError

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
REAL = {
    "celestrak-active-2025-10-03.tle": 12_801,
    "satcat-full-2024-07.tle": 26_389,
    "satcat-leo-2026-06.tle": 16_032,
}
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data is not here")

# The ISS element set of the CelesTrak / Wikipedia TLE format example (valid checksums).
NAME = "ISS (ZARYA)"
L1 = "1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927"
L2 = "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537"

RAD_PER_DEG = math.pi / 180.0
MIN_PER_DAY = 1440.0
REV_PER_DAY_TO_RAD_PER_MIN = 2.0 * math.pi / MIN_PER_DAY


def checksum(body: str) -> str:
    """The mod-10 checksum of a 68-column line body, computed independently of the reader."""
    return str((sum(int(c) for c in body if c.isdigit()) + body.count("-")) % 10)


def with_checksum(line: str) -> str:
    return line[:68] + checksum(line[:68])


def read(text: str, *, strict: bool = False, name: str = "x.tle"):
    return parse_bytes(text.encode(), name=name, strict=strict)


def only_problem(text: str) -> str:
    result = read(text)
    assert len(result.problems) == 1, [str(p) for p in result.problems]
    return str(result.problems[0])


# -- layouts ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    f"{NAME}\n{L1}\n{L2}\n",  # three-line, bare name, LF
    f"0 {NAME}\r\n{L1}\r\n{L2}\r\n",  # 0-prefixed name, CRLF
    f"{NAME}   \n{L1}   \n{L2}  \t\n\n",  # trailing blanks and a blank line
    f"0 {NAME}\n{L1}\r\n{L2}",  # mixed line ends, no final newline
])
def test_three_line_variants_read_the_same(text):
    result = read(text, strict=True)
    assert result.format == "tle"
    catalog = result.catalog
    assert list(catalog.name) == [NAME]
    assert catalog.norad_id.tolist() == [25544]
    assert catalog.intl_designator.tolist() == ["98067A"]
    assert catalog.classification.tolist() == ["U"]
    assert catalog.source.tolist() == ["x.tle"]


def test_two_line_records_have_empty_names():
    catalog = read(f"{L1}\n{L2}\n{with_checksum(L1.replace('25544', '25545'))}\n"
                   f"{with_checksum(L2.replace('25544', '25545'))}\n", strict=True).catalog
    assert catalog.name.tolist() == ["", ""]
    assert catalog.norad_id.tolist() == [25544, 25545]


def test_values_are_what_the_fields_mean():
    catalog = read(f"{L1}\n{L2}\n", strict=True).catalog
    assert catalog.epoch_jd[0] == 2454729.5  # 2008 day 264 = 2008-09-20, 00:00 UTC
    assert catalog.epoch_fr[0] == 0.51782528
    assert catalog.ndot_rev_day2[0] == -0.00002182
    assert catalog.nddot_rev_day3[0] == 0.0
    assert catalog.bstar_per_er[0] == -0.11606e-4
    assert catalog.inclination_deg[0] == 51.6416
    assert catalog.raan_deg[0] == 247.4627
    assert catalog.eccentricity[0] == 0.0006703
    assert catalog.argp_deg[0] == 130.5360
    assert catalog.mean_anomaly_deg[0] == 325.0288
    assert catalog.mean_motion_rev_day[0] == 15.72125391
    assert catalog.rev_at_epoch[0] == 56353
    assert catalog.element_set_no[0] == 292
    assert catalog.ephemeris_type[0] == 0


@pytest.mark.parametrize("year_digits, year", [("57", 1957), ("99", 1999), ("00", 2000),
                                               ("56", 2056)])
def test_two_digit_years_pivot_at_57(year_digits, year):
    line1 = with_checksum(L1[:18] + year_digits + L1[20:])
    catalog = read(f"{line1}\n{L2}\n", strict=True).catalog
    satrec = Satrec.twoline2rv(line1, L2)
    assert catalog.epoch_jd[0] == satrec.jdsatepoch
    assert catalog.epoch_fr[0] == satrec.jdsatepochF
    jan1 = 2440587.5 + (np.datetime64(f"{year}-01-01") - np.datetime64("1970-01-01")).astype(int)
    assert catalog.epoch_jd[0] == jan1 + 263


@pytest.mark.parametrize("field, number", [
    ("A0000", 100000), ("E8493", 148493), ("H9999", 179999), ("J0000", 180000),
    ("N5000", 225000), ("P0001", 230001), ("Z9999", 339999),
])
def test_alpha5_catalog_numbers(field, number):
    line1 = with_checksum(L1[:2] + field + L1[7:])
    line2 = with_checksum(L2[:2] + field + L2[7:])
    assert read(f"{line1}\n{line2}\n", strict=True).catalog.norad_id.tolist() == [number]


@pytest.mark.parametrize("letter", ["I", "O"])
def test_alpha5_skips_i_and_o(letter):
    line1 = with_checksum(L1[:2] + letter + "0000" + L1[7:])
    line2 = with_checksum(L2[:2] + letter + "0000" + L2[7:])
    assert only_problem(f"{line1}\n{line2}\n") == (
        f"x.tle line 1, column 3: catalog number is '{letter}0000', expected a catalog number"
        " (5 digits, or Alpha-5 like A0001); correct the field or download the element set again"
    )


# -- errors, exact text ----------------------------------------------------------------------

def test_bad_checksum():
    lines = [f"SAT {k}\n{with_checksum(L1.replace('25544', f'{25000 + k}'))}\n"
             f"{with_checksum(L2.replace('25544', f'{25000 + k}'))}\n" for k in range(4)]
    text = "".join(lines).splitlines()
    text[11] = text[11][:68] + "5"  # digits of this line 2 sum to 7 (mod 10)
    assert checksum(text[11][:68]) == "7"
    assert only_problem("\n".join(text) + "\n") == (
        "x.tle line 12, column 69: checksum is 5, the line's digits sum to 7 (mod 10); "
        "the line may be truncated or edited"
    )


def test_column_layout_wrong_shows_line_and_template():
    shifted = L1.replace("98067A   08264", "98067A  08264 ")
    assert only_problem(f"{NAME}\n{shifted}\n{L2}\n") == (
        "x.tle line 2, column 18: line 1 does not follow the TLE column layout: expected a blank"
        " at column 18, found '0'; a character is missing, extra or moved (fields sit in fixed"
        " columns). The line and its template:\n"
        "    1 25544U 98067A  08264 .51782528 -.00002182  00000-0 -11606-4 0  2927\n"
        "    1 NNNNNC NNNNNAAA NNNNN.NNNNNNNN +.NNNNNNNN +NNNNN-N +NNNNN-N N NNNNN"
    )


def test_line_too_long_shows_template():
    assert only_problem(f"{L1}\n{L2}7\n") == (
        "x.tle line 2, column 70: line 2 is 70 characters long where a TLE line has 69; remove"
        " what follows column 69. The line and its template:\n"
        f"    {L2}7\n"
        "    2 NNNNN NNN.NNNN NNN.NNNN NNNNNNN NNN.NNNN NNN.NNNN NN.NNNNNNNNNNNNNN"
    )


def test_non_numeric_field():
    assert only_problem(f"{L1}\n{L2.replace(' 51.6416', ' 5l.6416')}\n") == (
        "x.tle line 2, column 9: inclination is ' 5l.6416', expected degrees like NNN.NNNN;"
        " correct the field or download the element set again"
    )


def test_non_numeric_drag_term():
    assert only_problem(f"{L1.replace('-11606-4', '-11G06-4')}\n{L2}\n") == (
        "x.tle line 1, column 54: B* drag term is '-11G06-4', expected a number like +NNNNN-N;"
        " correct the field or download the element set again"
    )


@pytest.mark.parametrize("old, new, message", [
    (" 51.6416", "181.0000",
     "x.tle line 2, column 9: inclination is 181.0000 deg, expected in [0, 180] deg"),
    ("247.4627", "360.0000", "x.tle line 2, column 18: right ascension of the node is"
     " 360.0000 deg, expected in [0, 360) deg"),
    ("130.5360", "400.0000",
     "x.tle line 2, column 35: argument of perigee is 400.0000 deg, expected in [0, 360) deg"),
    ("325.0288", "360.5000",
     "x.tle line 2, column 44: mean anomaly is 360.5000 deg, expected in [0, 360) deg"),
    ("15.72125391", " 0.00000000", "x.tle line 2, column 53: mean motion is 0.00000000"
     " rev/day, expected more than 0 rev/day"),
])
def test_field_ranges(old, new, message):
    line2 = with_checksum(L2.replace(old, new))
    assert only_problem(f"{L1}\n{line2}\n") == (
        f"{message}; correct the value or download the element set again"
    )


def test_epoch_day_out_of_range():
    line1 = with_checksum(L1.replace("08264.", "07366."))  # 2007 has 365 days
    assert only_problem(f"{line1}\n{L2}\n") == (
        "x.tle line 1, column 21: epoch day is 366.51782528, expected a day of year in [1, 366);"
        " correct the value or download the element set again"
    )


def test_line_numbers_of_one_object_differ():
    line2 = with_checksum(L2.replace("25544", "25545"))
    assert only_problem(f"{NAME}\n{L1}\n{line2}\n") == (
        "x.tle line 3, column 3: line 2 carries catalog number 25545 but its line 1 (line 2)"
        " carries 25544; each line 1 must be followed by the line 2 of the same object"
    )


def test_duplicate_object_names_both_lines():
    other_l1 = with_checksum(L1.replace("08264.51782528", "08265.51782528"))
    result = read(f"{NAME}\n{L1}\n{L2}\nISS AGAIN\n{other_l1}\n{L2}\n")
    assert [str(p) for p in result.problems] == [
        "x.tle line 4: catalog number 25544 appears a second time (first at line 1); keep one"
        " of the two element sets, or import them as separate files"
    ]
    assert result.catalog.name.tolist() == [NAME]


def test_truncated_file_line1_without_line2():
    assert only_problem(f"{NAME}\n{L1}\n{L2}\nNEXT\n{L1}\n") == (
        "x.tle line 5: line 1 of catalog number 25544 has no line 2 (the file ends after it);"
        " the file may be truncated; download it again"
    )


def test_cut_off_line():
    assert only_problem(f"{NAME}\n{L1}\n{L2[:40]}\n") == (
        "x.tle line 3, column 41: line 2 is cut off: 40 characters where a TLE line has 69;"
        " the file may be truncated; download or copy it again"
    )


def test_line1_followed_by_another_line1():
    other_l1 = with_checksum(L1.replace("25544", "25545"))
    other_l2 = with_checksum(L2.replace("25544", "25545"))
    result = read(f"{L1}\n{other_l1}\n{other_l2}\n")
    assert [str(p) for p in result.problems] == [
        "x.tle line 1: line 1 of catalog number 25544 has no line 2 (line 2 is another line 1);"
        " the file may be truncated or a line was deleted; restore the missing line 2"
    ]
    assert result.catalog.norad_id.tolist() == [25545]


def test_line2_without_line1():
    assert only_problem(f"{L2}\n") == (
        "x.tle line 1: line 2 of catalog number 25544 has no line 1 before it; restore the"
        " missing line 1 or remove this line"
    )


def test_stray_name_line():
    assert only_problem(f"STRAY\n{NAME}\n{L1}\n{L2}\n") == (
        "x.tle line 1: name line 'STRAY' is not followed by a line 1 (line 2 is a name line);"
        " remove the stray line or restore its element set"
    )


def test_error_classes_and_fields():
    errors = read(f"{L1[:68]}5\n{L2}\n").problems
    assert isinstance(errors[0], ValidationError)
    assert (errors[0].line, errors[0].column, errors[0].field) == (1, 69, "checksum")
    cut = read(f"{L1[:30]}\n{L2}\n").problems
    assert isinstance(cut[0], ParseError)


def test_strict_lists_every_bad_record():
    text = f"{L1[:68]}0\n{L2}\n{L1}\n{L2[:68]}0\n"
    with pytest.raises(CatalogProblems) as raised:
        read(text, strict=True)
    assert [e.line for e in raised.value.problems] == [1, 4]
    assert str(raised.value).startswith("2 invalid records; nothing was imported")


# -- the real catalogs -----------------------------------------------------------------------

@needs_data
@pytest.mark.parametrize("file", sorted(REAL))
def test_real_catalogs_read_without_problems(file):
    started = time.perf_counter()
    result = read_catalog(DATA / file)
    elapsed_s = time.perf_counter() - started
    print(f"{file}: {len(result.catalog)} objects in {elapsed_s:.2f} s")
    assert len(result.catalog) == REAL[file]
    assert result.problems == []
    assert result.catalog.source[0] == str(DATA / file)


@needs_data
def test_al_farabi_2_in_the_active_catalog():
    catalog = read_catalog(DATA / "celestrak-active-2025-10-03.tle").catalog
    assert catalog.select([43805]).name.tolist() == ["AL-FARABI 2"]
    assert catalog.select([39731]).name.tolist() == ["KAZEOSAT 1"]


@needs_data
@pytest.mark.parametrize("file", sorted(REAL))
def test_real_catalogs_agree_with_python_sgp4(file):
    """Every element equals python-sgp4's ``Satrec.twoline2rv`` within 1e-12 (relative)."""
    catalog = read_catalog(DATA / file).catalog
    lines = [line.rstrip() for line in (DATA / file).read_text().splitlines()]
    pairs = [(a, b) for a, b in zip(lines, lines[1:], strict=False)
             if a.startswith("1 ") and b.startswith("2 ")]
    satrecs = [Satrec.twoline2rv(a, b) for a, b in pairs]
    ours = {
        "satnum": catalog.norad_id,
        "jdsatepoch": catalog.epoch_jd,
        "jdsatepochF": catalog.epoch_fr,
        "inclo": catalog.inclination_deg * RAD_PER_DEG,
        "nodeo": catalog.raan_deg * RAD_PER_DEG,
        "ecco": catalog.eccentricity,
        "argpo": catalog.argp_deg * RAD_PER_DEG,
        "mo": catalog.mean_anomaly_deg * RAD_PER_DEG,
        "no_kozai": catalog.mean_motion_rev_day * REV_PER_DAY_TO_RAD_PER_MIN,
        "bstar": catalog.bstar_per_er,
        "ndot": catalog.ndot_rev_day2 * REV_PER_DAY_TO_RAD_PER_MIN / MIN_PER_DAY,
        "nddot": catalog.nddot_rev_day3 * REV_PER_DAY_TO_RAD_PER_MIN / MIN_PER_DAY**2,
    }
    for attribute, value in ours.items():
        theirs = np.array([getattr(s, attribute) for s in satrecs])
        np.testing.assert_allclose(value, theirs, rtol=1e-12, atol=0, err_msg=attribute)
    assert np.array_equal(catalog.epoch_jd, [s.jdsatepoch for s in satrecs])
    assert np.abs(catalog.epoch_fr - [s.jdsatepochF for s in satrecs]).max() <= 1e-12
