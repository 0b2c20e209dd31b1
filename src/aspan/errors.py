"""Errors that teach.

Every exception Aspan raises on purpose is an :class:`AspanError`. It carries the data of
where the problem is (file, line, column, field, value) and a message that says what was
expected, what came, and how to fix it. The CLI prints ``str(error)`` on one line to stderr
and exits 2; the service maps each class to one HTTP status (see ``HTTP_STATUS``).
"""

from __future__ import annotations


class AspanError(Exception):
    """Base class. ``message`` is the human sentence; location fields are optional."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
        value: object = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.value = value
        self.hint = hint
        super().__init__(self.__str__())

    def where(self) -> str:
        """``file line L, column C``, or whichever of those parts are known."""
        location = ", ".join(
            f"{label} {value}"
            for label, value in (("line", self.line), ("column", self.column))
            if value is not None
        )
        return " ".join(part for part in (self.file, location) if part)

    def __str__(self) -> str:
        where = self.where()
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text = f"{text}; {self.hint}"
        return text


class InputError(AspanError):
    """The user's input (a file, a value, an option) is malformed or out of range."""


class ParseError(InputError):
    """A file could not be read as the format it claims to be."""


class ValidationError(InputError):
    """A record was read but a value is impossible (checksum, range, consistency)."""


class CatalogProblems(InputError):
    """Several invalid records in one import; ``problems`` holds each ``AspanError``."""

    def __init__(self, problems: list[AspanError], total: int | None = None, shown: int = 20):
        self.problems = list(problems)
        self.total = total if total is not None else len(self.problems)
        lines = [str(p) for p in self.problems[:shown]]
        more = self.total - len(lines)
        head = (
            f"{self.total} invalid record{'s' if self.total != 1 else ''}; nothing was imported"
            " (use --skip-invalid to import the valid records)"
        )
        body = "\n  ".join(lines)
        tail = f"\n  ... and {more} more" if more > 0 else ""
        super().__init__(f"{head}:\n  {body}{tail}")


class NotFoundError(AspanError):
    """A named thing (object, site, job, file) does not exist."""


class OutOfRangeError(InputError):
    """A time or value lies outside what the data or the model covers (e.g. DE421 1900-2050)."""


class StoreError(AspanError):
    """The embedded store cannot be opened or written."""


class NetworkError(AspanError):
    """A remote service (CelesTrak) could not be reached or answered badly."""


class AspanWarning(UserWarning):
    """Something worked but deserves a look; the CLI prints it as one ``aspan: warning:`` line."""


class StaleElementsWarning(AspanWarning):
    """Element sets are used 30 days or more from their epoch (SGP4 errors grow fast)."""


#: One HTTP status per class, most specific first (used by the service).
HTTP_STATUS: list[tuple[type[AspanError], int]] = [
    (NotFoundError, 404),
    (InputError, 422),
    (NetworkError, 502),
    (StoreError, 503),
    (AspanError, 400),
]


def http_status(error: AspanError) -> int:
    """The HTTP status for ``error`` from ``HTTP_STATUS``."""
    for cls, status in HTTP_STATUS:
        if isinstance(error, cls):
            return status
    return 400
