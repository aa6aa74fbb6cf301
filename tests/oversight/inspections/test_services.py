"""District inspections, reads and writes: the figures frozen on a visit (JSON, a fixed number
of queries) and compared with the previous visit and today; the inspection group records and
corrects visits and adds requirements (one naming a compound raises a problem the district
verifies); only the street's staff answer."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from common import clock
from compounds.models import Compound
from oversight.inspections import selectors
from oversight.inspections import services as svc
from oversight.models import Inspection
from progress import services as progress_services
from progress.models import Rectification
from progress.selectors import rectification_origin
from tests.factories import BuildingFactory, CompoundFactory, RenovationPlanFactory

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = clock.today()


def record(world, *, user=None, street=None, date=None, **fields):
    return svc.inspection_create(
        user=user or world.users["inspector"],
        street=street or world.street_a,
        date=date or D(2020, 6, 18),
        group=fields.pop("group", "金水区委组织科督导组"),
        **fields,
    )


@pytest.fixture(autouse=True)
def english():
    """The services' sentences in English, as the tests quote them."""
    with translation.override("en"):
        yield


@pytest.fixture
def inspection(world):
    return record(
        world,
        reviewed="听取工作汇报；查阅工作进度表、情况统计表",
        compounds_visited=[world.a1, world.a2],
        other_sites="建业凯旋广场（商圈党建示范点）",
        findings="充分肯定成效",
    )


# --- Figures ----------------------------------------------------------------------------------


def test_figures_hold_each_plans_totals_opinions_and_problems_as_json(world):
    """Street 甲's plan: a1 started of a1 and a2 (50%), three buildings, 90 households; the
    world's opinion; problem_a1 open (not overdue), and one overdue one from supervision."""
    Rectification.objects.create(
        compound=world.a2, source="supervision", level="firm", description="渗水",
        owner="张伟", deadline=TODAY - datetime.timedelta(days=1),
    )  # fmt: skip
    figures = selectors.inspection_figures(street=world.street_a)
    assert json.loads(json.dumps(figures)) == figures  # JSON as it is, no encoder needed
    (plan,) = figures["plans"]
    assert plan["id"] == world.plan_a.pk
    assert {k: plan[k] for k in ("compounds", "started", "start_rate", "completed")} == {
        "compounds": 2, "started": 1, "start_rate": 50, "completed": 0,
    }  # fmt: skip
    assert (plan["buildings"], plan["households"]) == (3, 90)
    assert isinstance(plan["floor_area"], str)  # a Decimal, kept as a string
    assert plan["opinions"]["received"] == 1
    assert plan["opinions"]["answered"] == 0
    assert plan["opinions"]["median_reply_days"] is None
    problems = figures["problems"]
    assert (problems["open"], problems["overdue"]) == (2, 1)
    assert problems["by_source"]["weekly_meeting"] == {"open": 1, "overdue": 0}
    assert problems["by_source"]["supervision"] == {"open": 1, "overdue": 1}
    assert problems["by_level"]["street"] == {"open": 1, "overdue": 0}
    assert problems["by_level"]["firm"] == {"open": 1, "overdue": 1}
    assert problems["by_source"]["inspection"] == {"open": 0, "overdue": 0}


def test_figures_leave_out_other_streets_and_resolved_problems(world):
    Rectification.objects.create(
        compound=world.b1, description="乙的问题", owner="周强", deadline=D(2020, 1, 1)
    )
    Rectification.objects.filter(pk=world.problem_a1.pk).update(
        status="closed", resolution="已清理", closed_on=TODAY
    )
    figures = selectors.inspection_figures(street=world.street_a)
    assert figures["problems"]["open"] == 0
    assert [p["id"] for p in figures["plans"]] == [world.plan_a.pk]


def _queries(street):
    with CaptureQueriesContext(connection) as context:
        selectors.inspection_figures(street=street)
    return len(context.captured_queries)


