"""The organisation of the demo street 文化路街道: the article's figures come out of its records
(the temporary party branch of 47号院, 郑花路社区's help group, the participation ledger of the
hygiene campaign), and seeding again creates nothing."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from compounds.models import Street
from oversight.models import (
    CampaignActivity,
    Participant,
    PartyGroup,
    PartyMember,
    TaskForce,
    TaskForceMember,
)
from oversight.organisation import selectors
from oversight.organisation.choices import TeamKind

pytestmark = pytest.mark.django_db


def seed():
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_the_demo_organisation_gives_the_articles_figures():
    """One seeding (it takes seconds), every figure checked, then a second seeding."""
    seed()
    street = Street.objects.get(name="文化路街道")
    _check_ledger(street)
    _check_branch()
    _check_help_group()
    _check_teams(street)
    counts = _counts()
    out = seed()
    assert _counts() == counts
    for name in ("task force teams", "party organisations", "participants",
                 "campaign activities"):  # fmt: skip
        assert f"{name}" not in out.split("already there:")[0], out


def _counts():
    return [model.objects.count() for model in (TaskForce, TaskForceMember, PartyGroup,
            PartyMember, Participant, CampaignActivity)]  # fmt: skip


def _check_ledger(street):
    """15 communities, 58 property companies, 400+ building heads, 39 volunteer teams, about
    300 active residents, 2,500+ people: counted from the ledger by the page's selector."""
    figures = selectors.participation(street=street)["figures"]
    assert figures["communities"] == 15
    assert figures["property_companies"] == 58
    assert figures["building_heads"] >= 400
    assert figures["volunteer_teams"] == 39
    assert 290 <= figures["active_residents"] <= 310
    assert figures["people"] >= 2500
    assert figures["red_property_companies"] >= 1
    assert Participant.objects.get(name="万象美物业").red_property
    for line in Participant.objects.all():
        line.full_clean()


def _check_branch():
    """Founded May 2020, 4 party members (community, design firm, builder), 3 compounds."""
    branch = PartyGroup.objects.get(name="47号院片区临时党支部")
    assert branch.kind == "temporary_branch"
    assert branch.founded_on == datetime.date(2020, 5, 1)
    assert branch.founded_precision == "month"
    assert branch.members.count() == 4
    assert {"community", "design_firm", "builder"} <= set(
        branch.members.values_list("unit_kind", flat=True)
    )
    assert set(branch.compounds.values_list("name", flat=True)) == {
        "丰产路45号院", "丰产路47号院", "丰产路49号院",
    }  # fmt: skip
    branch.full_clean()


def _check_help_group():
    group = PartyGroup.objects.get(name__contains="党员帮帮团")
    assert group.kind == "help_group"
    assert group.community.name == "郑花路社区"
    assert (group.founded_on.year, group.founded_on.month) == (2018, 4)
    assert group.founded_precision == "month"


def _check_teams(street):
    """A leading group and the five teams of the article, each with members and compounds."""
    teams = TaskForce.objects.filter(street=street)
    assert set(teams.values_list("kind", flat=True)) == set(TeamKind.values)
    assert teams.filter(kind=TeamKind.LEADING_GROUP).count() == 1
    for team in teams:
        assert team.members.exists() and team.compounds.exists(), team.name
        assert team.duties
