# Kazakh as written in Kazakhstan: 05.12.2026, a comma before the decimals, a space between thousands.
from custodia.core.formats.day_first import FIRST_DAY_OF_WEEK as FIRST_DAY_OF_WEEK
from custodia.core.formats.day_first import MONTH_DAY_FORMAT as MONTH_DAY_FORMAT
from custodia.core.formats.day_first import NUMBER_GROUPING as NUMBER_GROUPING
from custodia.core.formats.day_first import TIME_FORMAT as TIME_FORMAT
from custodia.core.formats.day_first import YEAR_MONTH_FORMAT as YEAR_MONTH_FORMAT
from custodia.core.formats.dots import DATE_INPUT_FORMATS as DATE_INPUT_FORMATS
from custodia.core.formats.dots import DATETIME_INPUT_FORMATS as DATETIME_INPUT_FORMATS
from custodia.core.formats.dots import SHORT_DATE_FORMAT as SHORT_DATE_FORMAT
from custodia.core.formats.dots import SHORT_DATETIME_FORMAT as SHORT_DATETIME_FORMAT

DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # a non-breaking space
