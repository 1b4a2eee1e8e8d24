"""Headquarters page for the local validation of an instrument: upload the service's own
assessment results against recorded outcomes, see how well the scores predicted them."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires, right

from . import selectors, validation
from .forms import InstrumentValidationForm
from .validation_sources import VALIDATION_SOURCES

MAX_ROC_POINTS = 400


@requires(GET=right("validate_instruments"), POST=right("validate_instruments"))
def instrument_validation(request: AuthenticatedRequest) -> HttpResponse:
    own_records = request.method == "POST" and request.POST.get("source") == "records"
    form = (
        InstrumentValidationForm(request.POST, request.FILES)
        if request.method == "POST" and not own_records
        else InstrumentValidationForm()
    )
    if own_records:
        # The scored screening against the serious incidents Custodia records, with the median as threshold.
        try:
            report = validation.validate(selectors.own_records_dataset(user=request.user))
        except validation.ValidationInputError as exc:
            # Too few records to validate on (none yet, or no outcome of one kind): said, not a 500.
            report = None
            messages.error(request, str(exc))
    else:
        report = form.cleaned_data["report"] if request.method == "POST" and form.is_valid() else None
    if report is not None and request.POST.get("format") == "csv":
        # The byte order mark lets Excel open UTF-8 as UTF-8: Arabic, Cyrillic and Kazakh
        # group values would otherwise come out garbled.
        response = HttpResponse("\ufeff" + validation.report_to_csv(report), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="instrument-validation.csv"'
        return response
    context: dict[str, object] = {"form": form, "report": report, "sources": list(VALIDATION_SOURCES)}
    if report is not None:
        context["exclusions"] = [(validation.exclusion_label(exclusion), exclusion) for exclusion in report.excluded]
        context["charts"] = _charts(report)
    return render(request, "assessment/validation.html", context)


def _charts(report: validation.ValidationReport) -> dict[str, dict[str, object]]:
    """Chart specifications for json_script; custodia.js draws them (the CSP forbids inline scripts)."""
    charts: dict[str, dict[str, object]] = {}
    if report.roc:
        # A continuous score has one ROC point per distinct value; a few hundred, first and last
        # kept, draw the same curve without sending thousands to an old computer.
        last = len(report.roc) - 1
        kept = sorted({round(i * last / (MAX_ROC_POINTS - 1)) for i in range(MAX_ROC_POINTS)})
        charts["chart-roc"] = {
            "kind": "roc",
            "points": [[report.roc[i].false_positive_rate, report.roc[i].true_positive_rate] for i in kept],
            "curve": _("Instrument"),
            "chance": _("Chance (AUC 0.5)"),
            "x": _("False positive rate"),
            "y": _("True positive rate"),
        }
    # The diagonal (predicted = observed) only means something when scores are probabilities.
    probabilities = all(0 <= row.low and row.high <= 1 for row in report.calibration)
    charts["chart-calibration"] = {
        "kind": "calibration",
        "labels": [row.label for row in report.calibration],
        "observed": [row.observed_rate for row in report.calibration],
        "low": [row.ci_low for row in report.calibration],
        "high": [row.ci_high for row in report.calibration],
        "base_rate": report.base_rate,
        "diagonal": [(row.low + row.high) / 2 for row in report.calibration] if probabilities else None,
        "names": {
            "observed": _("Observed rate"),
            "low": _("Lower bound of the Wilson interval (95 per cent)"),
            "high": _("Upper bound of the Wilson interval (95 per cent)"),
            "base_rate": _("Base rate"),
            "diagonal": _("Perfect calibration"),
        },
        "x": _("Score"),
        "y": _("Observed outcome rate"),
    }
    return charts
