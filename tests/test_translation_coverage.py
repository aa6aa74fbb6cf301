"""Every page in both languages, with nothing left in the other one.

The pages are the permission matrix's (tests/test_permission_matrix.py: every URL pattern of
the project, each with the kwargs to build its URL from the test world). Each page that answers
GET with HTML is read by the role with the widest view of it (the administrator where it may,
else the first role in WIDEST that gets a 200) and, when anonymous visitors may read it, by an
anonymous visitor too; once in Chinese and once in English.

What a reader sees is checked: the text of the page without its tags, scripts and styles, and
the attributes a browser shows (placeholder, title, aria-label, alt, the value of a button).

- In Chinese, the text fails on an English sentence of our catalogue (a msgid of two words or
  more, locale/zh_Hans/LC_MESSAGES/django.po) and on Django's, DRF's and django-filter's English
  fallbacks (FALLBACKS): a string someone forgot to mark, or marked and never translated. An
  attribute a screen reader speaks or a browser shows fails too when it is English words and no
  Chinese (aria-label="breadcrumb"), data aside.
- In English, the text fails on a Chinese character left over, data excepted. The world's
  records are Chinese (street 甲, 甲一1号院, 李秀英), as real ones are, and a page shows them as
  they are in either language. So every text value stored in the database (each CharField,
  TextField and JSON string of every model, read after the pages' records are made) is taken out
  of the page's text before looking, longest first; a run of Chinese left over is excused only
  when it is the start of such a value cut short with "…" (truncatechars). History reasons
  (``history_change_reason``) are not data: the system writes its own there, and those must be
  in the reader's language. People's names as the pages put them together (张伟, from the
  family and the given name) are data too. The languages' own names in the switcher (简体中文),
  the data controller and its contact (a deployment's settings: an office's proper name) and
  the Chinese our English msgids hold on purpose (examples of data: "For example 3号楼") are
  meant.

The API's endpoints are left out: they answer JSON, whose words are field names and data.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse
from django.utils import translation

from common.names import person_name
from oversight.inspections.services import inspection_answer
from oversight.models import Inspection
from oversight.opinions.services import opinion_merge, opinion_moderate, opinion_record
from tests.conftest import build_world
from tests.test_permission_matrix import MATRIX
from tests.utils import page_text, shared_by_the_module

# Roles from the widest view down: a page is read by the first that gets a 200.
WIDEST = ("admin", "street_staff", "inspector", "community_staff", "supervisor",
          "other_community_staff", "no_role")  # fmt: skip

# English the libraries show when a string of theirs is not translated. Each is matched as
# written (case and word boundaries).
FALLBACKS = (
    "This field is required",
    "Enter a valid",
    "Select a valid choice",
    "is greater than",
    "is less than",
    "is in range",
    "contains",
    "---------",
    "Previous",
    "Next",
    "Filter",
    "Filters",
    "Submit",
    "Search",
    "Unknown",
    "Yes",
    "No",
)

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%[sdfr]|\{\w*\}")
WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
HAN = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")
# Runs of Chinese that must be looked at: punctuation alone (，。：) is not a word left over.
CHINESE_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def catalogue_chinese() -> list[str]:
    """The Chinese our English msgids hold on purpose: examples of data (3号楼)."""
    runs = set()
    for entry in polib.pofile(str(CATALOGUE)):
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            runs.update(HAN.findall(msgid))
    return sorted(runs, key=len, reverse=True)


def catalogue_phrases() -> list[str]:
    """The English phrases of our catalogue: each msgid (and plural) cut at its placeholders,
    the parts of two words or more, except those the Chinese keeps as they are."""
    phrases = set()
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.obsolete:
            continue
        translations = " ".join([entry.msgstr, *entry.msgstr_plural.values()])
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            for part in PLACEHOLDER.split(re.sub(r"<[^>]+>", " ", msgid)):
                part = " ".join(part.split()).strip(" .,:;!?()\"'“”‘’—-")
                if len(WORD.findall(part)) >= 2 and part not in translations:
                    phrases.add(part)
    return sorted(phrases, key=len, reverse=True)


def _pattern(phrases) -> re.Pattern:
    alternatives = "|".join(re.escape(phrase) for phrase in phrases)
    return re.compile(rf"(?<![A-Za-z])(?:{alternatives})(?![A-Za-z])")


class VisibleText(HTMLParser):
    """The text a reader sees: text outside scripts and styles, and the attributes shown."""

    SHOWN = ("placeholder", "title", "aria-label", "alt")
    HIDDEN = ("script", "style", "template")
    BUTTONS = ("submit", "button", "reset")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.attributes: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        shown = [attrs[name] for name in self.SHOWN if attrs.get(name)]
        if tag == "input" and attrs.get("type") in self.BUTTONS and attrs.get("value"):
            shown.append(attrs["value"])
        self.parts.extend(shown)
        self.attributes.extend(shown)
        if tag in self.HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)

    @classmethod
    def of(cls, html: str) -> tuple[str, list[str]]:
        """The page's visible text, and the shown attributes' texts among it."""
        parser = cls()
        parser.feed(html)
        parser.close()
        return " ".join(" ".join(parser.parts).split()), parser.attributes


def stored_strings() -> set[str]:
    """Every text value in the database (see the module's docstring), history reasons aside."""
    values = set()

    def collect(value):
        if isinstance(value, str):
            if value.strip():
                values.add(" ".join(value.split()))
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list | tuple):
            for item in value:
                collect(item)

    for model in apps.get_models():
        names = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
            and field.name != "history_change_reason"
        ]
        if names:
            for row in model._default_manager.values_list(*names):
                collect(row)
    values.update(filter(None, map(person_name, get_user_model().objects.all())))
    return values


