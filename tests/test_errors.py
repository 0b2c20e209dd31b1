"""Error messages: exact text, locations, and the HTTP status table."""

from aspan.errors import (
    AspanError,
    CatalogProblems,
    InputError,
    NetworkError,
    NotFoundError,
    ParseError,
    StoreError,
    http_status,
)


def test_message_names_file_line_column_and_fix():
    error = ParseError(
        "checksum is 5, the line's digits sum to 7 (mod 10)",
        file="catalog.tle", line=12, column=69, hint="the line may be truncated or edited",
    )
    assert str(error) == (
        "catalog.tle line 12, column 69: checksum is 5, the line's digits sum to 7 (mod 10); "
        "the line may be truncated or edited"
    )


def test_partial_locations():
    assert str(InputError("bad", file="a.csv")) == "a.csv: bad"
    assert str(InputError("bad", line=3)) == "line 3: bad"
    assert str(InputError("bad")) == "bad"


def test_catalog_problems_lists_first_twenty():
    problems = [ParseError(f"problem {i}", file="f.tle", line=i) for i in range(1, 26)]
    text = str(CatalogProblems(problems))
    assert text.startswith("25 invalid records; nothing was imported (use --skip-invalid")
    assert "f.tle line 20: problem 20" in text
    assert "f.tle line 21" not in text
    assert text.endswith("... and 5 more")


def test_http_status_table():
    assert http_status(NotFoundError("x")) == 404
    assert http_status(ParseError("x")) == 422
    assert http_status(NetworkError("x")) == 502
    assert http_status(StoreError("x")) == 503
    assert http_status(AspanError("x")) == 400
