"""Object permissions of the residents' voice: the role's permission, within the user's scope
(the scope of the record's compound)."""

import rules

from compounds.permissions import add_scoped_permissions, role_grants
from compounds.selectors import register_scope

from .models import ElevatorConsent, ElevatorProject, Household, Opinion, Survey, SurveyAnswer


def _through(prefix):
    return {
        "street": f"{prefix}__community__street_id",
        "community": f"{prefix}__community_id",
        "compound": f"{prefix}_id",
    }


register_scope(Opinion)
register_scope(Survey)
register_scope(Household, _through("building__compound"))
register_scope(ElevatorProject, _through("building__compound"))
register_scope(ElevatorConsent, _through("project__building__compound"))
register_scope(SurveyAnswer, _through("question__survey__compound"))
add_scoped_permissions(
    "oversight",
    ("opinion", "household", "elevatorproject", "elevatorconsent", "survey", "surveyanswer"),
)
# Seeing names and phones unmasked: a role-wide right, within the scope the records already
# come from.
rules.add_perm("oversight.view_personal_data", role_grants("oversight.view_personal_data"))
