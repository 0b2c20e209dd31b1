"""``aspan catalog ...`` in process (``main([...])``) and once through the console script."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest

from aspan.catalog.elements import FLOAT_FIELDS, Catalog
from aspan.catalog.store import Store
from aspan.cli.main import main

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
ACTIVE = DATA / "celestrak-active-2025-10-03.tle"
FULL = DATA / "satcat-full-2024-07.tle"
LEO = DATA / "satcat-leo-2026-06.tle"
KAZAKH = {37749: "KAZSAT-2", 39728: "KAZSAT-3", 39731: "KAZEOSAT 1", 40010: "KAZEOSAT 2",
          43783: "KAZSTSAT", 43805: "AL-FARABI 2"}


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    """Every test gets its own ASPAN_HOME: the user's home is never touched."""
    monkeypatch.setenv("ASPAN_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ASPAN_PROGRESS", raising=False)
    return tmp_path / "home"


@pytest.fixture(scope="module")
def active_store(tmp_path_factory):
    """A store with the CelesTrak 'active' catalog imported (shared, read only)."""
    path = tmp_path_factory.mktemp("active") / "aspan.db"
    with Store(path) as store:
        store.import_file(ACTIVE)
    return path


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_reports_and_is_idempotent(capsys, home):
    code, out, err = run(capsys, "catalog", "import", ACTIVE)
    assert code == 0, err
    assert "12801 element sets read (tle), 12801 new" in out
    assert (home / "aspan.db").exists()
    code, out, _ = run(capsys, "catalog", "import", ACTIVE, "--json")
    report = json.loads(out)
    assert code == 0
    assert report["imports"][0]["already_imported"] is True
    assert report["imports"][0]["n_new"] == 0
    assert report["counts"] == {"objects": 12801, "element_sets": 12801, "imports": 1}
    assert report["imports"][0]["sha256"] == hashlib.sha256(ACTIVE.read_bytes()).hexdigest()


def test_show_al_farabi_2(capsys, active_store):
    code, out, err = run(capsys, "catalog", "show", "43805", "--store", active_store)
    assert code == 0, err
    assert "AL-FARABI 2" in out
    assert "NORAD 43805" in out
    assert "epoch  2025-10-03T10:13:01.763904Z  (age " in out
    assert "15.40701339" in out and "history: 1 element set" in out


def test_show_json(capsys, active_store):
    code, out, err = run(capsys, "catalog", "show", "43805", "--store", active_store, "--json")
    assert code == 0 and err == ""
    shown = json.loads(out)
    assert shown["name"] == "AL-FARABI 2"
    assert shown["epoch"] == "2025-10-03T10:13:01.763904Z"
    # TLE epoch 25276.42571486: day 276 of 2025 = 2025-10-03, 0.42571486 day = 10:13:01.7639 UTC
    epoch = dt.datetime(2025, 10, 3, tzinfo=dt.UTC) + dt.timedelta(days=0.42571486)
    age = (dt.datetime.now(dt.UTC) - epoch).total_seconds() / 86400
    assert abs(shown["age_days"] - age) < 1 / 86400 * 60  # within a minute of test time
    assert shown["elements"]["mean_motion_rev_day"] == 15.40701339
    assert shown["elements"]["inclination_deg"] == 97.4422
    [entry] = shown["history"]
    assert entry["provenance"]["source"] == str(ACTIVE)
    assert entry["provenance"]["format"] == "tle"


def test_show_unknown_object_exits_2(capsys, active_store):
    code, out, err = run(capsys, "catalog", "show", "99999", "--store", active_store, "--json")
    assert (code, out) == (2, "")
    assert err.startswith("aspan: object 99999 is not in the store")
    assert "Traceback" not in err


def test_list_by_name(capsys, active_store):
    code, out, _ = run(capsys, "catalog", "list", "--name", "KAZ*", "--name", "al-farabi*",
                       "--store", active_store, "--json")
    rows = json.loads(out)
    assert code == 0
    assert {r["norad_id"]: r["name"] for r in rows} == KAZAKH
    assert all(r["epoch"].startswith("2025-10-03") and r["age_days"] > 0 for r in rows)
    code, out, _ = run(capsys, "catalog", "list", "--name", "KAZSAT*", "--store", active_store)
    assert code == 0 and "KAZSAT-2" in out and "KAZSAT-3" in out and "age (days)" in out


def test_list_from_a_file_with_catalog_option(capsys, tmp_path):
    code, out, _ = run(capsys, "catalog", "list", "--catalog", ACTIVE, "--limit", "3", "--json")
    assert code == 0 and len(json.loads(out)) == 3
    assert not (tmp_path / "home" / "aspan.db").exists()


def test_strict_import_lists_problems_and_imports_nothing(capsys, tmp_path, home):
    lines = ACTIVE.read_text().splitlines(keepends=True)
    for k in range(25):  # break line 2 of 25 records
        i = 3 * k + 2
        lines[i] = lines[i][:8] + "x" + lines[i][9:]
    bad = tmp_path / "bad.tle"
    bad.write_text("".join(lines))
    code, out, err = run(capsys, "catalog", "import", bad, "--json")
    assert (code, out) == (2, "")
    assert "25 invalid records; nothing was imported" in err
    assert err.count(str(bad)) == 20 and "... and 5 more" in err
    assert "Traceback" not in err
    assert not (home / "aspan.db").exists() or Store(home / "aspan.db").counts()["imports"] == 0
    code, out, err = run(capsys, "catalog", "import", bad, "--skip-invalid")
    assert code == 0
    assert "12776 element sets read (tle), 12776 new" in out
    assert "25 invalid skipped" in out
    assert "skipped 25 invalid records" in err


