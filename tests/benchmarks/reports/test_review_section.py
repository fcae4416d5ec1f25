"""The progress report shows the latest mandate review held by the end of its period, with the
benchmark statuses of its snapshot; a new review makes the report's data version change."""

import datetime as dt

from benchmarks.models import MandateReview
from benchmarks.reports import render
from benchmarks.reports.data import data_version, report_data
from tests.factories import MandateFactory


def test_the_report_holds_the_latest_review_of_its_period(rworld):
    w = rworld
    args = {"mission": w.mission, "period_start": w.period_start, "period_end": w.period_end}
    before = data_version(**args)
    assert "No mandate review was held by the end of this period." in render.render_html(report_data(**args))
    mandate = MandateFactory(
        mission=w.mission, resolution="2190 (2024)", adopted_on=dt.date(2024, 3, 1), expires_on=None
    )
    snapshot = {"benchmarks": [{"title": "Police lead security", "status": "at_risk"}], "readiness": {}}
    MandateReview.objects.create(
        mission=w.mission, mandate=mandate, kind="renewal", held_on=w.period_end, summary="Renewed.", snapshot=snapshot
    )
    later = MandateReview.objects.create(
        mission=w.mission, mandate=mandate, kind="review", held_on=w.period_end + dt.timedelta(days=1)
    )
    assert data_version(**args) != before
    data = report_data(**args)
    assert data.review.kind == "renewal" and data.review != later
    html = render.render_html(data)
    assert "Renewed." in html and "Police lead security" in html and "At risk" in html