def test_figures_take_a_fixed_number_of_queries(world):
    """1 for the plans, per plan 2 for its totals and 3 for its opinions (counts, topics,
    overdue; the median is one more once some are answered), 1 for the problems: more
    compounds, buildings, problems and opinions add none."""
    per_plan = 5
    assert _queries(world.street_a) == 2 + per_plan
    for number in range(5):
        compound = CompoundFactory(
            community=world.community_a2, plan=world.plan_a, name=f"新增{number}号院"
        )
        BuildingFactory(compound=compound)
        Rectification.objects.create(
            compound=compound, description="问题", owner="张伟", deadline=D(2020, 1, 1)
        )
    assert _queries(world.street_a) == 2 + per_plan
    RenovationPlanFactory(street=world.street_a, year=2021, name="2021年计划")
    assert _queries(world.street_a) == 2 + 2 * per_plan


# --- Recording a visit ------------------------------------------------------------------------


def test_a_visit_freezes_the_figures_and_the_next_visit_sees_what_changed(world, inspection):
    """Figures kept on the visit stay as they were; the comparison shows them beside the
    previous visit's and today's, with each change marked better or worse."""
    assert inspection.figures["plans"][0]["started"] == 1
    assert inspection.recorded_by == world.users["inspector"]
    assert set(inspection.compounds_visited.all()) == {world.a1, world.a2}
    # Afterwards a2 starts and a problem becomes overdue.
    Compound.objects.filter(pk=world.a2.pk).update(status="started", started_on=D(2020, 6, 20))
    Rectification.objects.filter(pk=world.problem_a1.pk).update(deadline=D(2020, 6, 1))
    inspection.refresh_from_db()
    assert inspection.figures["plans"][0]["started"] == 1
    compared = selectors.figures_compared(inspection)
    assert compared["previous"] is None
    rows = {row["key"]: row for row in compared["rows"]}
    started = rows[f"plan:{world.plan_a.pk}:started"]
    assert (started["at_visit"], started["now"], started["since_visit"]) == (1, 2, 1)
    assert started["trend_since_visit"] == "better"
    assert started["at_previous"] is None and started["since_previous"] is None
    overdue = rows["problems:overdue"]
    assert (overdue["at_visit"], overdue["now"], overdue["trend_since_visit"]) == (0, 1, "worse")
    assert rows[f"plan:{world.plan_a.pk}:start_rate"]["since_visit"] == 50

    later = record(world, date=D(2020, 7, 20))
    compared = selectors.figures_compared(later)
    assert compared["previous"] == inspection
    rows = {row["key"]: row for row in compared["rows"]}
    started = rows[f"plan:{world.plan_a.pk}:started"]
    assert (started["at_previous"], started["at_visit"], started["since_previous"]) == (1, 2, 1)
    assert started["trend_since_previous"] == "better"


def test_the_previous_visit_is_of_the_same_street(world, inspection):
    record(world, street=world.street_b, date=D(2020, 7, 1))
    later = record(world, date=D(2020, 7, 20))
    same_day = record(world, date=D(2020, 7, 20), group="区督导组第二组")
    assert selectors.previous_inspection(later) == inspection
    assert selectors.previous_inspection(same_day) == later
    assert selectors.previous_inspection(inspection) is None


def test_problem_rows_of_no_source_are_left_out_but_totals_stay(world, inspection):
    keys = [row["key"] for row in selectors.figures_compared(inspection)["rows"]]
    assert "problems:open" in keys and "problems:overdue" in keys
    assert "problems:by_source:weekly_meeting:open" in keys
    assert "problems:by_source:opinion:open" not in keys


def test_street_staff_do_not_record_visits(world):
    with pytest.raises(PermissionDenied):
        record(world, user=world.users["street_staff"])
    assert not Inspection.objects.exists()


def test_a_visit_sees_compounds_of_its_own_street_only(world):
    with pytest.raises(ValidationError) as error:
        record(world, compounds_visited=[world.a1, world.b1])
    assert "乙一3号院" in error.value.message_dict["compounds_visited"][0]
    assert not Inspection.objects.exists()


