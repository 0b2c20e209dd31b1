"""`aspan propagate` (being written)."""


def propagate() -> None:
    """Propagate element sets with SGP4 (being written)."""
    raise NotImplementedError
