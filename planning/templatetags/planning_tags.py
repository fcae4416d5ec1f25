"""Template helpers of the planning pages."""

from django import template

register = template.Library()


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
