from .assessments import StrategicAssessment
from .comments import Comment, Signature
from .frameworks import (
    FundingLine,
    IntegratedStrategicFramework,
    IntegrationArea,
    NationalAlignment,
    Priority,
    Responsibility,
    Result,
)
from .lessons import Lesson
from .mechanisms import IntegratedMechanism, MechanismMeeting

__all__ = [
    "Comment",
    "FundingLine",
    "IntegratedMechanism",
    "IntegratedStrategicFramework",
    "IntegrationArea",
    "Lesson",
    "MechanismMeeting",
    "NationalAlignment",
    "Priority",
    "Responsibility",
    "Result",
    "Signature",
    "StrategicAssessment",
]
