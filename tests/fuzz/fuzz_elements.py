"""atheris harness for the element-set parser (``aspan.catalog.formats.parse_bytes``).

Not a pytest module (the name does not start with ``test_``). Run it with the ``fuzz`` extra:

    .venv/bin/pip install -e '.[fuzz]'
    .venv/bin/python tests/fuzz/fuzz_elements.py /tmp/fuzz-work tests/fuzz/corpus \\
        -max_total_time=600 -timeout=10 -rss_limit_mb=2048 -max_len=8192

The rule checked: any bytes give a catalog (strict=False: valid records plus problems) or an
``AspanError``; any other exception is a crash. A catalog that comes back must hold only values
``validate.RULES`` allows. libFuzzer's ``-timeout`` catches hangs and ``-rss_limit_mb`` memory.
Findings and the run are recorded in docs/reliability.md.
"""

from __future__ import annotations

import os
import sys

import atheris
import numpy as np  # noqa: F401  (imported before instrumentation: not worth instrumenting)

with atheris.instrument_imports(include=["aspan"]):
    from aspan.catalog.formats import parse_bytes
    from aspan.errors import AspanError


def check(data: bytes) -> None:
    """Parse ``data`` lenient and strict; raise AssertionError when the rule breaks."""
    try:
        result = parse_bytes(data, name="<fuzz>", strict=False)
    except AspanError as error:
        assert str(error), "an AspanError without a message"
        return
    catalog = result.catalog
    assert result.format in ("tle", "omm-xml", "omm-json", "omm-csv")
    for problem in result.problems:
        assert isinstance(problem, AspanError) and str(problem)
    if len(catalog):
        e = catalog.eccentricity
        assert np.all((e >= 0) & (e < 1)), e
        assert np.all(catalog.mean_motion_rev_day > 0)
        assert np.all((catalog.inclination_deg >= 0) & (catalog.inclination_deg <= 180))
        assert np.all((catalog.epoch_fr >= 0) & (catalog.epoch_fr < 1))
        assert len(set(catalog.norad_id.tolist())) == len(catalog), "duplicates kept"
    try:
        strict = parse_bytes(data, name="<fuzz>", strict=True)
    except AspanError:
        assert result.problems, "strict mode raised where lenient mode found no problem"
        return
    assert not result.problems and len(strict.catalog) == len(catalog)


def main() -> None:
    # libFuzzer's -merge=1 reruns argv[0] as a program: point ASPAN_FUZZ_ARGV0 at an executable
    # wrapper (``exec .venv/bin/python tests/fuzz/fuzz_elements.py "$@"``) when minimizing
    argv = [os.environ.get("ASPAN_FUZZ_ARGV0", sys.argv[0]), *sys.argv[1:]]
    atheris.Setup(argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
