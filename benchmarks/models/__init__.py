from .benchmarks import Benchmark, Indicator, ProgressUpdate
from .gaps import CapacityGap, CapacityGapReview
from .reports import ProgressReport

__all__ = [
    "Benchmark",
    "CapacityGap",
    "CapacityGapReview",
    "Indicator",
    "ProgressReport",
    "ProgressUpdate",
]
