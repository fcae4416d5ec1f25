"""Template helpers of the planning pages."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def url_if_exists(name: str, *args) -> str:
    """The URL of a page another part of the workbench provides, or "" while it does not exist,
    so a page can link to it as soon as it ships."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


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
