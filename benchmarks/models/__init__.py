from .benchmarks import Benchmark, Indicator, ProgressUpdate
from .gaps import CapacityGap, CapacityGapReview
from .imports import ExcelImport
from .reports import ProgressReport
from .standing import IndicatorStanding, MissionStanding

__all__ = [
    "Benchmark",
    "CapacityGap",
    "CapacityGapReview",
    "ExcelImport",
    "Indicator",
    "IndicatorStanding",
    "MissionStanding",
    "ProgressReport",
    "ProgressUpdate",
]
