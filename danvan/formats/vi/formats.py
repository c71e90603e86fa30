"""Vietnamese formats. Django's own `vi` module leaves out number grouping and the
dd/mm/yyyy input formats, so "05/07/2025" would be read as 7 May; this one is complete."""

DATE_FORMAT = "d/m/Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "H:i d/m/Y"
YEAR_MONTH_FORMAT = "m/Y"
MONTH_DAY_FORMAT = "d/m"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # '05/07/2025'
    "%d/%m/%y",  # '05/07/25'
    "%d-%m-%Y",  # '05-07-2025'
    "%d.%m.%Y",  # '05.07.2025'
    "%Y-%m-%d",  # '2025-07-05' (ISO, what <input type=date> sends)
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
