"""The one way to show a number, a percentage, an amount in US dollars or a date: in the active
language's formats (Django's localisation, with the house's own in planning/formats/). Pages use
the `formats` template filters; the Excel, PDF and Word writers and the e-mails call these.

"2,500,000" in English is "2 500 000" in French and Russian and "2,500,000" in Arabic and Chinese;
a month is "Sep 2026", "septembre 2026", "سبتمبر 2026" or "2026年9月". Machine formats (ISO dates in
`datetime` attributes, file names, CSV) stay as they are.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils import formats, timezone
from django.utils.translation import gettext as _

EMPTY = "—"


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


def format_number(value, places: int | None = None) -> str:
    """`value` with the language's grouping and decimal sign; `places` decimals, else as many as
    it has (none for a whole number, at most two)."""
    number = _decimal(value)
    if number is None:
        return EMPTY if value is None or value == "" else str(value)
    if places is None:
        places = 0 if number == number.to_integral_value() else min(2, max(0, -number.normalize().as_tuple().exponent))
    return formats.number_format(round(number, places), places, use_l10n=True, force_grouping=True)


def format_percent(value, places: int = 0) -> str:
    """A percentage (45 -> "45%", "45 %" in French)."""
    number = _decimal(value)
    if number is None:
        return EMPTY
    # Translators: a percentage; keep %(value)s, and write the per cent sign as %%.
    return _("%(value)s%%") % {"value": format_number(number, places)}


def format_money(value, places: int = 0) -> str:
    """An amount in United States dollars ("US$2,500,000", "2 500 000 $ É.-U.")."""
    number = _decimal(value)
    if number is None:
        return EMPTY
    # Translators: an amount in United States dollars; keep %(amount)s.
    return _("US$%(amount)s") % {"amount": format_number(number, places)}


def _as_date(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    return value


def _format(name: str, fallback: str) -> str:
    """The house's format `name` of the active language (planning/formats/), else Django's
    `fallback` (get_format answers a name it does not know with the name itself)."""
    found = formats.get_format(name)
    return fallback if found == name else name


def format_date(value, long: bool = False) -> str:
    """A day ("2 Dec 2026", in prose "2 December 2026"; "2 décembre 2026", "2026年12月2日")."""
    if not value:
        return EMPTY
    name = _format("WORKBENCH_LONG_DAY_FORMAT" if long else "WORKBENCH_DAY_FORMAT", "DATE_FORMAT")
    return formats.date_format(_as_date(value), name, use_l10n=True)


def format_month(value, long: bool = False) -> str:
    """A month ("Sep 2026", in prose "September 2026"; "septembre 2026", "2026年9月")."""
    if not value:
        return EMPTY
    name = "YEAR_MONTH_FORMAT" if long else _format("WORKBENCH_MONTH_FORMAT", "YEAR_MONTH_FORMAT")
    return formats.date_format(_as_date(value), name, use_l10n=True)


def format_datetime(value) -> str:
    """A moment, in the site's time zone ("2 Dec 2026 14:05")."""
    if not value:
        return EMPTY
    if not isinstance(value, dt.datetime):
        return format_date(value)
    return formats.date_format(_as_date(value), _format("WORKBENCH_DATETIME_FORMAT", "DATETIME_FORMAT"), use_l10n=True)
