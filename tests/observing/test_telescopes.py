"""telescopes.toml: every bundled telescope loads, every value has a source; user files."""

from __future__ import annotations

from importlib import resources

import pytest

from aspan.errors import InputError, NotFoundError
from aspan.observing.telescopes import load_telescopes, telescope_by_name, telescopes_from_toml


def test_bundled_telescopes():
    scopes = load_telescopes()
    assert list(scopes) == ["lut", "lunar-0.5m", "azt-20", "tshao-1m"]
    assert scopes["lut"].aperture_m == 0.15 and scopes["lut"].band.name == "NUV-LUT"
    assert telescope_by_name("AZT-20 1.5 m (Assy-Turgen)").key == "azt-20"
    assert 0 < scopes["lut"].efficiency < 0.2  # from the zero point 17.53


def test_every_value_has_a_source_comment():
    text = resources.files("aspan.data").joinpath("telescopes.toml").read_text("utf-8")
    for line in text.splitlines():
        value = line.split("=", 1)[1].split("#", 1)[0].strip() if "=" in line else ""
        if value and value[0] in "-0123456789" and not line.lstrip().startswith("#"):
            assert "#" in line, f"no source comment: {line!r}"
            assert line.split("#", 1)[1].strip(), f"empty comment: {line!r}"


def test_user_file_adds_and_replaces(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('[mine]\nname = "Mine"\nkind = "ground"\nband = "R"\naperture_m = 0.4\n'
                    'throughput = 0.5\npixel_scale_arcsec = 1.0\nread_noise_e = 5\n'
                    'dark_e_per_s = 0.01\npsf_fwhm_arcsec = 1.0\n', encoding="utf-8")
    scopes = load_telescopes(path)
    assert scopes["mine"].band.name == "R" and "lut" in scopes
    assert telescope_by_name("mine", path).aperture_m == 0.4


@pytest.mark.parametrize(("text", "message"), [
    ('[x]\nname = "X"\n', "missing kind"),
    ('[x]\nname="X"\nkind="orbit"\nband="V"\naperture_m=1\nthroughput=0.5\n'
     'pixel_scale_arcsec=1\nread_noise_e=1\ndark_e_per_s=0\npsf_fwhm_arcsec=1\n',
     "kind 'orbit' is neither"),
    ('[x]\nname="X"\nkind="ground"\nband="Q"\naperture_m=1\nthroughput=0.5\n'
     'pixel_scale_arcsec=1\nread_noise_e=1\ndark_e_per_s=0\npsf_fwhm_arcsec=1\n',
     "unknown band 'Q'"),
    ('[x]\nname="X"\nkind="ground"\nband="V"\naperture_m=-1\nthroughput=0.5\n'
     'pixel_scale_arcsec=1\nread_noise_e=1\ndark_e_per_s=0\npsf_fwhm_arcsec=1\n',
     "aperture_m = -1 must be positive"),
    ('[x]\nname="X"\nkind="ground"\nband="V"\naperture_m=1\nthroughput=0.5\ncolour=1\n'
     'pixel_scale_arcsec=1\nread_noise_e=1\ndark_e_per_s=0\npsf_fwhm_arcsec=1\n',
     "unknown field 'colour'"),
    ("[x\n", "not valid TOML"),
])
def test_bad_tables_name_file_and_field(text, message):
    with pytest.raises(InputError, match=message) as info:
        telescopes_from_toml(text, file="mine.toml")
    assert str(info.value).startswith("mine.toml")


def test_unknown_telescope():
    with pytest.raises(NotFoundError, match="known telescopes: lut, lunar-0.5m"):
        telescope_by_name("hubble")
