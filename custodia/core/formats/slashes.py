"""The short order with slashes, 05/01/1990 for the fifth of January: English, French and Arabic
as written where Custodia works (Uganda, Tunisia, the francophone services)."""

from custodia.core.formats.day_first import date_input_formats, datetime_input_formats

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DATE_INPUT_FORMATS = date_input_formats("%d/%m/%Y")
DATETIME_INPUT_FORMATS = datetime_input_formats("%d/%m/%Y")
