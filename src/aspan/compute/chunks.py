"""Object x time chunking and streaming writers for state tables.

Work on ``n_objects x n_times`` states is cut into blocks of at most ``chunk_objects`` objects
and ``chunk_times`` times, so that a week of the whole catalog at one minute (26,389 x 10,080,
6 GB of float64 states) is written to disk without being held. Writers take one block of whole
objects (all their times) at a time and append it, so the file's rows come out in one order,
objects in catalog order and each object's times in order, whatever the chunking.

Formats (``FORMATS``):

* ``csv``: header ``norad_id,time_utc,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s,error``, one row
  per object and time, times as ISO-8601 UTC with microseconds and ``Z``, floats in their
  shortest round-trip form, ``nan`` where SGP4 failed (``error != 0``).
* ``json``: one array of records with the same keys (``null`` where SGP4 failed).
* ``parquet``: the same columns, ``time_utc`` as ``timestamp[us, UTC]``.
* ``npz``: arrays ``norad_id (n,)``, ``time_utc (n_times,)`` or ``(n, n_times)`` as
  ``datetime64[us]`` (UTC), ``r_km``/``v_km_s (n, n_times, 3)``, ``error (n, n_times)`` and
  ``frame``; built from temporary ``.npy`` files next to the output, then packed.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np

FORMATS = ("csv", "json", "parquet", "npz")
COLUMNS = ("norad_id", "time_utc", "x_km", "y_km", "z_km", "vx_km_s", "vy_km_s", "vz_km_s",
           "error")
#: bytes of one state held while a block is built: r, v (6 float64), error, time
BYTES_PER_STATE = 6 * 8 + 1 + 8
#: default memory for one block of states
DEFAULT_BLOCK_BYTES = 32 * 2**20
#: Julian date of 1970-01-01T00:00 UTC
UNIX_EPOCH_JD = 2440587.5


def chunk_slices(n: int, size: int | None) -> Iterator[slice]:
    """``slice`` objects covering ``range(n)`` in pieces of ``size`` (all of it if None)."""
    size = n if not size or size >= n else int(size)
    for start in range(0, n, max(size, 1)):
        yield slice(start, min(start + size, n))


def choose_chunks(n_objects: int, n_times: int, chunk_objects: int | None = None,
                  chunk_times: int | None = None, *,
                  block_bytes: int = DEFAULT_BLOCK_BYTES) -> tuple[int, int]:
    """``(chunk_objects, chunk_times)``: the given ones, or sizes whose block fits ``block_bytes``.

    Times are chunked only when one object's times alone exceed the budget.
    """
    for name, value in (("chunk_objects", chunk_objects), ("chunk_times", chunk_times)):
        if value is not None and int(value) < 1:
            from aspan.errors import InputError

            raise InputError(f"{name} is {value}, it must be a positive integer", field=name,
                             value=value)
    per_state = BYTES_PER_STATE
    if chunk_times is None:
        chunk_times = max(1, min(n_times, block_bytes // per_state))
    if chunk_objects is None:
        chunk_objects = max(1, min(n_objects, block_bytes // (per_state * max(chunk_times, 1))))
    return max(1, min(int(chunk_objects), max(n_objects, 1))), max(1, min(int(chunk_times),
                                                                         max(n_times, 1)))


def utc_jd_to_unix_us(whole: np.ndarray, frac: np.ndarray) -> np.ndarray:
    """Split UTC Julian dates to integer microseconds since 1970-01-01 (int64, rounded)."""
    days = np.asarray(whole, dtype=np.float64) - UNIX_EPOCH_JD
    return (np.rint(days).astype(np.int64) * 86_400_000_000
            + np.rint(np.asarray(frac, dtype=np.float64) * 86_400e6).astype(np.int64))


def iso_utc(unix_us: np.ndarray) -> np.ndarray:
    """ISO-8601 UTC strings with microseconds and ``Z`` for microseconds since 1970."""
    return np.datetime_as_string(np.asarray(unix_us).astype("datetime64[us]"), unit="us",
                                 timezone="UTC")


def open_writer(path, fmt: str, *, frame: str = "teme"):
    """A writer for ``fmt`` (see ``FORMATS``) to ``path`` (a path, or a text stream for csv/json)."""
    cls = {"csv": CsvWriter, "json": JsonWriter, "parquet": ParquetWriter, "npz": NpzWriter}
    return cls[fmt](path, frame=frame)


class _Writer:
    """Base: ``write(norad_id, time_us, r_km, v_km_s, error)`` per block, then ``close()``.

    ``norad_id`` (k,), ``time_us`` (n_times,) or (k, n_times) microseconds since 1970 UTC,
    ``r_km``/``v_km_s`` (k, n_times, 3), ``error`` (k, n_times).
    """

    def __init__(self, path, *, frame: str = "teme") -> None:
        self.path = path
        self.frame = frame
        self.rows = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close(ok=exc[0] is None)

    def close(self, ok: bool = True) -> None:  # pragma: no cover - overridden
        pass


def _table(norad_id, time_us, r_km, v_km_s, error, *, time_as_text: bool):
    import pyarrow as pa

    k, n_times = error.shape
    times = np.broadcast_to(np.asarray(time_us, dtype=np.int64), (k, n_times)).reshape(-1)
    if time_as_text:
        time_col = pa.array(iso_utc(times))
    else:
        time_col = pa.array(times.astype("datetime64[us]"), type=pa.timestamp("us", tz="UTC"))
    r = r_km.reshape(-1, 3)
    v = v_km_s.reshape(-1, 3)
    return pa.table({
        "norad_id": pa.array(np.repeat(np.asarray(norad_id, dtype=np.int64), n_times)),
        "time_utc": time_col,
        "x_km": r[:, 0], "y_km": r[:, 1], "z_km": r[:, 2],
        "vx_km_s": v[:, 0], "vy_km_s": v[:, 1], "vz_km_s": v[:, 2],
        "error": pa.array(error.reshape(-1).astype(np.int64)),
    })


class CsvWriter(_Writer):
    """CSV through pyarrow's C++ writer (fast), header written once, unquoted."""

    def __init__(self, path, *, frame: str = "teme") -> None:
        super().__init__(path, frame=frame)
        self._own = not hasattr(path, "write")
        self._stream = open(path, "wb") if self._own else path  # noqa: SIM115
        self._write((",".join(COLUMNS) + "\n").encode("ascii"))

    def _write(self, data: bytes) -> None:
        """Bytes to a binary file, to a text stream's buffer, or decoded to a text stream."""
        stream = self._stream
        if self._own:
            stream.write(data)
        elif hasattr(stream, "buffer"):
            stream.flush()
            stream.buffer.write(data)
        else:
            stream.write(bytes(data).decode("ascii"))

    def write(self, norad_id, time_us, r_km, v_km_s, error) -> None:
        import pyarrow.csv as pacsv

        table = _table(norad_id, time_us, r_km, v_km_s, error, time_as_text=True)
        sink = io.BytesIO()
        pacsv.write_csv(table, sink, pacsv.WriteOptions(include_header=False,
                                                        quoting_style="none"))
        self._write(sink.getbuffer())
        self.rows += table.num_rows

    def close(self, ok: bool = True) -> None:
        self._stream.flush()
        if hasattr(self._stream, "buffer"):
            self._stream.buffer.flush()
        if self._own:
            self._stream.close()


