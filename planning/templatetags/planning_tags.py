"""Template helpers of the planning pages."""

from functools import lru_cache

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def iap_badges(iap) -> str:
    """A mission's four IAP requirements as numbered badges, each with its title for screen
    readers (the mission list): one tag, not a loop of template nodes, in each of many rows."""
    language = get_language()
    return mark_safe(
        "".join(_badge(language, number, r.key, r.outcome) for number, r in enumerate(iap.requirements, 1))
    )


@lru_cache(maxsize=256)
def _badge(language: str, number: int, key: str, outcome: str) -> str:
    """One badge's markup: fixed words in `language` (a handful per language, made once)."""
    from planning.iap import OUTCOME_LABELS, REQUIREMENTS

    return format_html(
        '<span class="badge status-{}"><span class="visually-hidden">{}: </span>{} {}</span>',
        outcome,
        REQUIREMENTS[key],
        number,
        OUTCOME_LABELS[outcome],
    )


@register.simple_tag
def mission_list_row(row) -> str:
    """One row of the mission list (planning/mission_list.html): built here rather than by a
    dozen template nodes and translated blocks in each of many rows."""
    from django.urls import reverse
    from django.utils.translation import gettext, ngettext

    mission, iap = row.mission, row.iap
    url = reverse("mission-workspace", args=[mission.acronym])
    illustrative = (
        format_html(' <span class="badge grey">{}</span>', gettext("Illustrative")) if mission.illustrative else ""
    )
    framework = []
    if mission.endorsed_version:
        framework.append(
            format_html(
                '<span class="badge status-endorsed">{}</span>',
                gettext("Endorsed v%(version)s") % {"version": mission.endorsed_version},
            )
        )
    latest = mission.latest_framework_version
    if latest and latest != mission.endorsed_version:
        framework.append(
            format_html(
                '<span class="badge status-{}">{} v{}</span>',
                mission.latest_framework_status,
                framework_status_label(mission.latest_framework_status),
                latest,
            )
        )
    if not latest:
        framework.append(format_html('<span class="muted">{}</span>', gettext("None yet")))
    met = ngettext("%(met)s of 4 met", "%(met)s of 4 met", iap.met_count) % {"met": iap.met_count}
    return format_html(
        '<tr><th scope="row"><a href="{url}">{acronym}</a></th><td>{name}{illustrative}</td><td>{country}</td>'
        "<td>{type}</td><td>{lead}</td><td>{phase}</td><td>{framework}</td>"
        '<td><a href="{url}#iap">{met}</a> <span class="cluster">{badges}</span></td></tr>',
        url=url,
        acronym=mission.acronym,
        name=mission.name,
        illustrative=illustrative,
        country=mission.country,
        type=mission.get_mission_type_display(),
        lead=mission.lead_department.code,
        phase=mission.get_phase_display(),
        framework=mark_safe(" ".join(framework)),
        met=met,
        badges=iap_badges(iap),
    )


@register.simple_tag
def iap_cells(workspace_url: str, mission, iap) -> str:
    """A mission's four requirement cells of the IAP overview (badge linking to its reasons, the
    first thing missing): one tag per row instead of a loop of translated template blocks."""
    from django.utils.translation import gettext, ngettext

    cells = []
    for requirement in iap.requirements:
        aria = gettext("%(mission)s, %(title)s: %(label)s. Reasons") % {
            "mission": mission.acronym,
            "title": requirement.title,
            "label": requirement.label,
        }
        missing = ""
        if requirement.missing:
            more = len(requirement.missing) - 1
            missing = format_html(
                '<br><span class="small">{}{}</span>',
                requirement.missing[0].text,
                " " + ngettext("(+%(more)s more)", "(+%(more)s more)", more) % {"more": more} if more else "",
            )
        cells.append(
            format_html(
                '<td><a href="{}#iap-{}" aria-label="{}"><span class="badge status-{}">{}</span></a>{}</td>',
                workspace_url,
                requirement.key,
                aria,
                requirement.outcome,
                requirement.label,
                missing,
            )
        )
    return mark_safe("".join(cells))


@register.simple_tag(takes_context=True)
def sort_link(context, column: str) -> str:
    """The query string that sorts the current list by `column`, reversing it on a second click
    and keeping the filters."""
    request = context["request"]
    params = request.GET.copy()
    current = params.get("sort", context.get("default_sort", ""))
    params["sort"] = f"-{column}" if current == column else column
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def aria_sort(context, column: str) -> str:
    current = context["request"].GET.get("sort", context.get("default_sort", ""))
    if current == column:
        return "ascending"
    if current == f"-{column}":
        return "descending"
    return "none"


@register.filter
def framework_status_label(value: str) -> str:
    from frameworks.choices import FrameworkStatus

    try:
        return FrameworkStatus(value).label
    except ValueError:
        return value
