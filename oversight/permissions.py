"""Object permissions of the residents' voice: the role's permission, within the user's scope
(the scope of the record's compound)."""

import rules

from compounds.permissions import add_scoped_permissions, object_in_scope, role_grants
from compounds.selectors import register_scope

from .models import (
    CampaignActivity,
    ElevatorConsent,
    ElevatorProject,
    FundAllocation,
    FundPayment,
    Household,
    ImportedReturn,
    Inspection,
    InspectionRequirement,
    Opinion,
    Participant,
    PartyGroup,
    PartyMember,
    PrivacyRequest,
    SupervisionCheck,
    SupervisionGroupMember,
    SupervisionPhoto,
    SupervisionRecord,
    Survey,
    SurveyAnswer,
    TaskForce,
    TaskForceMember,
)


def _through(prefix):
    return {
        "street": f"{prefix}__community__street_id",
        "community": f"{prefix}__community_id",
        "compound": f"{prefix}_id",
    }


register_scope(Opinion)
register_scope(Survey)
register_scope(PrivacyRequest, _through("opinion__compound"))
register_scope(Household, _through("building__compound"))
register_scope(ElevatorProject, _through("building__compound"))
register_scope(ElevatorConsent, _through("project__building__compound"))
register_scope(SurveyAnswer, _through("question__survey__compound"))
# Supervision and the fund: by their compound.
register_scope(SupervisionRecord)
register_scope(SupervisionGroupMember)
register_scope(FundAllocation)
register_scope(SupervisionCheck, _through("record__compound"))
register_scope(SupervisionPhoto, _through("record__compound"))
register_scope(FundPayment, _through("allocation__compound"))
# The street's own organisation, inspections and ledger: by their street; everyone of the
# street (its communities included) reads them.
register_scope(Inspection, {"street": "street_id"})
register_scope(InspectionRequirement, {"street": "inspection__street_id"})
register_scope(TaskForce, {"street": "street_id"})
register_scope(TaskForceMember, {"street": "task_force__street_id"})
register_scope(PartyGroup, {"street": "street_id"})
register_scope(PartyMember, {"street": "group__street_id"})
register_scope(Participant, {"street": "street_id"})
register_scope(CampaignActivity, {"street": "street_id"})
# A street's imported statistics return: by its street (the district's inspectors import them).
register_scope(ImportedReturn, {"street": "street_id"})
add_scoped_permissions(
    "oversight",
    (
        "opinion", "household", "elevatorproject", "elevatorconsent", "survey", "surveyanswer",
        "supervisionrecord", "supervisiongroupmember", "inspection", "taskforce", "partygroup",
        "participant", "campaignactivity", "fundallocation", "fundpayment", "importedreturn",
        "privacyrequest",
    ),
)  # fmt: skip
# Seeing names and phones unmasked: a role-wide right, within the scope the records already
# come from.
rules.add_perm("oversight.view_personal_data", role_grants("oversight.view_personal_data"))
# Carrying out or refusing a resident's data request: the role's right, on a request of a
# compound in the user's scope.
rules.add_perm(
    "oversight.handle_privacyrequest",
    role_grants("oversight.handle_privacyrequest") & object_in_scope,
)
