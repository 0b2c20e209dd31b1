"""The ``aspan`` command: one Typer app, one sub-app per pillar.

Errors: an ``AspanError`` prints its one-line message to stderr and exits 2; anything else is
an internal failure: one line to stderr, exit 1 (``ASPAN_DEBUG=1`` shows the traceback).
"""

from __future__ import annotations

import os
import sys

import typer

from aspan.errors import AspanError

app = typer.Typer(
    name="aspan",
    help="Aspan: catalogs and SGP4, passes, the Moon as an observatory, spaceports.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _register() -> None:
    from aspan.cli import catalog, propagate, serve, sites

    app.add_typer(catalog.app, name="catalog")
    app.add_typer(sites.app, name="sites")
    app.command("propagate")(propagate.propagate)
    app.command("serve")(serve.serve)


_register()


def main(argv: list[str] | None = None) -> int:
    """Console entry point; returns the exit code (0, 1 internal, 2 bad input)."""
    try:
        app(args=argv, standalone_mode=False)
    except AspanError as error:
        print(f"aspan: {error}", file=sys.stderr)
        return _exit(2)
    except typer.Abort:
        print("aspan: aborted", file=sys.stderr)
        return _exit(1)
    except (typer.Exit, SystemExit) as done:
        code = getattr(done, "exit_code", None)
        if code is None:
            code = getattr(done, "code", 0)
        return _exit(int(code or 0))
    except Exception as error:  # noqa: BLE001 - the one place that turns bugs into exit 1
        import click

        if isinstance(error, click.ClickException):
            error.show()
            return _exit(2)
        if os.environ.get("ASPAN_DEBUG"):
            raise
        print(f"aspan: internal error: {type(error).__name__}: {error} "
              "(set ASPAN_DEBUG=1 for the traceback and report it)", file=sys.stderr)
        return _exit(1)
    return _exit(0)


def _exit(code: int) -> int:
    return code


if __name__ == "__main__":
    sys.exit(main())