def test_a_visit_cannot_be_dated_in_the_future(world):
    with pytest.raises(ValidationError) as error:
        record(world, date=TODAY + datetime.timedelta(days=1))
    assert "date" in error.value.message_dict


def test_a_visit_needs_its_group(world):
    with pytest.raises(ValidationError) as error:
        record(world, group="  ")
    assert "group" in error.value.message_dict


def test_the_group_corrects_its_record_but_not_the_figures_street_or_answer(world, inspection):
    figures = inspection.figures
    svc.inspection_update(
        inspection=inspection,
        user=world.users["inspector"],
        findings=" 改造成效明显 ",
        compounds_visited=[world.a1],
        street=world.street_b,
        figures={"forged": True},
        answer="替街道回答",
    )
    inspection.refresh_from_db()
    assert inspection.findings == "改造成效明显"
    assert list(inspection.compounds_visited.all()) == [world.a1]
    assert inspection.street == world.street_a
    assert inspection.figures == figures
    assert inspection.answer == ""
    assert inspection.history.first().history_user == world.users["inspector"]


def test_the_street_does_not_change_the_groups_record(world, inspection):
    with pytest.raises(PermissionDenied) as error:
        svc.inspection_update(
            inspection=inspection, user=world.users["street_staff"], findings="改写"
        )
    assert "inspection group" in str(error.value)


def test_a_correction_keeps_visited_compounds_in_the_street(world, inspection):
    with pytest.raises(ValidationError) as error:
        svc.inspection_update(
            inspection=inspection, user=world.users["inspector"], compounds_visited=[world.b1]
        )
    assert "compounds_visited" in error.value.message_dict


# --- Requirements -----------------------------------------------------------------------------


def test_a_requirement_for_the_street_raises_no_problem(world, inspection):
    first = svc.requirement_add(
        user=world.users["inspector"], inspection=inspection, text=" 继续强化党建引领 "
    )
    second = svc.requirement_add(
        user=world.users["inspector"], inspection=inspection, text="打造党建示范点"
    )
    assert (first.order, second.order) == (1, 2)
    assert first.text == "继续强化党建引领"
    assert first.rectification is None
    assert first.get_absolute_url() == inspection.get_absolute_url()


def test_a_requirement_about_a_compound_raises_a_problem_the_district_verifies(world, inspection):
    """The problem is from the inspection, at the district's level, owned by the compound's
    person in charge, answered for by the street; it leads back to the inspection."""
    Compound.objects.filter(pk=world.a1.pk).update(person_in_charge="王建军")
    world.a1.refresh_from_db()
    requirement = svc.requirement_add(
        user=world.users["inspector"],
        inspection=inspection,
        text="保持道路和楼道专人清扫保洁",
        compound=world.a1,
        deadline=D(2020, 7, 3),
    )
    problem = requirement.rectification
    assert (problem.source, problem.level, problem.status) == ("inspection", "district", "open")
    assert (problem.owner, problem.responsible_unit) == ("王建军", world.street_a.name)
    assert problem.deadline == D(2020, 7, 3)
    assert problem.compound == world.a1
    assert problem.description == "保持道路和楼道专人清扫保洁"
    assert problem.raised_by == world.users["inspector"]
    assert problem.origin == requirement
    assert rectification_origin(problem)["url"] == inspection.get_absolute_url()

    # The street fixes it; only the district closes it.
    problem = progress_services.rectification_update(
        rectification=problem, user=world.users["street_staff"], status="submitted",
        resolution="物业安排专人保洁",
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        progress_services.rectification_verify(
            rectification=problem, user=world.users["street_staff"], verdict="close"
        )
    closed = progress_services.rectification_verify(
        rectification=problem, user=world.users["inspector"], verdict="close"
    )
    assert closed.status == "closed"


def test_a_named_owner_and_unit_are_kept(world, inspection):
    requirement = svc.requirement_add(
        user=world.users["inspector"], inspection=inspection, text="拆除违建",
        compound=world.a2, owner="李秀梅", responsible_unit="甲二社区", deadline=D(2020, 7, 1),
    )  # fmt: skip
    assert (requirement.rectification.owner, requirement.rectification.responsible_unit) == (
        "李秀梅",
        "甲二社区",
    )


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"compound": "a1"}, "deadline", "Give the day"),
        ({"compound": "a1", "deadline": D(2020, 6, 1)}, "deadline", "before the visit"),
        ({"compound": "a1", "deadline": D(2020, 7, 1), "owner": ""}, "owner", "person in charge"),
        ({"deadline": D(2020, 7, 1)}, "compound", "name the compound"),
        ({"owner": "王建军"}, "compound", "name the compound"),
        ({"compound": "b1", "deadline": D(2020, 7, 1), "owner": "周强"}, "compound", "another"),
        ({"text": "  "}, "text", ""),
        ({"text": "长" * 501}, "text", ""),
    ],
)
def test_a_requirement_with_missing_or_wrong_details_is_refused(
    world, inspection, fields, field, words
):
    """Each refusal says what to do, on the field concerned; nothing is saved."""
    fields = dict(fields)
    if "compound" in fields:
        fields["compound"] = getattr(world, fields["compound"])
    fields.setdefault("text", "保持楼道整洁")
    with pytest.raises(ValidationError) as error:
        svc.requirement_add(user=world.users["inspector"], inspection=inspection, **fields)
    assert field in error.value.message_dict
    assert words in " ".join(error.value.message_dict[field])
    assert not inspection.requirements.exists()
    assert not Rectification.objects.filter(source="inspection").exists()


