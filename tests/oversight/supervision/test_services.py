"""Supervision records: each level files its own checks, a failed item raises a problem at that
level, that level verifies the fix; residents' supervisors file for their own compound only;
a compound is accepted only with a passed third-party acceptance and no open problem."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from compounds import services as compound_services
from compounds.choices import CompoundStatus
from compounds.models import Compound
from oversight.models import SupervisionRecord
from oversight.supervision import selectors
from oversight.supervision import services as svc
from progress import services as progress_services
from progress.models import Rectification
from tests.oversight.supervision.utils import TODAY, _checks, _file

pytestmark = pytest.mark.django_db


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
    assert selectors.acceptance_record_missing(world.a1)


def test_acceptance_is_the_third_partys_or_the_firms(world):
    with pytest.raises(ValidationError) as error:
        _file(world, level="street", kind="acceptance")
    assert "kind" in error.value.message_dict


def test_a_supervision_problem_comes_up_at_the_next_weekly_meeting_by_itself(world):
    from progress import selectors as progress_selectors

    _file(world, checks=_checks("围挡破损"))
    meeting = progress_services.meeting_create(
        user=world.users["street_staff"], street=world.street_a,
        date=TODAY + datetime.timedelta(days=3), title="下周例会",
    )  # fmt: skip
    carried = progress_selectors.meeting_problems(meeting=meeting, user=world.users["inspector"])
    assert any("围挡破损" in problem.description for problem in carried["carried"])


def test_a_fix_due_before_the_check_is_refused_by_the_service(world):
    with pytest.raises(ValidationError) as error:
        _file(world, deadline=TODAY - datetime.timedelta(days=1))
    assert _english(error) == {"deadline": ["The fix cannot be due before the check."]}
    assert not SupervisionRecord.objects.exists()


def test_a_failed_item_without_a_note_is_refused_before_anything_is_saved(world):
    checks = [*_checks(), {"item": "消防通道畅通", "passed": False, "note": ""}]
    with pytest.raises(ValidationError) as error:
        _file(world, checks=checks)
    assert _english(error) == {"check_3": ["Say what failed, so it can be fixed."]}
    assert not SupervisionRecord.objects.exists()


def test_a_correction_of_a_record_needs_a_reason(world):
    record = _file(world)
    user = world.users["street_staff"]
    for reason in ("", "  "):
        with pytest.raises(ValidationError) as error:
            svc.record_update(record=record, user=user, findings="整体良好", reason=reason)
        assert _english(error) == {"change_reason": ["Say why the record is corrected."]}
    svc.record_update(record=record, user=user, findings="整体良好", reason="补记检查人")
    assert record.history.first().history_change_reason == "补记检查人"


def _english(error) -> dict:
    """The refusal's sentences by field, read in English."""
    with translation.override("en"):
        return error.value.message_dict
