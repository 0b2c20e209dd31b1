"""`aspan sites`: (being written)."""

import typer

app = typer.Typer(help="sites commands", no_args_is_help=True)