def test_the_street_does_not_add_requirements(world, inspection):
    with pytest.raises(PermissionDenied):
        svc.requirement_add(user=world.users["street_staff"], inspection=inspection, text="x")


# --- The street's answer ----------------------------------------------------------------------


def test_the_streets_staff_answer(world, inspection):
    svc.inspection_answer(
        user=world.users["street_staff"], inspection=inspection, answer=" 已逐条整改 "
    )
    inspection.refresh_from_db()
    assert (inspection.answer, inspection.answered_on) == ("已逐条整改", TODAY)
    assert inspection.history.first().history_user == world.users["street_staff"]


@pytest.mark.parametrize("who", ["inspector", "community_staff", "other_community_staff"])
def test_no_one_else_answers(world, inspection, who):
    """The inspection group, and the communities, get a refusal that says who answers."""
    with pytest.raises(PermissionDenied) as error:
        svc.inspection_answer(user=world.users[who], inspection=inspection, answer="已整改")
    assert "street's staff" in str(error.value)
    inspection.refresh_from_db()
    assert inspection.answer == ""


def test_another_streets_staff_do_not_answer(world):
    other = record(world, street=world.street_b)
    with pytest.raises(PermissionDenied):
        svc.inspection_answer(user=world.users["street_staff"], inspection=other, answer="x")


@pytest.mark.parametrize(
    ("answer", "answered_on", "field"),
    [
        ("  ", None, "answer"),
        ("已整改", D(2020, 6, 1), "answered_on"),  # before the visit
        ("已整改", TODAY + datetime.timedelta(days=1), "answered_on"),
    ],
)
def test_a_wrong_answer_is_refused(world, inspection, answer, answered_on, field):
    with pytest.raises(ValidationError) as error:
        svc.inspection_answer(
            user=world.users["street_staff"], inspection=inspection, answer=answer,
            answered_on=answered_on,
        )  # fmt: skip
    assert field in error.value.message_dict


def test_the_list_counts_requirements_and_open_problems(world, inspection):
    svc.requirement_add(user=world.users["inspector"], inspection=inspection, text="党建引领")
    svc.requirement_add(
        user=world.users["inspector"], inspection=inspection, text="清扫保洁",
        compound=world.a1, owner="王建军", deadline=D(2020, 7, 1),
    )  # fmt: skip
    row = selectors.inspection_list(user=world.users["street_staff"]).get(pk=inspection.pk)
    assert (row.requirement_count, row.open_problem_count) == (2, 1)
    assert selectors.inspection_list(user=world.users["other_community_staff"]).exists()
