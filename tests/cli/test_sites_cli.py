"""``aspan sites ...``."""

from __future__ import annotations

import json

from aspan.cli.main import main


def test_sites_list_table(capsys):
    assert main(["sites", "list"]) == 0
    out = capsys.readouterr().out
    for text in ("Assy-Turgen Observatory", "Tien Shan Observatory", "Kamenskoe Plateau",
                 "Baikonur", "Astana mission control", "Almaty KazNU", "43.2244", "77.8711",
                 "2750"):
        assert text in out


def test_sites_list_json(capsys):
    assert main(["sites", "list", "--json"]) == 0
    captured = capsys.readouterr()
    sites = {s["key"]: s for s in json.loads(captured.out)}
    assert captured.err == ""
    assert sites["kamenskoe"]["lat_deg"] == 43.1767
    assert sites["tien-shan"]["height_m"] == 2735.0
    assert len(sites) == 6


def test_sites_show(capsys):
    assert main(["sites", "show", "43.2,77.0,1000", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["height_m"] == 1000.0
    assert main(["sites", "show", "moon"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("aspan: unknown site 'moon'; known sites: almaty-kaznu")
