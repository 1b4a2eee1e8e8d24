"""The short order with dots, 05.01.1990 for the fifth of January: Russian and Kazakh as written
in Kazakhstan and the other post-Soviet services."""

from custodia.core.formats.day_first import date_input_formats, datetime_input_formats

SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
DATE_INPUT_FORMATS = date_input_formats("%d.%m.%Y")
DATETIME_INPUT_FORMATS = datetime_input_formats("%d.%m.%Y")
