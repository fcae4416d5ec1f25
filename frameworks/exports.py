"""A framework version as a document to circulate: Word (python-docx) and PDF (WeasyPrint from an
HTML template). Both hold the same parts in the same order: cover, shared vision, priorities,
results matrix with responsibilities and timelines, integration areas, funding, signatures,
national frameworks.

Callers check access first (the export view asks for `view` on the framework)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from frameworks import selectors
from frameworks.choices import FundingSource, ResponsibilityRole
from frameworks.models import IntegratedStrategicFramework, IntegrationArea
from planning.l10n import format_date, format_datetime, format_number

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@dataclass
class ResultRow:
    number: str
    statement: str
    timeline: str
    leads: str
    contributes: str
    tasks: str


def _day(value) -> str:
    return format_date(value)


def _money(value) -> str:
    return format_number(value, 0)


def document_data(framework: IntegratedStrategicFramework) -> dict:
    """Everything a document shows, in a fixed number of queries."""
    priorities = selectors.framework_tree(framework)
    rows = []
    for p_number, priority in enumerate(priorities, start=1):
        priority.number = p_number
        priority.rows = []
        for r_number, result in enumerate(priority.results.all(), start=1):
            roles = list(result.responsibilities.all())
            row = ResultRow(
                number=f"{p_number}.{r_number}",
                statement=result.statement,
                timeline=f"{_day(result.timeline_start)} – {_day(result.timeline_end)}"
                if result.timeline_start or result.timeline_end
                else "—",
                leads=", ".join(r.entity.code for r in roles if r.role == ResponsibilityRole.LEAD) or "—",
                contributes=", ".join(r.entity.code for r in roles if r.role == ResponsibilityRole.CONTRIBUTING) or "—",
                tasks="; ".join(f"{t.mandate} op. {t.paragraph}" for t in result.mandate_tasks.all()) or "—",
            )
            priority.rows.append(row)
            rows.append(row)
    funding, total_amount, total_gap = selectors.funding_rows(priorities)
    return {
        "framework": framework,
        "mission": framework.mission,
        "priorities": priorities,
        "results": rows,
        "areas": list(IntegrationArea.objects.filter(framework=framework).order_by("area", "id")),
        "alignments": list(framework.alignments.prefetch_related("priorities").order_by("kind", "title", "id")),
        "funding": funding,
        "funding_sources": FundingSource.choices,
        "total_amount": total_amount,
        "total_gap": total_gap,
        "signatures": selectors.signature_status(framework, priorities),
        "generated": timezone.now(),
    }


def filename(framework: IntegratedStrategicFramework, fmt: str) -> str:
    return f"{slugify(framework.mission.acronym)}-{slugify(framework.label)}-v{framework.version}.{fmt}"


def framework_pdf(framework: IntegratedStrategicFramework) -> bytes:
    from weasyprint import HTML

    html = render_to_string("frameworks/export/framework.html", document_data(framework))
    return HTML(string=html, base_url=None).write_pdf()


def _table(document, headers: list[str], rows: list[list[str]], widths: list[float] | None = None):
    from missions.generic.documents import house_table

    return house_table(document, [str(text) for text in headers], rows, widths)


def framework_docx(framework: IntegratedStrategicFramework) -> bytes:
    from missions.generic import documents

    data = document_data(framework)
    mission = data["mission"]
    period = _("%(start)s to %(end)s") % {"start": _day(framework.period_start), "end": _day(framework.period_end)}
    status = _("Status: %(status)s") % {"status": framework.get_status_display()}
    if framework.endorsed_on:
        status += f" · {_('endorsed on')} {_day(framework.endorsed_on)}"
    lines = [
        f"{mission.name} ({mission.acronym})",
        _("Version %(v)s · %(start)s to %(end)s")
        % {"v": framework.version, "start": _day(framework.period_start), "end": _day(framework.period_end)},
        status,
    ]
    if framework.illustrative or mission.illustrative:
        lines.append(_("Illustrative content: not a public document of the United Nations."))
    lines.append(_("Generated on %(when)s") % {"when": format_datetime(data["generated"])})
    document = documents.house_document(
        title=framework.label,
        mission=f"{mission.name} ({mission.acronym})",
        period=period,
        # Circulated among the entities that sign it; public once endorsed.
        classification=documents.UNCLASSIFIED if framework.endorsed_on else documents.INTERNAL,
        lines=lines,
        landscape=True,
    )
    document.core_properties.title = f"{mission.acronym} {framework.label} v{framework.version}"

    document.add_heading(_("1. Shared vision"), level=1)
    document.add_paragraph(framework.vision or "—")

    document.add_heading(_("2. Priorities"), level=1)
    _table(
        document,
        [_("No."), _("Priority"), _("Description"), _("Results")],
        [[str(p.number), p.title, p.description or "—", str(len(p.rows))] for p in data["priorities"]],
        [1.5, 7, 13, 2],
    )

    document.add_heading(_("3. Results, responsibilities and timelines"), level=1)
    _table(
        document,
        [_("No."), _("Result"), _("Timeline"), _("Leads"), _("Contributes"), _("Mandate tasks")],
        [[r.number, r.statement, r.timeline, r.leads, r.contributes, r.tasks] for r in data["results"]],
        [1.5, 9, 4, 2.5, 3, 4],
    )

    document.add_heading(_("4. Integration areas"), level=1)
    if data["areas"]:
        _table(
            document,
            [_("Area"), _("Depth of integration"), _("Rationale"), _("Review on")],
            [
                [a.get_area_display(), a.get_depth_display(), a.rationale or "—", _day(a.review_on)]
                for a in data["areas"]
            ],
            [5, 4, 12, 3],
        )
    else:
        document.add_paragraph(_("No integration area recorded."))

    document.add_heading(_("5. Funding (US$)"), level=1)
    headers = [_("Priority")] + [str(label) for _code, label in data["funding_sources"]] + [_("Total"), _("Gap")]
    rows = [
        [row.priority.title]
        + [
            (f"{_money(line.amount)} ({_('gap')} {_money(line.gap)})" if line.gap else _money(line.amount))
            if line
            else "—"
            for line in row.lines
        ]
        + [_money(row.amount), _money(row.gap)]
        for row in data["funding"]
    ]
    rows.append(
        [_("All priorities")]
        + [""] * len(data["funding_sources"])
        + [_money(data["total_amount"]), _money(data["total_gap"])]
    )
    _table(document, headers, rows)

    document.add_heading(_("6. Signatures"), level=1)
    _table(
        document,
        [_("Entity"), _("Decision"), _("Signed by"), _("Date"), _("Reason")],
        [
            [
                row["entity"].code + (f" ({_('SRSG office')})" if row["for_mission"] else ""),
                row["signature"].get_decision_display() if row["signature"] else _("Pending"),
                (row["signature"].signed_by.get_full_name() or row["signature"].signed_by.username)
                if row["signature"]
                else "",
                _day(row["signature"].decided_at) if row["signature"] else "",
                row["signature"].reason if row["signature"] else "",
            ]
            for row in data["signatures"]
        ],
        [4, 3, 5, 3, 9],
    )

    document.add_heading(_("7. National frameworks"), level=1)
    if data["alignments"]:
        _table(
            document,
            [_("Framework"), _("Kind"), _("Period"), _("Priorities aligned with it")],
            [
                [a.title, a.get_kind_display(), a.period or "—", "; ".join(p.title for p in a.priorities.all()) or "—"]
                for a in data["alignments"]
            ],
            [8, 5, 3, 8],
        )
    else:
        document.add_paragraph(_("No national framework recorded."))
    return documents.to_bytes(document)


def framework_document(framework: IntegratedStrategicFramework, fmt: str) -> bytes:
    if fmt == "docx":
        return framework_docx(framework)
    if fmt == "pdf":
        return framework_pdf(framework)
    raise ValueError(fmt)
