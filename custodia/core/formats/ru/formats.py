from custodia.core.formats.day_first import FIRST_DAY_OF_WEEK as FIRST_DAY_OF_WEEK
from custodia.core.formats.day_first import MONTH_DAY_FORMAT as MONTH_DAY_FORMAT
from custodia.core.formats.day_first import NUMBER_GROUPING as NUMBER_GROUPING
from custodia.core.formats.day_first import TIME_FORMAT as TIME_FORMAT
from custodia.core.formats.dots import DATE_INPUT_FORMATS as DATE_INPUT_FORMATS
from custodia.core.formats.dots import DATETIME_INPUT_FORMATS as DATETIME_INPUT_FORMATS
from custodia.core.formats.dots import SHORT_DATE_FORMAT as SHORT_DATE_FORMAT
from custodia.core.formats.dots import SHORT_DATETIME_FORMAT as SHORT_DATETIME_FORMAT

DATE_FORMAT = "j E Y г."
DATETIME_FORMAT = "j E Y г. H:i"
YEAR_MONTH_FORMAT = "F Y г."
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # a non-breaking space
