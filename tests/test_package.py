"""The package itself: a cheap `import aspan`, a facade with __all__, the console script."""

from __future__ import annotations

import subprocess
import sys


def test_import_aspan_is_cheap():
    code = "import sys, aspan; print(sorted(m for m in ('numpy', 'numba', 'skyfield') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_facade_exports_what_it_lists():
    import aspan.api as api

    for name in api.__all__:
        assert hasattr(api, name), name


def test_console_script_help_and_bad_command():
    ok = subprocess.run([sys.executable, "-m", "aspan.cli.main", "--help"], capture_output=True, text=True)
    assert ok.returncode == 0
    assert "catalog" in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "aspan.cli.main", "no-such-command"],
                         capture_output=True, text=True)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert "No such command" in bad.stderr
