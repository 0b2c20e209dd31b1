"""Helpers shared by the CLI modules: --store, --catalog and --json options, output, progress.

Output rules: with ``--json`` the result is JSON on stdout and nothing else goes there;
messages and progress go to stderr; errors are ``AspanError`` (exit 2, see ``cli.main``).
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from aspan.catalog.reports import (  # noqa: F401 - re-exported for the CLI modules
    UNIX_EPOCH_JD,
    age_days,
    epoch_datetime,
    epoch_iso,
    now_jd_utc,
    parse_norads,
)
from aspan.core.jsonable import json_default

StoreOption = Annotated[Path | None, typer.Option(
    "--store", metavar="PATH", help="SQLite store [default: $ASPAN_HOME/aspan.db, "
    "ASPAN_HOME defaults to ~/.local/share/aspan]", show_default=False)]
CatalogOption = Annotated[Path | None, typer.Option(
    "--catalog", metavar="FILE", help="read element sets from FILE (TLE, 3LE, OMM) instead of "
    "the store", show_default=False)]
JsonOption = Annotated[bool, typer.Option("--json", help="machine-readable JSON on stdout")]
NoradOption = Annotated[list[str] | None, typer.Option(
    "--norad", metavar="N[,N...]", help="catalog numbers (repeat or separate with commas)",
    show_default=False)]



def open_store(path: Path | None):
    """The store at ``path`` (default ``$ASPAN_HOME/aspan.db``)."""
    from aspan.catalog.store import Store

    return Store(path)


def load_from_options(catalog: Path | None, store: Path | None, *, norad=None, names=None):
    """The ``Catalog`` a command works on: ``--catalog FILE`` if given, else the store's
    latest element set per object; ``norad`` and ``names`` select objects."""
    from aspan.catalog.load import load_catalog

    return load_catalog(catalog, store=store, norad=norad, names=names)


# -- output ---------------------------------------------------------------------------------

def stdout_console() -> Console:
    out = sys.stdout
    return Console(file=out, width=None if out.isatty() else 120, highlight=False)


def stderr_console() -> Console:
    err = sys.stderr
    return Console(file=err, width=None if err.isatty() else 120, highlight=False)


def emit_json(data) -> None:
    """Write ``data`` as JSON to stdout (numpy values become plain numbers)."""
    sys.stdout.write(json.dumps(data, indent=2, default=json_default, ensure_ascii=False))
    sys.stdout.write("\n")
    sys.stdout.flush()


def warn(message: str) -> None:
    """One line to stderr."""
    print(f"aspan: {message}", file=sys.stderr)


def print_table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence],
                *, justify: dict[str, str] | None = None,
                no_wrap: Sequence[str] = ()) -> None:
    """A rich table on stdout; columns in ``no_wrap`` are never broken over lines."""
    justify = justify or {}
    table = Table(title=title, title_justify="left", header_style="bold")
    for column in columns:
        table.add_column(column, justify=justify.get(column, "left"), overflow="fold",
                         no_wrap=column in no_wrap)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    stdout_console().print(table)


@contextmanager
def progress_reporter(enabled: bool = True) -> Iterator:
    """A ``progress(description, done, total)`` callback drawing a rich progress bar on
    stderr, or None. Drawn when ``enabled`` and stderr is a terminal (or ASPAN_PROGRESS=1)."""
    show = enabled and (sys.stderr.isatty() or os.environ.get("ASPAN_PROGRESS") == "1")
    if not show:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    tasks: dict[str, int] = {}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=stderr_console(), transient=False) as bar:
        def progress(description: str, done: int, total: int) -> None:
            if description not in tasks:
                tasks[description] = bar.add_task(description, total=total)
            bar.update(tasks[description], completed=done, total=total)

        yield progress


# -- times ----------------------------------------------------------------------------------

def fmt_age(days: float) -> str:
    return "" if not math.isfinite(days) else f"{days:.2f}"
