"""The inspection pages: the list with its filters; recording a visit (the street first); a
visit's page with what was reviewed, the sites, the requirements and their problems, the
street's answer (its form for street staff only), the figures then and now, and the history;
adding a requirement; answering. Bad input gets a message, never a 500."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common import clock
from compounds.models import Compound
from oversight.inspections import services as svc
from oversight.models import Inspection
from tests.utils import page_text

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = clock.today()


VISIT_DAY = D(2020, 6, 18)


def _record(world, street=None, date=VISIT_DAY, **fields):
    return svc.inspection_create(
        user=world.users["inspector"],
        street=street or world.street_a,
        date=date,
        group=fields.pop("group", "金水区委组织科督导组"),
        **fields,
    )


@pytest.fixture
def inspection(world):
    Compound.objects.filter(pk=world.a1.pk).update(person_in_charge="王建军")
    world.a1.refresh_from_db()
    inspection = _record(
        world,
        reviewed="听取工作汇报；查阅工作进度表、情况统计表",
        compounds_visited=[world.a1, world.a2],
        other_sites="建业凯旋广场（商圈党建示范点）",
        findings="充分肯定成效",
    )
    svc.requirement_add(
        user=world.users["inspector"], inspection=inspection, text="继续强化党建引领"
    )
    svc.requirement_add(
        user=world.users["inspector"], inspection=inspection, text="保持楼道专人清扫保洁",
        compound=world.a1, deadline=D(2020, 7, 3),
    )  # fmt: skip
    return inspection


# --- The list ---------------------------------------------------------------------------------


def _listed(client, params=None):
    response = client.get(reverse("oversight:inspection_list"), params or {})
    assert response.status_code == 200
    return response, [i.pk for i in response.context["page"].object_list]


def test_the_list_filters_by_street_dates_and_answer(client, world, inspection):
    other = _record(world, street=world.street_b, date=D(2020, 8, 1))
    svc.inspection_answer(user=None, inspection=other, answer="已整改")
    client.force_login(world.users["inspector"])
    assert _listed(client)[1] == [other.pk, inspection.pk]
    assert _listed(client, {"street": world.street_a.pk})[1] == [inspection.pk]
    assert _listed(client, {"date_from": "2020-07-01"})[1] == [other.pk]
    assert _listed(client, {"date_to": "2020-07-01"})[1] == [inspection.pk]
    assert _listed(client, {"answered": "true"})[1] == [other.pk]
    assert _listed(client, {"answered": "false"})[1] == [inspection.pk]
    assert _listed(client, {"q": "党建示范点"})[1] == [inspection.pk]
    assert _listed(client, {"compound": world.a2.pk})[1] == [inspection.pk]
    assert _listed(client, {"compound": world.b1.pk})[1] == []


def test_the_list_shows_each_visit_and_its_open_problems(client, world, inspection, en):
    client.force_login(world.users["street_staff"])
    response, pks = _listed(client)
    text = page_text(response)
    assert pks == [inspection.pk]
    assert "金水区委组织科督导组" in text and "甲一1号院" in text
    assert "1 problem open" in text
    assert "waiting" in text
    assert reverse("oversight:inspection_create") not in response.content.decode()


def test_the_street_sees_only_its_own_visits(client, world, inspection):
    _record(world, street=world.street_b)
    client.force_login(world.users["community_staff"])
    assert _listed(client)[1] == [inspection.pk]


@pytest.mark.parametrize(
    "params", [{"answered": "maybe"}, {"date_from": "June"}, {"street": "x"}, {"page": "99"}]
)
def test_bad_filters_list_nothing_and_say_so(client, world, inspection, params, en):
    client.force_login(world.users["inspector"])
    response = client.get(reverse("oversight:inspection_list"), params)
    assert response.status_code == 200
    if "page" not in params:
        assert "Some filters are not valid" in page_text(response)
        assert list(response.context["page"].object_list) == []


# --- Recording a visit ------------------------------------------------------------------------


def test_the_inspector_chooses_the_street_then_records_the_visit(client, world, en):
    client.force_login(world.users["inspector"])
    url = reverse("oversight:inspection_create")
    picker = client.get(url)
    assert picker.status_code == 200
    assert "甲街道" in page_text(picker) and "乙街道" in page_text(picker)
    form = client.get(url, {"street": world.street_a.pk})
    choices = list(form.context["form"].fields["compounds_visited"].queryset)
    assert choices == [world.a1, world.a2]  # street 甲's compounds only
    response = client.post(
        url,
        {
            "street": world.street_a.pk, "date": "2020-06-18", "group": "金水区委组织科督导组",
            "reviewed": "听取工作汇报", "compounds_visited": [world.a1.pk],
            "other_sites": "万象美物业（红色物业）", "findings": "成效明显",
        },
    )  # fmt: skip
    inspection = Inspection.objects.get()
    assert response["Location"] == inspection.get_absolute_url()
    assert inspection.street == world.street_a
    assert inspection.figures["plans"][0]["compounds"] == 2
    assert list(inspection.compounds_visited.all()) == [world.a1]
    # The next visit's form remembers the group.
    assert client.get(url, {"street": world.street_a.pk}).context["form"].initial["group"] == (
        "金水区委组织科督导组"
    )


@pytest.mark.parametrize("street", ["abc", "999999", "-1"])
def test_an_unknown_street_gets_the_choice_again(client, world, street, en):
    client.force_login(world.users["inspector"])
    response = client.post(
        reverse("oversight:inspection_create"), {"street": street, "group": "督导组"}
    )
    assert response.status_code == 200
    assert "Choose one of the streets you cover" in page_text(response)
    assert not Inspection.objects.exists()


def test_a_visit_in_the_future_or_of_anothers_compound_is_refused(client, world, en):
    client.force_login(world.users["inspector"])
    response = client.post(
        reverse("oversight:inspection_create"),
        {
            "street": world.street_a.pk,
            "date": (TODAY + datetime.timedelta(days=2)).isoformat(),
            "group": "",
            "compounds_visited": [world.b1.pk],
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"date", "group", "compounds_visited"} <= errors.keys()
    assert "This day is in the future." in page_text(response)
    assert not Inspection.objects.exists()


# --- A visit's page ---------------------------------------------------------------------------


def test_the_page_shows_the_visit_requirements_problems_and_figures(client, world, inspection, en):
    client.force_login(world.users["inspector"])
    response = client.get(inspection.get_absolute_url())
    assert response.status_code == 200
    text = page_text(response)
    html = response.content.decode()
    shown = ["听取工作汇报；查阅工作进度表、情况统计表", "建业凯旋广场（商圈党建示范点）",
             "充分肯定成效", "继续强化党建引领", "保持楼道专人清扫保洁", "王建军"]  # fmt: skip
    for words in shown:
        assert words in text
    assert world.a1.get_absolute_url() in html and world.a2.get_absolute_url() in html
    problem = inspection.requirements.get(compound=world.a1).rectification
    assert problem.get_absolute_url() in html
    assert "open" in text and "overdue" in text  # its status, and past its deadline
    assert "compounds started" in text and "This is the first recorded visit" in text
    assert reverse("oversight:inspection_requirement_create", args=[inspection.pk]) in html
    assert reverse("oversight:inspection_answer", args=[inspection.pk]) not in html
    assert "The street has not answered yet." in text


def test_the_street_gets_the_answer_form_not_the_groups_buttons(client, world, inspection):
    client.force_login(world.users["street_staff"])
    html = client.get(inspection.get_absolute_url()).content.decode()
    assert reverse("oversight:inspection_answer", args=[inspection.pk]) in html
    assert reverse("oversight:inspection_update", args=[inspection.pk]) not in html
    assert reverse("oversight:inspection_requirement_create", args=[inspection.pk]) not in html


def test_a_community_reads_but_links_only_what_it_may_open(client, world, inspection):
    """Community 甲二 sees the visit, but a1 (甲一) and its problem are not its to open."""
    client.force_login(world.users["other_community_staff"])
    response = client.get(inspection.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert world.a2.get_absolute_url() in html
    assert world.a1.get_absolute_url() not in html
    problem = inspection.requirements.get(compound=world.a1).rectification
    assert problem.get_absolute_url() not in html
    assert reverse("oversight:inspection_answer", args=[inspection.pk]) not in html


def test_another_streets_visit_is_not_found(client, world):
    other = _record(world, street=world.street_b)
    client.force_login(world.users["street_staff"])
    assert client.get(other.get_absolute_url()).status_code == 404


def test_the_figures_of_the_previous_visit_and_today_are_beside_with_changes(
    client, world, inspection, en
):
    Compound.objects.filter(pk=world.a2.pk).update(status="started", started_on=D(2020, 6, 20))
    later = _record(world, date=D(2020, 7, 20))
    Compound.objects.filter(pk=world.a1.pk).update(status="planned", started_on=None)
    client.force_login(world.users["inspector"])
    response = client.get(later.get_absolute_url())
    html = response.content.decode()
    assert "previous visit" in page_text(response)
    assert inspection.get_absolute_url() in html
    assert "text-success" in html  # started 1 → 2 since the previous visit: better
    assert "text-danger" in html  # started 2 → 1 since this visit: worse
    assert "▲ +1" in html and "▼ -1" in html


def test_the_history_shows_the_answer_and_the_visited_compounds(client, world, inspection, en):
    svc.inspection_answer(
        user=world.users["street_staff"], inspection=inspection, answer="已逐条整改"
    )
    client.force_login(world.users["inspector"])
    text = page_text(client.get(inspection.get_absolute_url()))
    assert "the street's answer: — → 已逐条整改" in text
    assert "compounds visited: — → 甲一1号院、甲二2号院" in text


# --- Correcting a visit, adding requirements ------------------------------------------------


def test_the_group_corrects_its_record(client, world, inspection):
    client.force_login(world.users["inspector"])
    url = reverse("oversight:inspection_update", args=[inspection.pk])
    form = client.get(url)
    assert form.status_code == 200
    response = client.post(
        url,
        {"date": "2020-06-19", "group": "金水区委组织科督导组", "reviewed": "听取汇报",
         "compounds_visited": [world.a2.pk], "findings": "改造成效明显"},
    )  # fmt: skip
    assert response["Location"] == inspection.get_absolute_url()
    inspection.refresh_from_db()
    assert (inspection.date, inspection.findings) == (D(2020, 6, 19), "改造成效明显")
    assert list(inspection.compounds_visited.all()) == [world.a2]


def test_the_street_may_not_correct_the_record(client, world, inspection, en):
    client.force_login(world.users["street_staff"])
    response = client.get(reverse("oversight:inspection_update", args=[inspection.pk]))
    assert response.status_code == 403
    assert "Only the district's inspection group" in page_text(response)


def test_a_requirement_about_a_compound_leads_to_its_problem_and_back(client, world, inspection):
    """The done-criterion: an inspector opens the problem and follows it back to the visit."""
    client.force_login(world.users["inspector"])
    response = client.post(
        reverse("oversight:inspection_requirement_create", args=[inspection.pk]),
        {"text": "拆除楼道私搭乱建", "compound": world.a2.pk, "owner": "李秀梅",
         "deadline": "2020-07-10"},
    )  # fmt: skip
    assert response["Location"] == inspection.get_absolute_url()
    requirement = inspection.requirements.get(text="拆除楼道私搭乱建")
    assert requirement.order == 3
    problem = requirement.rectification
    page = client.get(problem.get_absolute_url())
    assert page.status_code == 200
    assert inspection.get_absolute_url() in page.content.decode()


def test_add_another_comes_back_to_the_form(client, world, inspection):
    client.force_login(world.users["inspector"])
    url = reverse("oversight:inspection_requirement_create", args=[inspection.pk])
    response = client.post(url, {"text": "打造党建示范点", "another": "1"})
    assert response["Location"] == url


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "清扫保洁", "compound": "a2"}, "Give the day by which it must be done"),
        ({"text": "清扫保洁", "deadline": "2020-07-01"}, "name the compound"),
        ({"text": "清扫保洁", "compound": "b1", "deadline": "2020-07-01"}, "valid choice"),
        ({"text": "", "compound": "a1", "deadline": "2020-07-01"}, "This field is required."),
        ({"text": "清扫", "compound": "a1", "deadline": "2020-06-01"}, "before the visit"),
        ({"text": "清扫", "compound": "a1", "deadline": "July"}, "Enter a valid date."),
    ],
)
def test_a_wrong_requirement_comes_back_with_the_reason(
    client, world, inspection, data, message, en
):
    data = dict(data)
    if "compound" in data:
        data["compound"] = getattr(world, data["compound"]).pk
    client.force_login(world.users["inspector"])
    response = client.post(
        reverse("oversight:inspection_requirement_create", args=[inspection.pk]), data
    )
    assert response.status_code == 200
    assert message in page_text(response)
    assert inspection.requirements.count() == 2


# --- Answering --------------------------------------------------------------------------------


def test_the_street_answers_from_the_page(client, world, inspection, en):
    client.force_login(world.users["street_staff"])
    response = client.post(
        reverse("oversight:inspection_answer", args=[inspection.pk]),
        {"answer": "已逐条列入整改台账", "answered_on": "2020-06-24"},
    )
    assert response["Location"] == inspection.get_absolute_url()
    inspection.refresh_from_db()
    assert (inspection.answer, inspection.answered_on) == ("已逐条列入整改台账", D(2020, 6, 24))
    text = page_text(client.get(inspection.get_absolute_url()))
    assert "answered by the street" in text and "Correct the street's answer" in text


def test_the_inspector_may_not_answer(client, world, inspection, en):
    client.force_login(world.users["inspector"])
    response = client.post(
        reverse("oversight:inspection_answer", args=[inspection.pk]), {"answer": "代答"}
    )
    assert response.status_code == 403
    assert "Only the street's staff answer an inspection" in page_text(response)
    inspection.refresh_from_db()
    assert inspection.answer == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"answer": ""}, "This field is required."),
        ({"answer": "已整改", "answered_on": "2020-06-01"}, "cannot answer before the visit"),
        ({"answer": "已整改", "answered_on": "2999-01-01"}, "This day is in the future."),
        ({"answer": "已整改", "answered_on": "yesterday"}, "Enter a valid date."),
    ],
)
def test_a_wrong_answer_comes_back_on_the_page(client, world, inspection, data, message, en):
    client.force_login(world.users["street_staff"])
    response = client.post(reverse("oversight:inspection_answer", args=[inspection.pk]), data)
    assert response.status_code == 200
    assert message in page_text(response)
    inspection.refresh_from_db()
    assert inspection.answer == ""


def test_the_list_takes_the_same_queries_however_many_visits(client, world, inspection):
    client.force_login(world.users["inspector"])
    url = reverse("oversight:inspection_list")
    client.get(url)  # the session and the user's roles, once

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    one = count()
    for day in range(1, 6):
        visit = _record(world, date=D(2020, 7, day), compounds_visited=[world.a1, world.a2])
        svc.requirement_add(user=None, inspection=visit, text="党建引领")
    assert count() == one
