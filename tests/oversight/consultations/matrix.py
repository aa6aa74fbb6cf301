"""Permission-matrix entries of the consultations pages (merged by tests/test_permission_matrix.py).

Households are staff-only (the resident supervisor follows elevator additions and surveys, not
the homes); the inspector reads everything and changes nothing; the other community gets 404.
"""

from oversight.models import ElevatorConsent
from tests.matrix import (
    A1_EDIT_PAGE,
    A1_PAGE,
    API_A1,
    API_A1_WRITE,
    API_LIST,
    PUBLIC,
    STAFF_PAGE,
    expect,
)

A1_EDITED = expect(302, 403, 302, 302, 404, 403, 403, 302)
HOMES_PAGE = expect(302, 403, 200, 200, 404, 403, 200, 200)  # no homes for the supervisor
# The households' codes answer surveys: printed by staff who hold the personal-data right only.
SLIPS_PAGE = expect(302, 403, 200, 200, 404, 403, 403, 200)
API_CREATED = expect(403, 403, 201, 201, 400, 403, 403, 201)  # a1 is not the other community's
API_STAFF_LIST = expect(403, 403, 200, 200, 200, 403, 200, 200)
API_STAFF_A1 = expect(403, 403, 200, 200, 404, 403, 200, 200)


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


# name: (kwargs from the world, GET expectation, write method, write data, write expectation)
MATRIX = {
    "oversight:household_list": (
        lambda w: {"building_pk": w.building_a1.pk},
        HOMES_PAGE,
        None,
        None,
        None,
    ),
    "oversight:household_create": (
        lambda w: {"building_pk": w.building_a1.pk},
        A1_EDIT_PAGE,
        "post",
        lambda w: {
            "unit": "1",
            "door": "102",
            "floor": 1,
            "floor_area": "75.50",
            "owner_name": "王大爷",
        },  # fmt: skip
        A1_EDITED,
    ),
    "oversight:household_update": (
        lambda w: {"pk": w.household_a1.pk},
        A1_EDIT_PAGE,
        "post",
        lambda w: {
            "unit": "1",
            "door": "101",
            "floor": 1,
            "floor_area": "82.00",
            "owner_name": "赵大妈",
        },  # fmt: skip
        A1_EDITED,
    ),
    # Printing codes needs the right to personal data (the inspector's role reads it all).
    "oversight:household_slips": (
        lambda w: {"building_pk": w.building_a1.pk},
        SLIPS_PAGE,
        None,
        None,
        None,
    ),
    "oversight:elevator_list": (None, STAFF_PAGE, None, None, None),
    "oversight:elevator_detail": (lambda w: {"pk": w.elevator_a1.pk}, A1_PAGE, None, None, None),
    "oversight:compound_elevators": (
        lambda w: {"compound_pk": w.a1.pk},
        A1_PAGE,
        None,
        None,
        None,
    ),
    "oversight:elevator_create": (
        lambda w: {"building_pk": _building_a1_2(w).pk},
        A1_EDIT_PAGE,
        "post",
        lambda w: {"consulting_since": "2020-06-01", "notes": "预留电梯井位置"},
        A1_EDITED,
    ),
    # Correcting the day consulting began (moving on needs consent, which the world lacks).
    "oversight:elevator_stage": (
        lambda w: {"pk": w.elevator_a1.pk},
        A1_EDIT_PAGE,
        "post",
        lambda w: {"stage": "consulting", "day": "2020-05-02"},
        A1_EDITED,
    ),
    "oversight:elevator_consent": (
        lambda w: {"pk": w.elevator_a1.pk, "household_pk": w.household_a1.pk},
        A1_EDIT_PAGE,
        "post",
        lambda w: {"answer": "agree", "answered_on": "2020-06-01"},
        A1_EDITED,
    ),
    "oversight:survey_list": (None, STAFF_PAGE, None, None, None),
    "oversight:survey_create": (
        lambda w: {"compound_pk": w.a1.pk},
        A1_EDIT_PAGE,
        "post",
        lambda w: {
            "title": "晾衣架位置",
            "opens_on": "2020-06-01",
            "closes_on": "2030-06-30",
            "questions": "晾衣架装在哪里？\n楼前空地\n楼后空地",
        },
        A1_EDITED,
    ),
    "oversight:survey_detail": (lambda w: {"pk": w.survey_a1.pk}, A1_PAGE, None, None, None),
    "oversight:survey_record": (
        lambda w: {"pk": w.survey_a1.pk},
        A1_EDIT_PAGE,
        "post",
        _survey_record_post,
        A1_EDITED,
    ),
    # Residents answer with their household's code, no account needed.
    "oversight:survey_answer": (
        lambda w: {"pk": w.survey_a1.pk},
        PUBLIC,
        "post",
        _survey_answer_post,
        PUBLIC,
    ),
    "api:elevatorproject-list": (
        None,
        API_LIST,
        "post",
        lambda w: {"building": _building_a1_2(w).pk, "consulting_since": "2020-06-01"},
        API_CREATED,
    ),
    "api:elevatorproject-detail": (
        lambda w: {"pk": w.elevator_a1.pk},
        API_A1,
        "patch",
        lambda w: {"notes": "业主代表：赵大妈"},
        API_A1_WRITE,
    ),
    "api:elevatorconsent-list": (
        None,
        API_STAFF_LIST,
        "post",
        lambda w: {
            "project": w.elevator_a1.pk,
            "household": w.household_a1.pk,
            "answer": "agree",
            "answered_on": "2020-06-01",
        },  # fmt: skip
        API_CREATED,
    ),
    "api:elevatorconsent-detail": (
        lambda w: {"pk": _consent_a1(w).pk},
        API_STAFF_A1,
        "patch",
        lambda w: {"answer": "disagree"},
        API_A1_WRITE,
    ),
    "api:household-list": (
        None,
        API_STAFF_LIST,
        "post",
        lambda w: {
            "building": w.building_a1.pk,
            "unit": "1",
            "door": "102",
            "floor_area": "75.50",
        },  # fmt: skip
        API_CREATED,
    ),
    "api:household-detail": (
        lambda w: {"pk": w.household_a1.pk},
        API_STAFF_A1,
        "patch",
        lambda w: {"floor_area": "81.00"},
        API_A1_WRITE,
    ),
    "api:survey-list": (None, API_LIST, None, None, None),
    "api:survey-detail": (lambda w: {"pk": w.survey_a1.pk}, API_A1, None, None, None),
}
