"""The oversight app's models: the residents' voice (residents), supervision records
(supervision), district inspections (inspections), who does the work (organisation), and the
special fund (funds)."""

from .funds import FundAllocation, FundPayment
from .inspections import Inspection, InspectionRequirement
from .organisation import (
    CampaignActivity,
    Participant,
    PartyGroup,
    PartyMember,
    TaskForce,
    TaskForceMember,
)
from .residents import (
    TEXT_MAX,
    ElevatorConsent,
    ElevatorProject,
    Household,
    Opinion,
    OpinionIntake,
    OpinionPhoto,
    OpinionTopic,
    Survey,
    SurveyAnswer,
    SurveyOption,
    SurveyQuestion,
    _opinion_photo_path,
)
from .supervision import (
    SupervisionCheck,
    SupervisionGroupMember,
    SupervisionPhoto,
    SupervisionRecord,
)

__all__ = [
    "TEXT_MAX",
    "CampaignActivity",
    "ElevatorConsent",
    "ElevatorProject",
    "FundAllocation",
    "FundPayment",
    "Household",
    "Inspection",
    "InspectionRequirement",
    "Opinion",
    "OpinionIntake",
    "OpinionPhoto",
    "OpinionTopic",
    "Participant",
    "PartyGroup",
    "PartyMember",
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
