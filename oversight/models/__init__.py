"""The oversight app's models: the residents' voice, supervision and accountability."""

from .residents import (
    TEXT_MAX,
    ElevatorConsent,
    ElevatorProject,
    Household,
    Opinion,
    OpinionPhoto,
    OpinionTopic,
    Survey,
    SurveyAnswer,
    SurveyOption,
    SurveyQuestion,
    _opinion_photo_path,
)

__all__ = [
    "TEXT_MAX",
    "ElevatorConsent",
    "ElevatorProject",
    "Household",
    "Opinion",
    "OpinionPhoto",
    "OpinionTopic",
    "Survey",
    "SurveyAnswer",
    "SurveyOption",
    "SurveyQuestion",
    "_opinion_photo_path",
]
