import re
from contextlib import contextmanager
from html import unescape
from io import StringIO

from django.db import transaction


def page_text(response) -> str:
    """Return the visible text of an HTML response, tags dropped and spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


@contextmanager
def shared_by_the_module(django_db_blocker):
    """Hold data a whole module's tests share (built once: the small world for the thousands
    of permission cases, the seeded demo) in a transaction rolled back when the module ends.
    Each test still runs in its own savepoint inside it, so what a test writes is undone
    before the next test; the tests must not need an empty database."""
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)


@contextmanager
def on_the_demo_day():
    """Set the portal's clock (common.clock) to the demo's day, as the local settings of
    `make run` do: the demo's records stop on progress.demo.AS_OF."""
    from django.test import override_settings

    from progress.demo import AS_OF

    with override_settings(PORTAL_TODAY=AS_OF.isoformat()):
        yield


def seed_demo(*args) -> str:
    """Run seed_demo as in development (DEBUG on, on the demo's day) and return what it
    printed."""
    from django.core.management import call_command
    from django.test import override_settings

    out = StringIO()
    with override_settings(DEBUG=True), on_the_demo_day():
        call_command("seed_demo", *args, stdout=out)
    return out.getvalue()
