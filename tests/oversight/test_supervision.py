"""Supervision records: each level files its own checks, a failed item raises a problem at that
level, that level verifies the fix; residents' supervisors file for their own compound only;
a compound is accepted only with a passed third-party acceptance and no open problem."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from compounds import services as compound_services
from compounds.choices import CompoundStatus
from compounds.models import Compound
from oversight import rules
from oversight.models import SupervisionGroupMember, SupervisionRecord
from oversight.supervision import services as svc
from progress import services as progress_services
from progress.models import Rectification
from tests.utils import page_text

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _checks(*failed):
    """Two items passed, and one failed item per text in ``failed``."""
    rows = [{"item": "施工围挡与安全防护", "passed": True, "note": ""},
            {"item": "消防通道畅通", "passed": True, "note": ""}]  # fmt: skip
    rows += [{"item": f"第{i}项", "passed": False, "note": text} for i, text in enumerate(failed)]
    return rows


def _file(world, who="street_staff", level="street", compound=None, checks=None, **extra):
    return svc.record_create(
        user=world.users[who],
        compound=compound or world.a1,
        level=level,
        date=TODAY,
        inspectors="王强（街道城管科）",
        checks=checks if checks is not None else _checks("楼道粉刷空鼓"),
        owner="张伟",
        **extra,
    )


@pytest.fixture
def member(world):
    """The supervisor account is a member of a1's residents' supervision group."""
    return SupervisionGroupMember.objects.create(
        compound=world.a1,
        name="李大爷",
        kind="veteran_party_member",
        user=world.users["supervisor"],
    )


def test_filing_levels_follow_the_role():
    assert rules.filing_levels(roles={"street_staff"}) == {"street", "firm", "third_party"}
    assert rules.filing_levels(roles={"community_staff"}) == {"community"}
    assert rules.filing_levels(roles={"resident_supervisor"}) == {"residents"}
    assert rules.filing_levels(roles={"district_inspector"}) == set()
    assert rules.filing_levels(roles=set(), administrator=True) == set(rules.ALL_FILING_LEVELS)


def test_a_failed_item_raises_a_problem_at_the_records_level_linked_back(world):
    record = _file(world, level="firm", checks=_checks("暖气管道试压不合格"))
    problem = Rectification.objects.get(source="supervision")
    assert (problem.level, problem.compound, problem.owner) == ("firm", world.a1, "张伟")
    assert problem.deadline == TODAY + datetime.timedelta(days=svc.DEFAULT_FIX_DAYS)
    assert problem.origin.record == record
    assert "暖气管道试压不合格" in problem.description
    assert problem.raised_by == world.users["street_staff"]
    assert record.checks.count() == 3 and record.checks.filter(passed=False).count() == 1


def test_every_item_passed_raises_nothing(world):
    _file(world, checks=_checks())
    assert not Rectification.objects.filter(source="supervision").exists()


def test_a_role_files_only_at_its_own_level(world):
    with pytest.raises(ValidationError) as error:
        _file(world, who="community_staff", level="street")
    assert "level" in error.value.message_dict
    _file(world, who="community_staff", level="community")
    with pytest.raises(PermissionDenied):
        _file(world, who="inspector", level="street")
    assert SupervisionRecord.objects.count() == 1


def test_a_resident_supervisor_files_for_their_own_compound_only(world, member):
    _file(world, who="supervisor", level="residents")
    with pytest.raises(ValidationError) as error:
        _file(world, who="supervisor", level="residents", compound=world.a2)
    assert "compound" in error.value.message_dict
    assert SupervisionRecord.objects.filter(compound=world.a2).count() == 0


def test_a_resident_supervisor_outside_the_group_may_not_file(world):
    with pytest.raises(ValidationError) as error:
        _file(world, who="supervisor", level="residents")
    assert "supervision group" in " ".join(error.value.message_dict["compound"]) or (
        "监督小组" in " ".join(error.value.message_dict["compound"])
    )


def test_the_level_that_found_it_verifies_the_fix(world, member):
    """A problem the residents' group raised: community staff fix and submit it; only the
    residents' group closes it; the street, which did not raise it, may not."""
    _file(world, who="supervisor", level="residents", checks=_checks("楼道堆放杂物"))
    problem = Rectification.objects.get(source="supervision")
    assert problem.level == "residents"
    progress_services.rectification_update(
        rectification=problem, user=world.users["community_staff"], status="submitted",
        resolution="已清理",
    )  # fmt: skip
    for who in ("street_staff", "community_staff", "inspector"):
        with pytest.raises(PermissionDenied):
            progress_services.rectification_verify(
                rectification=problem, user=world.users[who], verdict="close"
            )
    progress_services.rectification_verify(
        rectification=problem, user=world.users["supervisor"], verdict="close"
    )
    problem.refresh_from_db()
    assert (problem.status, problem.verified_by) == ("closed", world.users["supervisor"])


