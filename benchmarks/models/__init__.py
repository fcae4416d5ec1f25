from .benchmarks import Benchmark, Indicator, ProgressUpdate
from .gaps import CapacityGap, CapacityGapReview
from .imports import ExcelImport
from .reports import ProgressReport

__all__ = [
    "Benchmark",
    "CapacityGap",
    "CapacityGapReview",
    "ExcelImport",
    "Indicator",
    "ProgressReport",
    "ProgressUpdate",
]