class JsonWriter(_Writer):
    """One JSON array of records, streamed (``null`` for NaN)."""

    def __init__(self, path, *, frame: str = "teme") -> None:
        super().__init__(path, frame=frame)
        self._own = not hasattr(path, "write")
        self._stream = open(path, "w") if self._own else path  # noqa: SIM115
        self._stream.write("[")

    def write(self, norad_id, time_us, r_km, v_km_s, error) -> None:
        k, n_times = error.shape
        times = iso_utc(np.broadcast_to(np.asarray(time_us, dtype=np.int64), (k, n_times)))
        parts = []
        for i in range(k):
            for j in range(n_times):
                r, v = r_km[i, j], v_km_s[i, j]
                finite = bool(np.isfinite(r).all() and np.isfinite(v).all())
                values = [float(x) if finite else None for x in (*r, *v)]
                record = dict(zip(COLUMNS, [int(norad_id[i]), str(times[i, j]), *values,
                                            int(error[i, j])], strict=True))
                parts.append(json.dumps(record, allow_nan=False))
        if parts:
            self._stream.write(("," if self.rows else "") + "\n" + ",\n".join(parts))
            self.rows += len(parts)

    def close(self, ok: bool = True) -> None:
        self._stream.write("\n]\n")
        self._stream.flush()
        if self._own:
            self._stream.close()


