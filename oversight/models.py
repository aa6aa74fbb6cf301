"""The oversight app's models, each defined in its area's models.py (same app label and tables):
opinions, residents' data requests, consultations, supervision, inspections, organisation, funds."""

from .consultations.models import (
    ElevatorConsent,
    ElevatorProject,
    Household,
    Survey,
    SurveyAnswer,
    SurveyOption,
    SurveyQuestion,
)
from .funds.models import FundAllocation, FundPayment
from .imports.models import ColumnMapping, RegisterImport
from .inspections.models import Inspection, InspectionRequirement
from .opinions.models import (
    TEXT_MAX,
    Opinion,
    OpinionIntake,
    OpinionPhoto,
    OpinionTopic,
    _opinion_photo_path,
)
from .organisation.models import (
    CampaignActivity,
    Participant,
    PartyGroup,
    PartyMember,
    TaskForce,
    TaskForceMember,
)
from .privacy.models import PrivacyChallenge, PrivacyRequest
from .statistics.models import ImportedReturn
from .supervision.models import (
    SupervisionCheck,
    SupervisionGroupMember,
    SupervisionPhoto,
    SupervisionRecord,
)

__all__ = [
    "TEXT_MAX",
    "CampaignActivity",
    "ColumnMapping",
    "ElevatorConsent",
    "ElevatorProject",
    "FundAllocation",
    "FundPayment",
    "Household",
    "ImportedReturn",
    "RegisterImport",
    "Inspection",
    "InspectionRequirement",
    "Opinion",
    "OpinionIntake",
    "OpinionPhoto",
    "OpinionTopic",
    "Participant",
    "PartyGroup",
    "PartyMember",
    "PrivacyChallenge",
    "PrivacyRequest",
    "SupervisionCheck",
    "SupervisionGroupMember",
    "SupervisionPhoto",
    "SupervisionRecord",
    "Survey",
    "SurveyAnswer",
    "SurveyOption",
    "SurveyQuestion",
    "TaskForce",
    "TaskForceMember",
    "_opinion_photo_path",
]
