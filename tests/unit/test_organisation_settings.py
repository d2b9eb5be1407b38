"""The organisation's name and logo settings: read from the environment, the logo checked at start."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import segno

from lti_tool.settings import SettingsError, load_settings

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
       '<rect width="120" height="40" fill="#164e8c"/></svg>')


def png() -> bytes:
    buffer = io.BytesIO()
    segno.make("logo").save(buffer, kind="png", scale=2)
    return buffer.getvalue()


def settings(instance: Path, **env: str):
    return load_settings({"instance_path": str(instance)}, environ=env)


def test_name_and_logo_come_from_the_environment(tmp_path: Path):
    (tmp_path / "logo.svg").write_text(SVG, encoding="utf-8")
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "logo.png").write_bytes(png())
    found = settings(tmp_path, AIDIP_ORGANISATION_NAME="  Voorbeeld Groep ", AIDIP_ORGANISATION_LOGO="logo.svg")
    assert found.organisation_name == "Voorbeeld Groep"
    assert found.organisation_logo == str(tmp_path.resolve() / "logo.svg")
    assert settings(tmp_path, AIDIP_ORGANISATION_LOGO="brand/logo.png").organisation_logo.endswith("brand/logo.png")


def test_without_them_there_is_no_name_and_no_logo(tmp_path: Path):
    found = settings(tmp_path)
    assert (found.organisation_name, found.organisation_logo) == ("", "")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("missing.png", None, "there is no file"),
    ("../outside.png", b"", "inside the instance folder"),
    ("logo.gif", b"GIF89a", "must be a .png or .svg"),
    ("logo.png", b"<svg></svg>", "is not a PNG file"),
    ("logo.svg", b"\x89PNG\r\n\x1a\n", "is not a SVG file"),
    ("logo.png", b"\x89PNG\r\n\x1a\nbroken", "cannot be drawn"),
    ("huge.svg", b"<svg>" + b" " * 600_000, "larger than 512 KB"),
])
def test_a_logo_the_certificate_cannot_use_stops_the_start_with_a_clear_message(tmp_path: Path, name, content,
                                                                              message):
    instance = tmp_path / "instance"
    instance.mkdir()
    if content is not None:
        (instance / name).resolve().write_bytes(content)
    with pytest.raises(SettingsError, match="AIDIP_ORGANISATION_LOGO") as raised:
        settings(instance, AIDIP_ORGANISATION_LOGO=name)
    assert message in str(raised.value)
