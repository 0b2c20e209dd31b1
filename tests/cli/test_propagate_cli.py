"""``aspan propagate``, in-process through ``aspan.cli.main.main``."""

from __future__ import annotations

import json

import numpy as np
import pyarrow.parquet as pq
import pytest

from aspan.catalog.formats import read_catalog
from aspan.cli.main import main
from aspan.satellites.propagation import propagate, propagate_minutes

FULL = "../shared/data/satcat-full-2024-07.tle"
HEADER = "norad_id,time_utc,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s,error"
BASE = ["propagate", "--catalog", FULL, "--norad", "5,25544"]
DAY = ["--start", "2024-07-05T00:00:00Z", "--stop", "2024-07-06T00:00:00Z", "--step-s", "3600"]


def test_csv_to_stdout_matches_the_api(capsys):
    assert main(BASE + DAY + ["--frame", "itrs"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == HEADER
    assert len(lines) == 1 + 2 * 25
    cat = read_catalog(FULL).catalog.select([5, 25544])
    states = propagate(cat, "2024-07-05T01:00:00Z").frame("itrs")
    row = lines[2].split(",")
    assert row[:2] == ["5", "2024-07-05T01:00:00.000000Z"]
    assert np.allclose([float(x) for x in row[2:8]],
                       [*states.r_km[0, 0], *states.v_km_s[0, 0]], rtol=0, atol=1e-9)
    assert row[8] == "0"
    assert lines[26].startswith("25544,2024-07-05T00:00:00.000000Z,")


def test_json_and_parquet_outputs(tmp_path, capsys):
    out = tmp_path / "s.json"
    assert main(BASE + DAY + ["--format", "json", "-o", str(out)]) == 0
    records = json.loads(out.read_text())
    assert len(records) == 50 and list(records[0]) == HEADER.split(",")
    assert "wrote 50 rows" in capsys.readouterr().err
    pq_out = tmp_path / "s.parquet"
    assert main(BASE + DAY + ["--format", "parquet", "-o", str(pq_out), "--frame", "gcrs"]) == 0
    table = pq.read_table(pq_out)
    assert table.num_rows == 50 and table.column_names == HEADER.split(",")
    assert table.schema.metadata[b"aspan.frame"] == b"gcrs"


def test_minutes_since_epoch(capsys):
    assert main(BASE + ["--minutes-since-epoch", "-4320:10080:1440"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 + 2 * 11
    cat = read_catalog(FULL).catalog.select([5])
    states = propagate_minutes(cat, [-4320.0])
    assert np.isclose(float(lines[1].split(",")[2]), states.r_km[0, 0, 0], rtol=0, atol=1e-9)


@pytest.mark.parametrize("args, message", [
    (DAY[:2] + ["--stop", "2024-07-04T00:00:00Z", "--step-s", "60"], "is before start"),
    (["--start", "2024-07-5T25:00", "--stop", "2024-07-06", "--step-s", "60"],
     "is not an ISO-8601 UTC time"),
    (DAY[:4] + ["--step-s", "0"], "--step-s 0 must be at least 0.001 s"),
    (DAY[:4] + ["--step-s", "-5"], "must be at least"),
    (DAY[:4], "--step-s missing"),
    (DAY + ["--minutes-since-epoch", "0:10:1"], "give either"),
    ([], "give either"),
    (["--minutes-since-epoch", "10:0:1"], "stop 0 is before start 10"),
    (["--minutes-since-epoch", "0:10"], "is not START:STOP:STEP"),
    (["--minutes-since-epoch", "0:10:0"], "must be positive"),
    (["--start", "2000-01-01", "--stop", "2024-07-06", "--step-s", "1"],
     "time steps asked for, at most 10000000 allowed"),
    (DAY + ["--frame", "ecef"], "frame 'ecef' is not one of teme, gcrs, itrs"),
    (DAY + ["--format", "xml"], "--format 'xml' is not one of csv, json, parquet"),
    (DAY + ["--format", "parquet"], "--format parquet needs a file"),
])
def test_bad_input_is_one_line_and_exit_2(args, message, capsys):
    assert main(BASE + args) == 2
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert message in err and "\n" not in err and err.startswith("aspan: ")
    assert "Traceback" not in captured.err and captured.out == ""


def test_unknown_norad_is_exit_2(capsys):
    assert main(["propagate", "--catalog", FULL, "--norad", "99999999"] + DAY) == 2
    err = capsys.readouterr().err
    assert "99999999" in err and err.count("\n") == 1


def test_absurd_total_size_is_refused(capsys, monkeypatch):
    import aspan.cli.propagate as cli

    monkeypatch.setattr(cli, "MAX_STATES", 10)
    assert main(BASE + DAY) == 2
    assert "2 objects x 25 times = 50 states, at most 10 allowed" in capsys.readouterr().err


def test_progress_bar_on_stderr_for_long_runs(capsys, monkeypatch, tmp_path):
    import aspan.cli.propagate as cli

    monkeypatch.setattr(cli, "PROGRESS_FROM", 1)
    monkeypatch.setenv("ASPAN_PROGRESS", "1")
    assert main(BASE + DAY + ["-o", str(tmp_path / "x.csv")]) == 0
    assert "propagating" in capsys.readouterr().err