class ParquetWriter(_Writer):
    """Parquet, one row group per block."""

    def __init__(self, path, *, frame: str = "teme") -> None:
        super().__init__(path, frame=frame)
        self._writer = None

    def write(self, norad_id, time_us, r_km, v_km_s, error) -> None:
        import pyarrow.parquet as pq

        table = _table(norad_id, time_us, r_km, v_km_s, error, time_as_text=False)
        if self._writer is None:
            meta = {b"aspan.frame": self.frame.encode()}
            self._writer = pq.ParquetWriter(self.path, table.schema.with_metadata(meta))
        self._writer.write_table(table.replace_schema_metadata(
            {b"aspan.frame": self.frame.encode()}))
        self.rows += table.num_rows

    def close(self, ok: bool = True) -> None:
        if self._writer is None:  # no block: write an empty table with the schema
            empty = np.zeros((0, 0))
            self.write(np.zeros(0, np.int64), np.zeros(0, np.int64), empty.reshape(0, 0, 3),
                       empty.reshape(0, 0, 3), empty.astype(np.uint8))
        self._writer.close()


class NpzWriter(_Writer):
    """``.npz`` of whole arrays, streamed through temporary ``.npy`` files beside ``path``."""

    _ARRAYS = ("r_km", "v_km_s", "error", "norad_id", "time_utc")

    def __init__(self, path, *, frame: str = "teme") -> None:
        super().__init__(path, frame=frame)
        self.path = Path(path)
        self._parts = {name: self.path.with_name(f".{self.path.name}.{name}.part")
                       for name in self._ARRAYS}
        self._files = {name: open(p, "wb") for name, p in self._parts.items()}  # noqa: SIM115
        self._n = 0
        self._n_times = None
        self._time_shape = None

    def write(self, norad_id, time_us, r_km, v_km_s, error) -> None:
        k, n_times = error.shape
        self._n_times = n_times
        time_us = np.asarray(time_us, dtype=np.int64)
        if time_us.ndim == 1:
            if self._time_shape is None:
                self._files["time_utc"].write(time_us.tobytes())
            self._time_shape = "shared"
        else:
            self._files["time_utc"].write(np.ascontiguousarray(time_us).tobytes())
            self._time_shape = "per_object"
        self._files["r_km"].write(np.ascontiguousarray(r_km, dtype=np.float64).tobytes())
        self._files["v_km_s"].write(np.ascontiguousarray(v_km_s, dtype=np.float64).tobytes())
        self._files["error"].write(np.ascontiguousarray(error, dtype=np.uint8).tobytes())
        self._files["norad_id"].write(np.asarray(norad_id, dtype=np.int64).tobytes())
        self._n += k
        self.rows += k * n_times

    def close(self, ok: bool = True) -> None:
        for f in self._files.values():
            f.close()
        try:
            if ok:
                self._pack()
        finally:
            for p in self._parts.values():
                p.unlink(missing_ok=True)

    def _pack(self) -> None:
        n, t = self._n, self._n_times or 0
        time_shape = (t,) if self._time_shape != "per_object" else (n, t)
        specs = {
            "r_km": (np.dtype(np.float64), (n, t, 3)),
            "v_km_s": (np.dtype(np.float64), (n, t, 3)),
            "error": (np.dtype(np.uint8), (n, t)),
            "norad_id": (np.dtype(np.int64), (n,)),
            "time_utc": (np.dtype("datetime64[us]"), time_shape),
        }
        with zipfile.ZipFile(self.path, "w", compression=zipfile.ZIP_STORED,
                             allowZip64=True) as zf:
            for name, (dtype, shape) in specs.items():
                with zf.open(f"{name}.npy", "w", force_zip64=True) as out:
                    header = {"descr": np.lib.format.dtype_to_descr(dtype),
                              "fortran_order": False, "shape": shape}
                    np.lib.format.write_array_header_1_0(out, header) if _fits_v1(header) \
                        else np.lib.format.write_array_header_2_0(out, header)
                    with open(self._parts[name], "rb") as part:
                        while block := part.read(2**20):
                            out.write(block)
            frame = io.BytesIO()
            np.save(frame, np.array(self.frame))
            zf.writestr("frame.npy", frame.getvalue())


def _fits_v1(header: dict) -> bool:
    buffer = io.BytesIO()
    try:
        np.lib.format.write_array_header_1_0(buffer, header)
    except ValueError:
        return False
    return True


def remove_quietly(path) -> None:
    """Delete ``path`` if it exists (a partial output after a failure)."""
    try:
        os.unlink(path)
    except (FileNotFoundError, TypeError):
        pass
