from .benchmarks import Benchmark, Indicator, ProgressUpdate
from .gaps import CapacityGap, CapacityGapReview
from .imports import ExcelImport
from .reports import ProgressReport
from .reviews import MandateReview
from .standing import IndicatorStanding, MissionStanding

__all__ = [
    "Benchmark",
    "CapacityGap",
    "CapacityGapReview",
    "ExcelImport",
    "Indicator",
    "IndicatorStanding",
    "MandateReview",
    "MissionStanding",
    "ProgressReport",
    "ProgressUpdate",
]
