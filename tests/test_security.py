"""The content security policy (django-csp): sent on every page, with no inline script
allowed, and no template or page that would need one."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.utils import seed_demo

TEMPLATES = Path(settings.BASE_DIR) / "templates"
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_ATTRIBUTE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.django_db
def test_every_page_sends_a_policy_without_inline_script():
    response = Client().get("/opinions/new/")
    found = policy(response)
    assert found["script-src"] == ["'self'"]
    assert found["default-src"] == ["'self'"]
    assert found["object-src"] == ["'none'"]
    assert found["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in found["style-src"]
    assert Client().get("/healthz").headers.get("Content-Security-Policy")


def test_no_template_holds_an_inline_script_or_an_event_handler():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        if INLINE_SCRIPT.search(text) or EVENT_ATTRIBUTE.search(text):
            offenders.append(str(path.relative_to(TEMPLATES)))
    assert offenders == []


@pytest.mark.django_db
def test_the_pages_of_each_kind_of_user_render_no_inline_script(client):
    from django.contrib.auth import get_user_model

    seed_demo()
    pages = {
        None: ["/", "/opinions/new/", "/opinions/track/", "/api/docs/", "/accounts/login/"],
        "inspector": ["/dashboard/", "/compounds/", "/residents/opinions/"],
        "community_staff": ["/progress/logs/", "/progress/problems/"],
        "admin": ["/admin/", "/admin/compounds/compound/"],
    }
    for username, urls in pages.items():
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert not INLINE_SCRIPT.search(html), url
            assert not EVENT_ATTRIBUTE.search(html), url


def test_templates_never_mark_text_safe_but_the_generated_qr_code():
    """User text is always escaped: no |safe, no autoescape off, except the QR code's SVG,
    which segno writes from the form's own address."""
    allowed = {("oversight/opinions/compound_poster.html", "{{ qr_svg|safe }}")}
    found = set()
    for path in TEMPLATES.rglob("*.html"):
        for match in re.finditer(r"{{[^}]*\|safe[^}]*}}|{%\s*autoescape\s+off", path.read_text()):
            found.add((str(path.relative_to(TEMPLATES)), match.group(0)))
    assert found == allowed
