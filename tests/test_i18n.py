"""Chinese by default, English on request, and the catalogue complete and compiled."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from tests.utils import page_text

pytestmark = pytest.mark.django_db
PO = Path(settings.BASE_DIR) / "locale/zh_Hans/LC_MESSAGES/django.po"


def test_pages_are_chinese_even_for_an_english_browser(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "zh-hans"
    assert "改哪里、怎样改，居民说了算" in page_text(response)


def test_switcher_turns_the_pages_english_and_back(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "is for the residents to decide" in page_text(client.get(reverse("home")))
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "居民说了算" in page_text(client.get(reverse("home")))


def test_unknown_language_cookie_falls_back_to_chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get(reverse("home"))["Content-Language"] == "zh-hans"


def test_catalogue_is_complete():
    po = polib.pofile(str(PO))
    assert not po.untranslated_entries()
    assert not po.fuzzy_entries()


def test_compiled_catalogue_is_committed_beside_the_source():
    """A fresh machine has no gettext: the .mo must be in the repository and current."""
    from scripts.compile_messages import compile_catalogue

    assert PO.with_suffix(".mo").read_bytes() == compile_catalogue(PO)


def test_placeholders_survive_translation():
    import re

    pattern = re.compile(r"%\(\w+\)[sd]|%%")
    for entry in polib.pofile(str(PO)):
        if entry.msgid_plural:
            assert sorted(pattern.findall(entry.msgid_plural)) == sorted(
                pattern.findall(entry.msgstr_plural[0])
            ), entry.msgid
        elif entry.msgstr:
            assert sorted(pattern.findall(entry.msgid)) == sorted(pattern.findall(entry.msgstr)), (
                entry.msgid
            )