def test_firm_and_third_party_findings_are_verified_by_the_street(world):
    _file(world, level="third_party", checks=_checks("屋面防水渗漏"))
    problem = Rectification.objects.get(source="supervision")
    progress_services.rectification_update(
        rectification=problem, user=world.users["community_staff"], status="submitted",
        resolution="已返工",
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        progress_services.rectification_verify(
            rectification=problem, user=world.users["community_staff"], verdict="close"
        )
    progress_services.rectification_verify(
        rectification=problem, user=world.users["street_staff"], verdict="close"
    )


def test_a_failed_item_needs_what_was_found_and_an_empty_checklist_is_refused(world):
    with pytest.raises(ValidationError):
        _file(world, checks=[{"item": "消防通道畅通", "passed": False, "note": ""}])
    with pytest.raises(ValidationError) as error:
        _file(world, checks=[])
    assert "checks" in error.value.message_dict
    assert not SupervisionRecord.objects.exists()
    assert not Rectification.objects.filter(source="supervision").exists()


def test_a_failed_item_with_nobody_to_fix_it_is_refused(world):
    Compound.objects.filter(pk=world.a1.pk).update(person_in_charge="")
    world.a1.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        svc.record_create(
            user=world.users["street_staff"], compound=world.a1, level="street", date=TODAY,
            inspectors="王强", checks=_checks("围挡破损"),
        )  # fmt: skip
    assert "owner" in error.value.message_dict
    assert not SupervisionRecord.objects.exists()


def test_acceptance_needs_a_passed_third_party_record_and_no_open_problem(world):
    """The compound page names what is missing; marking it accepted is refused until both
    hold, with the reasons in the status error."""
    compound = world.a1
    Compound.objects.filter(pk=compound.pk).update(
        status=CompoundStatus.COMPLETED, completed_on=TODAY - datetime.timedelta(days=3)
    )
    compound.refresh_from_db()
    street = world.users["street_staff"]

    def accept():
        compound_services.compound_update(
            compound=Compound.objects.get(pk=compound.pk), user=street,
            status=CompoundStatus.ACCEPTED, accepted_on=TODAY,
        )  # fmt: skip

    with pytest.raises(ValidationError) as error:
        accept()
    reasons = " ".join(error.value.message_dict["status"])
    assert "第三方验收" in reasons and "1" in reasons  # problem_a1 is open too
    _file(world, level="third_party", kind="acceptance", checks=_checks())
    Rectification.objects.filter(compound=compound).update(status="closed", closed_on=TODAY,
                                                           resolution="已完成")  # fmt: skip
    accept()
    assert Compound.objects.get(pk=compound.pk).status == CompoundStatus.ACCEPTED


def test_a_failed_acceptance_check_does_not_count(world):
    _file(world, level="third_party", kind="acceptance", checks=_checks("排水坡度不足"))
    assert svc.acceptance_record_missing(world.a1)


def test_acceptance_is_the_third_partys_or_the_firms(world):
    with pytest.raises(ValidationError) as error:
        _file(world, level="street", kind="acceptance")
    assert "kind" in error.value.message_dict


# --- Pages ------------------------------------------------------------------------------------


def _form_data(world, **changes):
    data = {
        "compound": world.a1.pk, "level": "street", "kind": "routine",
        "date": TODAY.isoformat(), "inspectors": "王强", "owner": "张伟",
        "result_1": "passed", "result_2": "failed", "note_2": "未洒水降尘",
    }  # fmt: skip
    data.update(changes)
    return data


def test_filing_through_the_page_puts_the_failure_on_the_register(client, world):
    client.force_login(world.users["street_staff"])
    response = client.post(reverse("oversight:supervision_create"), _form_data(world))
    record = SupervisionRecord.objects.get()
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    page = page_text(client.get(record.get_absolute_url()))
    assert "未洒水降尘" in page
    problem = Rectification.objects.get(source="supervision")
    assert problem.get_absolute_url() in client.get(record.get_absolute_url()).content.decode()
    # The problem's page leads back to the record that raised it.
    back = client.get(problem.get_absolute_url()).content.decode()
    assert record.get_absolute_url() in back


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"note_2": ""}, "note_2"),
        ({"result_1": "", "result_2": ""}, None),
        ({"date": "2999-01-01"}, "date"),
        ({"level": "district"}, "level"),
        ({"compound": "999999"}, "compound"),
        ({"result_9": "failed", "note_9": "漏水", "item_9": ""}, "item_9"),
    ],
    ids=["failed without a note", "nothing checked", "future", "not a filing level",
         "unknown compound", "another item unnamed"],
)  # fmt: skip
def test_bad_input_on_the_form_is_refused_on_its_field(client, world, changes, field):
    client.force_login(world.users["street_staff"])
    response = client.post(reverse("oversight:supervision_create"), _form_data(world, **changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert (field in form.errors) if field else form.non_field_errors()
    assert not SupervisionRecord.objects.exists()


def test_the_form_offers_only_the_users_levels(client, world):
    client.force_login(world.users["community_staff"])
    form = client.get(reverse("oversight:supervision_create")).context["form"]
    assert [value for value, _label in form.fields["level"].choices] == ["community"]


def test_a_supervisor_is_refused_on_another_compounds_record(client, world, member):
    client.force_login(world.users["supervisor"])
    response = client.post(
        reverse("oversight:supervision_create"),
        _form_data(world, compound=world.a2.pk, level="residents"),
    )
    assert response.status_code == 200
    assert "compound" in response.context["form"].errors
    assert not SupervisionRecord.objects.exists()


def test_the_compound_page_says_what_acceptance_still_needs(client, world):
    Compound.objects.filter(pk=world.a1.pk).update(
        status=CompoundStatus.COMPLETED, completed_on=TODAY
    )
    client.force_login(world.users["inspector"])
    response = client.get(world.a1.get_absolute_url())
    assert len(response.context["acceptance_missing"]) == 2


def test_group_members_are_kept_per_compound(client, world):
    client.force_login(world.users["community_staff"])
    url = reverse("oversight:supervision_group", args=[world.a1.pk])
    response = client.post(
        url, {"name": "王阿姨", "kind": "active_resident", "joined_on": TODAY.isoformat(),
              "active": "on", "user": world.users["supervisor"].pk},
    )  # fmt: skip
    assert response.status_code == 302
    member = SupervisionGroupMember.objects.get()
    assert (member.compound, member.user) == (world.a1, world.users["supervisor"])
    again = client.post(
        url, {"name": "王阿姨", "kind": "active_resident", "joined_on": TODAY.isoformat(),
              "user": world.users["supervisor"].pk},
    )  # fmt: skip
    assert again.status_code == 200 and SupervisionGroupMember.objects.count() == 1


# --- In the open, and in the demo -------------------------------------------------------------


def test_the_public_page_shows_supervision_counts_and_no_name(client, world):
    _file(world, level="firm", checks=_checks("暖气管道试压不合格"))
    response = client.get(reverse("oversight:public_compound_detail", args=[world.a1.pk]))
    keys = [part["key"] for part in response.context["sections"]]
    assert "supervision" in keys
    section = next(p["context"] for p in response.context["sections"] if p["key"] == "supervision")
    assert (section["raised"], section["fixed"], section["accepted"]) == (1, 0, False)
    assert [(row["records"], row["items"], row["failed"]) for row in section["levels"]] == [
        (1, 3, 1)
    ]
    text = page_text(response)
    assert "王强" not in text and "暖气管道试压不合格" not in text and "张伟" not in text


def test_a_supervision_problem_comes_up_at_the_next_weekly_meeting_by_itself(world):
    from progress import selectors as progress_selectors

    _file(world, checks=_checks("围挡破损"))
    meeting = progress_services.meeting_create(
        user=world.users["street_staff"], street=world.street_a,
        date=TODAY + datetime.timedelta(days=3), title="下周例会",
    )  # fmt: skip
    carried = progress_selectors.meeting_problems(meeting=meeting, user=world.users["inspector"])
    assert any("围挡破损" in problem.description for problem in carried["carried"])


def test_the_compound_page_leads_to_its_checks_problems_and_group(client, world, member):
    _file(world, checks=_checks("围挡破损"))
    client.force_login(world.users["supervisor"])
    page = client.get(world.a1.get_absolute_url()).content.decode()
    assert f"{reverse('oversight:supervision_list')}?compound={world.a1.pk}" in page
    assert reverse("oversight:supervision_group", args=[world.a1.pk]) in page
    assert f"{reverse('oversight:supervision_create')}?compound={world.a1.pk}" in page
    panel = next(
        p["context"] for p in client.get(world.a1.get_absolute_url()).context["panels"]
        if p["template"] == "oversight/supervision/compound_panel.html"
    )  # fmt: skip
    assert (panel["records"], panel["open_problems"], panel["members"]) == (1, 2, 1)
