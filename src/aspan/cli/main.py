"""The ``aspan`` command: one Typer app, one sub-app per pillar.

Errors: an ``AspanError`` prints its one-line message to stderr and exits 2; anything else is
an internal failure: one line to stderr, exit 1 (``ASPAN_DEBUG=1`` shows the traceback).
"""

from __future__ import annotations

import os
import sys
import warnings

import typer

from aspan.errors import AspanError, AspanWarning

app = typer.Typer(
    name="aspan",
    help="Aspan: catalogs and SGP4, passes, the Moon as an observatory, spaceports.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _register() -> None:
    from aspan.cli import catalog, conjunctions, propagate, serve, sites
    from aspan.cli import launch as launch_cli
    from aspan.cli import moon as moon_cli
    from aspan.cli import passes as passes_cli

    app.add_typer(catalog.app, name="catalog")
    app.add_typer(sites.app, name="sites")
    app.add_typer(moon_cli.app, name="moon")
    app.add_typer(launch_cli.app, name="launch")
    app.add_typer(launch_cli.spaceports_app, name="spaceports")
    app.command("propagate")(propagate.propagate)
    app.command("serve")(serve.serve)
    app.command("conjunctions")(conjunctions.conjunctions)
    app.command("passes")(passes_cli.passes)
    app.command("crossings")(passes_cli.crossings)
    app.add_typer(__import__("aspan.cli.observe", fromlist=["app"]).app, name="observe")


_register()


def main(argv: list[str] | None = None) -> int:
    """Console entry point; returns the exit code (0, 1 internal, 2 bad input)."""
    with warnings.catch_warnings():
        warnings.showwarning = _show_warning
        return _main(argv)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """An ``AspanWarning`` as one ``aspan: warning:`` line on stderr; others as Python shows them."""
    if issubclass(category, AspanWarning):
        print(f"aspan: warning: {message}", file=sys.stderr)
    else:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def _main(argv: list[str] | None) -> int:
    try:
        result = app(args=argv, standalone_mode=False)
    except AspanError as error:
        print(f"aspan: {error}", file=sys.stderr)
        return 2
    except SystemExit as done:
        return int(done.code or 0)
    except Exception as error:  # noqa: BLE001 - the one place that turns bugs into exit 1
        # Typer's own click exceptions: usage errors (exit 2), Exit(n) and Abort.
        if hasattr(error, "show") and hasattr(error, "exit_code"):
            error.show()
            return int(error.exit_code)
        if hasattr(error, "exit_code"):
            return int(error.exit_code)
        if type(error).__name__ == "Abort":
            print("aspan: aborted", file=sys.stderr)
            return 1
        if os.environ.get("ASPAN_DEBUG"):
            raise
        print(f"aspan: internal error: {type(error).__name__}: {error} "
              "(set ASPAN_DEBUG=1 for the traceback and report it)", file=sys.stderr)
        return 1
    return int(result) if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