def _chinese_left(text: str, data: list[str]) -> list[str]:
    """The Chinese on an English page that is not data (``data``: longest first)."""
    for value in data:
        if HAN.search(value):
            text = text.replace(value, " ")
    left = []
    for match in HAN.finditer(text):
        run = match.group()
        if not CHINESE_WORD.search(run):
            continue
        cut = text[match.end() : match.end() + 1] == "…"
        if cut and any(value.startswith(run) for value in data):
            continue
        left.append(text[max(0, match.start() - 30) : match.end() + 30])
    return left


def _english_words(text: str, data: list[str]) -> bool:
    """Whether an attribute's text is English words and no Chinese, once data is taken out."""
    for value in data:
        text = text.replace(value, " ")
    return bool(WORD.search(text)) and not CHINESE_WORD.search(text)


def _reader(page) -> str:
    for role in WIDEST:
        if page.get[role] == 200:
            return role
    return ""


# The API and its documentation are left out: the JSON answers are data, and /api/docs/ is
# Swagger UI (English only) showing the schema, whose titles and descriptions are the API's
# contract for developers, written once in English.
PAGES = {
    name: page
    for name, page in MATRIX.items()
    if not name.startswith("api:") and name not in ("api-schema", "api-docs")
}
READS = sorted(
    {(name, role) for name, page in PAGES.items() for role in (_reader(page),) if role}
    | {(name, "anonymous") for name, page in PAGES.items() if page.get["anonymous"] == 200}
)


def write_histories(world):
    """Changes whose history carries the system's reasons, written in English as the demo
    writes (seed_demo runs in English): a Chinese reader must still read them in Chinese."""
    street_staff = world.users["street_staff"]
    with translation.override("en"):
        inspection = Inspection.objects.get(street=world.street_a)
        inspection_answer(user=street_staff, inspection=inspection, answer="已逐项整改")
        duplicate = opinion_record(
            user=street_staff, compound=world.a1, channel="home_visit", topics=["heating"],
            text="暖气不热。", name="", phone="", building=world.building_a1, unit="1",
        )  # fmt: skip
        opinion_merge(duplicate=world.opinion_a1, into=duplicate, user=street_staff)
        opinion_moderate(opinion=duplicate, user=street_staff, hidden=False)


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker):
    """One world for the module: every page's URL built (the matrix makes the records some
    pages need), histories written, then the stored strings read once, the catalogue's
    phrases too."""
    with shared_by_the_module(django_db_blocker):
        world = build_world()
        urls = {
            name: reverse(name, kwargs=page.url_kwargs(world) if page.url_kwargs else None)
            for name, page in MATRIX.items()
        }
        write_histories(world)
        meant = {
            *dict(settings.LANGUAGES).values(),
            settings.DATA_CONTROLLER,
            settings.DATA_CONTACT,
            *catalogue_chinese(),
        }
        data = sorted(stored_strings() | meant, key=len, reverse=True)
        english = _pattern([*catalogue_phrases(), *FALLBACKS])
        yield world, urls, data, english


@pytest.fixture
def site(pages, db):
    """The module's world, each test in its own savepoint."""
    return pages


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(("name", "who"), READS)
def test_the_page_is_all_in_one_language(client, site, name, who, language):
    world, urls, data, english = site
    if who != "anonymous":
        client.force_login(world.users[who])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(urls[name])
    assert response.status_code == 200
    if not response.get("Content-Type", "").startswith("text/html"):
        pytest.skip(f"{response.get('Content-Type')}: not a page")
    text, attributes = VisibleText.of(response.content.decode())
    if language == "en":
        left = _chinese_left(text, data)
        assert not left, f"Chinese left on the English page {urls[name]}: {left}"
    else:
        found = sorted({match.group() for match in english.finditer(text)})
        found += sorted({text for text in attributes if _english_words(text, data)})
        assert not found, f"English on the Chinese page {urls[name]}: {found}"


# --- The cases the issue names, read as a user reads them --------------------------------------

KNOWN = {
    "zh-hans": {
        "oversight:campaignactivity_list": ["日期（起）", "日期（止）", "街道 全部", "社区 全部"],
        "progress:workitem_update": ["类别 请选择"],
        "oversight:inspection_detail": ["原因：街道答复"],
    },
    "en": {
        "oversight:campaignactivity_list": ["date from", "date until", "street All"],
        "progress:workitem_update": ["Choose one"],
        "oversight:inspection_detail": ["Reason: the street's answer"],
    },
}


@pytest.mark.parametrize("language", KNOWN)
def test_filters_blank_choices_and_reasons_read_in_the_readers_language(client, site, language):
    """A range filter reads "日期（起）", a filter's empty choice 全部 / All, a form's needed
    choice 请选择, and the reason the system gave (written in English) 街道答复."""
    world, urls, _data, _english = site
    client.force_login(world.users["admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for name, words in KNOWN[language].items():
        text = page_text(client.get(urls[name]))
        for expected in words:
            assert expected in text, (name, expected)
        assert "---------" not in text
