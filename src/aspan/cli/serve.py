"""`aspan serve`: start the web service (uvicorn)."""

import typer


def serve(
    host: str = typer.Option("127.0.0.1", help="address to listen on"),
    port: int = typer.Option(8000, help="TCP port"),
) -> None:
    """Start the Aspan web service."""
    import uvicorn

    uvicorn.run("aspan.service.app:app", host=host, port=port, log_level="info")
