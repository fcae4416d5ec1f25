# Arabic with the digits United Nations documents in Arabic use (0-9): Django's own separators
# ("2.500.000,5") read as a decimal point in a thousands place; these follow the CLDR for Arabic
# in Latin digits ("2,500,000.5"). Django has no date-and-time format for Arabic.
DATE_FORMAT = "j F، Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F، Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
