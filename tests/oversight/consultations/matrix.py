"""Permission-matrix entries of the consultations pages (merged by tests/test_permission_matrix.py).

Households are staff-only (the resident supervisor follows elevator additions and surveys, not
the homes); the inspector reads everything and changes nothing; the other community gets 404.
"""

from oversight.models import ElevatorConsent
from tests.matrix import (
    A1_EDIT_PAGE,
    A1_EDITED,
    A1_PAGE,
    API_A1,
    API_A1_CREATED,
    API_A1_WRITE,
    API_LIST,
    PUBLIC,
    STAFF_PAGE,
    Page,
    Write,
)

HOMES_PAGE = A1_PAGE | {"supervisor": 403}  # no homes for the supervisor
# The households' codes answer surveys: printed by staff who hold the personal-data right only.
SLIPS_PAGE = HOMES_PAGE | {"inspector": 403}
API_HOMES_LIST = API_LIST | {"supervisor": 403}
API_HOMES_A1 = API_A1 | {"supervisor": 403}


def _building_a1_2(w):
    return w.a1.buildings.get(number="2号楼")


def _consent_a1(w):
    consent, _created = ElevatorConsent.objects.get_or_create(
        project=w.elevator_a1, household=w.household_a1, defaults={"answer": "agree"}
    )
    return consent


def _question_field(w):
    question = w.survey_a1.questions.get()
    return f"q_{question.pk}", question.options.order_by("order").first().pk


def _survey_record_post(w):
    name, option = _question_field(w)
    return {"household": w.household_a1.pk, name: option}


def _survey_answer_post(w):
    name, option = _question_field(w)
    return {"code": "h-test-0001", "step": "answers", name: option}


MATRIX = {
    "oversight:household_list": Page(
        url_kwargs=lambda w: {"building_pk": w.building_a1.pk}, get=HOMES_PAGE
    ),
    "oversight:household_create": Page(
        url_kwargs=lambda w: {"building_pk": w.building_a1.pk},
        get=A1_EDIT_PAGE,
        write=Write(
            "post",
            lambda w: {
                "unit": "1",
                "door": "102",
                "floor": 1,
                "floor_area": "75.50",
                "owner_name": "王大爷",
            },
            A1_EDITED,
        ),
    ),
    "oversight:household_update": Page(
        url_kwargs=lambda w: {"pk": w.household_a1.pk},
        get=A1_EDIT_PAGE,
        write=Write(
            "post",
            lambda w: {
                "unit": "1",
                "door": "101",
                "floor": 1,
                "floor_area": "82.00",
                "owner_name": "赵大妈",
            },
            A1_EDITED,
        ),
    ),
    # Printing codes needs the right to personal data (the inspector's role reads it all).
    "oversight:household_slips": Page(
        url_kwargs=lambda w: {"building_pk": w.building_a1.pk}, get=SLIPS_PAGE
    ),
    "oversight:elevator_list": Page(get=STAFF_PAGE),
    "oversight:elevator_detail": Page(url_kwargs=lambda w: {"pk": w.elevator_a1.pk}, get=A1_PAGE),
    "oversight:compound_elevators": Page(
        url_kwargs=lambda w: {"compound_pk": w.a1.pk}, get=A1_PAGE
    ),
    "oversight:elevator_create": Page(
        url_kwargs=lambda w: {"building_pk": _building_a1_2(w).pk},
        get=A1_EDIT_PAGE,
        write=Write(
            "post",
            lambda w: {"consulting_since": "2020-06-01", "notes": "预留电梯井位置"},
            A1_EDITED,
        ),
    ),
    # Correcting the day consulting began (moving on needs consent, which the world lacks).
    "oversight:elevator_stage": Page(
        url_kwargs=lambda w: {"pk": w.elevator_a1.pk},
        get=A1_EDIT_PAGE,
        write=Write("post", lambda w: {"stage": "consulting", "day": "2020-05-02"}, A1_EDITED),
    ),
    "oversight:elevator_consent": Page(
        url_kwargs=lambda w: {"pk": w.elevator_a1.pk, "household_pk": w.household_a1.pk},
        get=A1_EDIT_PAGE,
        write=Write("post", lambda w: {"answer": "agree", "answered_on": "2020-06-01"}, A1_EDITED),
    ),
    "oversight:survey_list": Page(get=STAFF_PAGE),
    "oversight:survey_create": Page(
        url_kwargs=lambda w: {"compound_pk": w.a1.pk},
        get=A1_EDIT_PAGE,
        write=Write(
            "post",
            lambda w: {
                "title": "晾衣架位置",
                "opens_on": "2020-06-01",
                "closes_on": "2030-06-30",
                "questions": "晾衣架装在哪里？\n楼前空地\n楼后空地",
            },
            A1_EDITED,
        ),
    ),
    "oversight:survey_detail": Page(url_kwargs=lambda w: {"pk": w.survey_a1.pk}, get=A1_PAGE),
    "oversight:survey_record": Page(
        url_kwargs=lambda w: {"pk": w.survey_a1.pk},
        get=A1_EDIT_PAGE,
        write=Write("post", _survey_record_post, A1_EDITED),
    ),
    # Residents answer with their household's code, no account needed.
    "oversight:survey_answer": Page(
        url_kwargs=lambda w: {"pk": w.survey_a1.pk},
        get=PUBLIC,
        write=Write("post", _survey_answer_post, PUBLIC),
    ),
    "api:elevatorproject-list": Page(
        get=API_LIST,
        write=Write(
            "post",
            lambda w: {"building": _building_a1_2(w).pk, "consulting_since": "2020-06-01"},
            API_A1_CREATED,
        ),
    ),
    "api:elevatorproject-detail": Page(
        url_kwargs=lambda w: {"pk": w.elevator_a1.pk},
        get=API_A1,
        write=Write("patch", lambda w: {"notes": "业主代表：赵大妈"}, API_A1_WRITE),
    ),
    "api:elevatorconsent-list": Page(
        get=API_HOMES_LIST,
        write=Write(
            "post",
            lambda w: {
                "project": w.elevator_a1.pk,
                "household": w.household_a1.pk,
                "answer": "agree",
                "answered_on": "2020-06-01",
            },
            API_A1_CREATED,
        ),
    ),
    "api:elevatorconsent-detail": Page(
        url_kwargs=lambda w: {"pk": _consent_a1(w).pk},
        get=API_HOMES_A1,
        write=Write("patch", lambda w: {"answer": "disagree"}, API_A1_WRITE),
    ),
    "api:household-list": Page(
        get=API_HOMES_LIST,
        write=Write(
            "post",
            lambda w: {
                "building": w.building_a1.pk,
                "unit": "1",
                "door": "102",
                "floor_area": "75.50",
            },
            API_A1_CREATED,
        ),
    ),
    "api:household-detail": Page(
        url_kwargs=lambda w: {"pk": w.household_a1.pk},
        get=API_HOMES_A1,
        write=Write("patch", lambda w: {"floor_area": "81.00"}, API_A1_WRITE),
    ),
    "api:survey-list": Page(get=API_LIST),
    "api:survey-detail": Page(url_kwargs=lambda w: {"pk": w.survey_a1.pk}, get=API_A1),
}
