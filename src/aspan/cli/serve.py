"""`aspan serve`: start the web service (uvicorn) on the store shared with the CLI."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer


def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port", min=1, max=65535)] = 8000,
    store: Annotated[Path | None, typer.Option(
        "--store", metavar="PATH", help="SQLite store [default: $ASPAN_STORE, else "
        "$ASPAN_HOME/aspan.db]", show_default=False)] = None,
) -> None:
    """Start the Aspan web service: the API under /api/v1 and the dashboard at /."""
    import uvicorn

    from aspan.catalog.store_schema import default_store_path

    if store is not None:
        os.environ["ASPAN_STORE"] = str(store.expanduser().resolve())
    path = os.environ.get("ASPAN_STORE") or default_store_path()
    print(f"aspan: store {path}; dashboard http://{host}:{port}/", flush=True)
    if not os.environ.get("ASPAN_API_TOKEN"):
        print("aspan: ASPAN_API_TOKEN is not set: reading only (catalog import/update and "
              "jobs are refused)", flush=True)
    uvicorn.run("aspan.service.app:create_app", factory=True, host=host, port=port,
                log_level="warning", access_log=False)
