from .benchmarks import Benchmark, Indicator, ProgressUpdate
from .gaps import CapacityGap, CapacityGapReview
from .reports import ProgressReport
from .standing import IndicatorStanding, MissionStanding

__all__ = [
    "Benchmark",
    "CapacityGap",
    "CapacityGapReview",
    "Indicator",
    "IndicatorStanding",
    "MissionStanding",
    "ProgressReport",
    "ProgressUpdate",
]
