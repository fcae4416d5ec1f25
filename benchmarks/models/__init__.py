from .benchmarks import Benchmark, Indicator, ProgressUpdate
from .compact import Commitment, CommitmentUpdate, Compact
from .gaps import CapacityGap, CapacityGapReview
from .imports import ExcelImport
from .reports import ProgressReport
from .reviews import MandateReview
from .standing import IndicatorStanding, MissionStanding

__all__ = [
    "Benchmark",
    "CapacityGap",
    "CapacityGapReview",
    "Commitment",
    "CommitmentUpdate",
    "Compact",
    "ExcelImport",
    "Indicator",
    "IndicatorStanding",
    "MandateReview",
    "MissionStanding",
    "ProgressReport",
    "ProgressUpdate",
]
