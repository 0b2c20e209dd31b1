"""Where a list of independent tasks runs: this process (default) or a Dask cluster.

    executor = get_executor(scheduler)          # None: ASPAN_DASK_SCHEDULER, else local
    results = executor.map(fn, tasks, shared=big_input, progress=callback)

``fn(task, shared)`` must be a module-level function; ``results`` come back in the order of
``tasks`` whatever ran them, so a caller that merges them deterministically gets identical
output locally and on a cluster. Locally tasks run one after another in this process; each
uses all cores through numba's threads. On Dask, ``shared`` is scattered once to the workers
and each task is one future; the dashboard (``client.dashboard_link``) shows the progress.
``progress(done, total)`` is called as tasks finish, in both cases.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from aspan.errors import InputError

#: the environment variable naming a Dask scheduler (``tcp://host:8786``)
SCHEDULER_ENV = "ASPAN_DASK_SCHEDULER"

Progress = Callable[[int, int], None]


class LocalExecutor:
    """Run tasks here, in order (numba threads inside each task use every core)."""

    name = "local"
    dashboard_link = None

    def map(self, fn, tasks: Sequence, shared=None, progress: Progress | None = None) -> list:
        out = []
        for done, task in enumerate(tasks, 1):
            out.append(fn(task, shared))
            if progress is not None:
                progress(done, len(tasks))
        return out

    def close(self) -> None:
        pass


class DaskExecutor:
    """Run tasks on a Dask cluster: a ``distributed.Client``, or the address of a scheduler."""

    name = "dask"

    def __init__(self, client_or_address) -> None:
        try:
            from distributed import Client
        except ImportError as error:  # pragma: no cover - a declared dependency
            raise InputError("Dask is not installed", hint='pip install "dask[distributed]"') \
                from error
        self._owned = not isinstance(client_or_address, Client)
        if self._owned:
            try:
                self.client = Client(str(client_or_address), timeout="20s")
            except OSError as error:
                raise InputError(f"cannot reach the Dask scheduler at {client_or_address}: "
                                 f"{error}", field="scheduler", value=str(client_or_address),
                                 hint="start one with `dask scheduler` and `dask worker ADDR`, "
                                 "or leave --scheduler out to run here") from None
        else:
            self.client = client_or_address
        self.dashboard_link = getattr(self.client, "dashboard_link", None)

    def map(self, fn, tasks: Sequence, shared=None, progress: Progress | None = None) -> list:
        from distributed import as_completed

        if not tasks:
            return []
        shared_future = self.client.scatter(shared, broadcast=True) if shared is not None \
            else None
        futures = [self.client.submit(fn, task, shared_future, pure=False) for task in tasks]
        position = {f.key: k for k, f in enumerate(futures)}
        out: list = [None] * len(futures)
        for done, future in enumerate(as_completed(futures), 1):
            out[position[future.key]] = future.result()
            if progress is not None:
                progress(done, len(futures))
        return out

    def close(self) -> None:
        if self._owned:
            self.client.close()


def get_executor(scheduler=None):
    """``scheduler``: None (then ``$ASPAN_DASK_SCHEDULER``, else local), ``'local'``, an
    address ``tcp://host:8786``, a ``distributed.Client``, or an executor (returned as is)."""
    if isinstance(scheduler, (LocalExecutor, DaskExecutor)):
        return scheduler
    if scheduler is None:
        scheduler = os.environ.get(SCHEDULER_ENV, "").strip() or None
    if scheduler is None or scheduler == "local":
        return LocalExecutor()
    return DaskExecutor(scheduler)
