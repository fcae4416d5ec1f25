"""Template filters for numbers, percentages, US dollars and dates in the active language
(planning.l10n): `{{ amount|money }}`, `{{ value|number }}`, `{{ value|number:1 }}`,
`{{ share|percent }}`, `{{ day|day }}`, `{{ day|day:"long" }}`, `{{ start|month }}`, `{{ saved_at|moment }}`.
An empty value gives "" (so `|default:` still applies)."""

from django import template

from planning import l10n

register = template.Library()


def _empty(value) -> bool:
    return value is None or value == ""


@register.filter
def number(value, places=None):
    if _empty(value):
        return ""
    return l10n.format_number(value, None if places in (None, "") else int(places))


@register.filter
def percent(value, places=0):
    return "" if _empty(value) else l10n.format_percent(value, int(places))


@register.filter
def money(value, places=0):
    return "" if _empty(value) else l10n.format_money(value, int(places))


@register.filter
def day(value, style=""):
    """`|day` "2 Dec 2026"; `|day:"long"` "2 December 2026" (in prose)."""
    return "" if not value else l10n.format_date(value, long=style == "long")


@register.filter
def month(value, style=""):
    """`|month` "Dec 2026"; `|month:"long"` "December 2026"."""
    return "" if not value else l10n.format_month(value, long=style == "long")


@register.filter
def moment(value):
    return "" if not value else l10n.format_datetime(value)


@register.filter
def direction(value) -> str:
    """`rtl` or `ltr`: the direction of the text's first strong letter, as HTML's `dir="auto"`
    finds it, for the PDF renderer, which has no `dir="auto"` (`<th dir="{{ title|direction }}">`:
    an English title in an Arabic report wraps and reads left to right). `auto` for text without
    a letter."""
    import unicodedata

    for character in str(value or ""):
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "auto"
