# English: Django's own formats for dates Django shows by itself ("June 30, 2025"), and the house's
# for what planning.l10n shows: a day "2 Dec 2026", in prose "2 December 2026", a month "Dec 2026",
# a moment "2 Dec 2026 14:05".
WORKBENCH_DAY_FORMAT = "j M Y"
WORKBENCH_LONG_DAY_FORMAT = "j F Y"
WORKBENCH_MONTH_FORMAT = "M Y"
WORKBENCH_DATETIME_FORMAT = "j M Y H:i"
