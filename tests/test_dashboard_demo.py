"""The demo's dashboard: the start rate the way the street reports it, computed from the
records of the seeded demo (seeded once for this module)."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse

from compounds.choices import CompoundStatus
from compounds.models import Compound
from progress.demo import AS_OF
from tests.utils import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(client, demo_data, db):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="inspector"))
    return client


def test_demo_dashboard_reads_26_of_30_started_87_percent_in_chinese(demo):
    response = demo.get(reverse("dashboard"))
    text = page_text(response)
    assert "26 / 30 楼院已开工，开工率 87%" in text
    # Chinese amounts are grouped by thousands as in English (issue 16: "311486" was not).
    assert "3,251" in text and "3251" not in text
    assert "311,486" in text and "311,486.40" in text and "311486" not in text
    assert "1,945.23 万元" in text  # the budget (INVENTED, oversight.funds.demo), in 万元


def test_demo_dashboard_shows_the_residents_voice_from_records_with_links(demo):
    from oversight.models import Opinion
    from oversight.opinions import selectors

    response = demo.get(reverse("dashboard"))
    voice = response.context["voice"]
    assert voice["received"] == selectors.visible(Opinion.objects.all()).count() > 0
    assert voice["answered"] == (
        selectors.visible(Opinion.objects.filter(replied_at__isnull=False)).count()
    )
    plan = response.context["plan"].pk
    page = response.content.decode()
    assert f"/residents/opinions/?plan={plan}&amp;hidden=false&amp;merged=false" in page
    assert "居民意见" in page_text(response)


def test_dashboard_in_english_after_switching(demo):
    response = demo.post(
        reverse("set_language"), {"language": "en", "next": reverse("dashboard")}, follow=True
    )
    assert demo.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "26 / 30 compounds started, start rate 87%" in page_text(response)


def test_figures_follow_the_records(demo, django_capture_on_commit_callbacks):
    """Starting one more compound moves the dashboard to 27 / 30, 90%."""
    compound = Compound.objects.filter(status=CompoundStatus.PLANNED).first()
    with django_capture_on_commit_callbacks(execute=True):  # the write commits
        compound.status = CompoundStatus.STARTED
        compound.started_on = compound.plan.target_completion_date.replace(month=8, day=3)
        compound.save()
    assert "27 / 30 楼院已开工，开工率 90%" in page_text(demo.get(reverse("dashboard")))


def test_not_started_figure_links_to_the_four_compounds(demo):
    response = demo.get(reverse("dashboard"))
    plan = response.context["plan"]
    url = f"{reverse('compounds:compound_list')}?plan={plan.pk}&started=false"
    assert url.replace("&", "&amp;") in response.content.decode()
    listed = demo.get(url).context["page"].object_list
    assert sorted(c.name for c in listed) == sorted(
        Compound.objects.filter(status=CompoundStatus.PLANNED).values_list("name", flat=True)
    )
    assert len(listed) == 4


def test_table_per_community_adds_up(demo):
    summary = demo.get(reverse("dashboard")).context["figures"]["register"]
    rows = summary["communities"]
    assert len(rows) == 15
    assert sum(r["compounds"] for r in rows) == 30
    assert sum(r["households"] for r in rows) == 3251
    jingwu = next(r for r in rows if r["community"] == "经五路社区")
    assert jingwu["started"] == jingwu["compounds"] == 5


def test_the_four_not_started_are_named_with_why(demo):
    """The four compounds not started are late by their schedule: each is listed with the
    latest start its milestones allowed, and the list behind the figure holds the four."""
    response = demo.get(reverse("dashboard"))
    figures = response.context["figures"]
    late = figures["progress"]["late_to_start"]
    planned = set(
        Compound.objects.filter(status=CompoundStatus.PLANNED).values_list("name", flat=True)
    )
    assert {row["compound"].name for row in late} == planned
    assert all(row["latest_start"] and row["days_late"] > 0 for row in late)
    url = response.context["links"].compounds(late_to_start="true")
    assert demo.get(url).context["page"].paginator.count == 4
    assert "最晚开工日期" in page_text(response)


def test_demo_demolition_and_funds_come_from_records(demo):
    from django.db.models import Sum

    from progress.models import WorkItem

    figures = demo.get(reverse("dashboard")).context["figures"]
    done = WorkItem.objects.filter(category="demolition").aggregate(
        n=Sum("done_quantity"), area=Sum("done_area")
    )
    assert figures["progress"]["demolition"]["done"] == done["n"]
    assert figures["progress"]["demolition"]["area"] == done["area"] >= 3010
    assert figures["funds"]["planned"] > 0
    assert figures["participation"]["people"] == 2511


def test_demo_overdue_milestones_leave_out_finished_compounds_and_agree_with_their_list(demo):
    """公交二公司家属院 is accepted with its last milestone never closed: it is not overdue, on
    the dashboard, in the list the figure links to, or on its own page."""
    from compounds.rules import COMPLETED_STATUSES

    response = demo.get(reverse("dashboard"))
    progress = response.context["figures"]["progress"]
    url = response.context["links"].compound_list + "&overdue_milestones=true"
    paginator = demo.get(url).context["page"].paginator
    listed = paginator.count
    assert progress["compounds_with_overdue_milestones"] == listed > 0
    finished = Compound.objects.filter(status__in=COMPLETED_STATUSES, milestones__isnull=False)
    finished = finished.filter(milestones__actual_finish__isnull=True).distinct()
    assert finished.exists()
    bus = Compound.objects.get(name="公交二公司家属院")
    assert bus in finished
    pks = {c.pk for c in paginator.object_list}
    assert not pks & {c.pk for c in finished}
    page = demo.get(reverse("progress:compound_progress", args=[bus.pk]))
    assert not any(row.overdue for row in page.context["schedule"]["rows"])


def test_the_demo_reads_as_its_own_day_not_years_later(demo):
    """The demo's records stop on 17 July 2020 and the portal lives on that day (common.clock,
    set as `make run` sets it): nothing on the first screens counts from the machine's date,
    years later (it read "1627 working days late", "raised 6 years ago")."""
    response = demo.get(reverse("dashboard"))
    assert "2020年7月17日" in page_text(response)  # the strip that says which day it is
    late = response.context["figures"]["progress"]["late_to_start"]
    since_new_year = (AS_OF - datetime.date(AS_OF.year, 1, 1)).days
    assert late and all(0 < row["days_late"] < since_new_year for row in late)

    problems = page_text(demo.get(reverse("progress:rectification_list")))
    raised = re.findall(r"(\S+)前提出", problems)
    assert raised and not [since for since in raised if "年" in since]

    # Today's log of a compound under way is the demo's last: a new one opens it for change.
    from django.contrib.auth import get_user_model

    demo.force_login(get_user_model().objects.get(username="street_staff"))
    compound = Compound.objects.get(name="丰产路47号院")
    new = demo.get(reverse("progress:dailylog_create", args=[compound.pk]))
    todays = compound.daily_logs.get(date=AS_OF)
    assert new["Location"] == reverse("progress:dailylog_update", args=[todays.pk])
