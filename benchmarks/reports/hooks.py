"""Callables a higher layer lends to the reports.

The IAP minimum-requirements evaluation lives in `planning`, above `benchmarks`; the report must
not import it. The evaluator is either registered here at start-up (`register_iap_evaluator`) or
named by the setting `WORKBENCH_REPORT_IAP_EVALUATOR` (a dotted path to callable(mission)); with
neither, the report says the requirements were not evaluated.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("workbench.reports")

# evaluator(mission) -> iterable of {"name": str, "status": "met"|"partly_met"|"not_met",
#                                     "status_label": str, "reasons": [str, ...]}
_iap_evaluator: Callable[[Any], Any] | None = None


def register_iap_evaluator(evaluator: Callable[[Any], Any] | None) -> None:
    global _iap_evaluator
    _iap_evaluator = evaluator


def _evaluator():
    if _iap_evaluator is not None:
        return _iap_evaluator
    path = getattr(settings, "WORKBENCH_REPORT_IAP_EVALUATOR", "")
    if not path:
        return None
    try:
        return import_string(path)
    except ImportError:
        logger.warning("IAP evaluator %s cannot be imported; reports say 'not evaluated'", path)
        return None


def iap_status(mission, *, report_end=None) -> list[dict] | None:
    """The IAP requirements of `mission` as plain dicts, or None when no evaluator is available.
    `report_end` is the end of the period of the report being compiled: the evaluation counts that
    report as compiled, so a report never says it is missing (an evaluator taking `report_end`)."""
    evaluator = _evaluator()
    if evaluator is None:
        return None
    try:
        accepts = "report_end" in inspect.signature(evaluator).parameters
    except (TypeError, ValueError):
        accepts = False
    result = evaluator(mission, report_end=report_end) if accepts else evaluator(mission)
    items = getattr(result, "requirements", result)
    rows = []
    for item in items:
        if hasattr(item, "findings"):
            item = {
                "name": str(item.title),
                "status": str(item.outcome),
                "status_label": str(item.label),
                "reasons": [str(f.text) for f in item.findings],
            }
        if not isinstance(item, dict):
            item = {
                "name": str(getattr(item, "name", getattr(item, "label", item))),
                "status": str(getattr(item, "status", "")),
                "status_label": str(getattr(item, "status_label", getattr(item, "status", ""))),
                "reasons": [str(r) for r in getattr(item, "reasons", [])],
            }
        rows.append(item)
    return rows
