# The house style of the workbench in English: day before month, months abbreviated, 24-hour time
# ("2 Dec 2026", "Dec 2026", "2 Dec 2026 14:05"); Django's own are American ("Dec. 2, 2026").
DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y H:i"
YEAR_MONTH_FORMAT = "M Y"
MONTH_DAY_FORMAT = "j M"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y H:i"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