def test_missing_file_and_bad_options_exit_2(capsys):
    code, _, err = run(capsys, "catalog", "import", "/no/such/file.tle")
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, "catalog", "export", "--format", "kvn")
    assert code == 2 and "not one of tle, omm-json, omm-xml, omm-csv" in err
    code, _, err = run(capsys, "catalog", "export", "--norad", "abc")
    assert code == 2 and "'abc' is not a catalog number" in err


def test_progress_bar_goes_to_stderr(capsys, monkeypatch):
    monkeypatch.setenv("ASPAN_PROGRESS", "1")
    code, out, err = run(capsys, "catalog", "import", LEO)
    assert code == 0 and "storing satcat-leo-2026-06.tle" in err
    assert "storing" not in out


def designator(text: str) -> str:
    """'18099AZ' (TLE) and '2018-099AZ' (OMM) to one spelling: '2018-099AZ'."""
    if "-" in text or len(text) < 5:
        return text
    year = int(text[:2])
    return f"{1900 + year if year >= 57 else 2000 + year}-{text[2:]}"


def assert_same(a: Catalog, b: Catalog) -> None:
    """Every column equal. Floats compare as numbers: the text formats cannot always keep
    the sign of a zero (the full catalog has ndot '-.00000000' for 47114)."""
    for f in fields(Catalog):
        if f.name == "source":
            continue
        x, y = getattr(a, f.name), getattr(b, f.name)
        if f.name in FLOAT_FIELDS:
            assert np.array_equal(x, y), f.name
            same_bits = x.view(np.int64) == y.view(np.int64)
            assert (same_bits | (x == 0)).all(), f.name
        elif f.name == "intl_designator":  # OMM writes 2018-099AZ where TLE has 18099AZ
            assert [designator(t) for t in x] == [designator(t) for t in y]
        else:
            assert x.tolist() == y.tolist(), f.name


@pytest.mark.parametrize(("path", "count"), [(ACTIVE, 12_801), (FULL, 26_389), (LEO, 16_032)])
def test_export_tle_round_trips_through_import(capsys, tmp_path, path, count):
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    exported = tmp_path / "export.tle"
    assert run(capsys, "catalog", "import", path, "--store", first)[0] == 0
    code, out, _ = run(capsys, "catalog", "export", "--format", "tle", "-o", exported,
                       "--store", first, "--json")
    assert code == 0 and json.loads(out)["objects"] == count
    code, out, _ = run(capsys, "catalog", "import", exported, "--store", second, "--json")
    assert code == 0 and json.loads(out)["imports"][0]["n_new"] == count
    with Store(first) as a, Store(second) as b:
        assert_same(a.latest(), b.latest())


@pytest.mark.parametrize("fmt", ["omm-json", "omm-xml", "omm-csv", "tle"])
def test_export_formats_round_trip(capsys, tmp_path, active_store, fmt):
    out_file = tmp_path / f"kazakh.{fmt.split('-')[-1]}"
    norads = ",".join(str(k) for k in KAZAKH)
    code, _, err = run(capsys, "catalog", "export", "-f", fmt, "--norad", norads, "-o", out_file,
                       "--store", active_store)
    assert code == 0, err
    code, _, _ = run(capsys, "catalog", "import", out_file, "--store", tmp_path / "b.db")
    assert code == 0
    with Store(active_store) as a, Store(tmp_path / "b.db") as b:
        original, back = a.latest(list(KAZAKH)), b.latest()
        assert_same(original, back)
        if fmt == "tle":
            assert original.intl_designator.tolist() == back.intl_designator.tolist()


def test_export_to_stdout(capsys, active_store):
    code, out, _ = run(capsys, "catalog", "export", "--norad", "43805", "--store", active_store)
    assert code == 0
    assert out.splitlines()[0].strip() == "AL-FARABI 2"
    assert out.splitlines()[1].startswith("1 43805U 18099AZ  25276.42571486")
    code, out, _ = run(capsys, "catalog", "export", "--norad", "43805", "--store", active_store,
                       "--json")
    exported = json.loads(out)
    assert (code, exported["format"], exported["objects"]) == (0, "tle", 1)
    assert exported["content"].splitlines()[0].strip() == "AL-FARABI 2"


def test_update_from_a_loopback_server(capsys, home):
    import http.server
    import threading

    body = b"".join(ACTIVE.read_bytes().splitlines(keepends=True)[:9])

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02},
                     daemon=True).start()
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}/gp.php"
        code, out, err = run(capsys, "catalog", "update", "--url-base", base, "--json")
        assert code == 0, err
        result = json.loads(out)
        assert result["import"]["n_new"] == 3 and result["from_cache"] is False
        code, out, err = run(capsys, "catalog", "update", "--url-base", base)
        assert code == 0 and "already imported" in out and "using the copy fetched" in err
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_console_script(tmp_path, active_store):
    """The installed ``aspan`` command: a table out, an error is one line and exit 2."""
    script = shutil.which("aspan", path=str(Path(sys.executable).parent)) or "aspan"
    env = {**os.environ, "ASPAN_HOME": str(tmp_path / "home")}
    shown = subprocess.run([script, "catalog", "show", "43805", "--store", str(active_store)],
                           env=env, capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert "AL-FARABI 2" in shown.stdout and "2025-10-03T10:13:01" in shown.stdout
    bad = subprocess.run([script, "catalog", "show", "1", "--json"], env=env,
                         capture_output=True, text=True, timeout=120)
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
