"""Pages of possible duplicates for headquarters (docs/duplicates.md): the pairs proposed by
find_duplicates, and one pair with the evidence side by side and the decision. Thin: what the user
may see is duplicate_selectors', what they may decide duplicate_services'."""

from typing import Any

from django import forms as django_forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.core.forms import BootstrapMixin
from custodia.core.http import staff_user
from custodia.core.paging import page_of
from custodia.core.refusals import form_step
from custodia.core.rights import requires, right

from . import duplicate_merge, duplicate_selectors, duplicate_services
from .choices import DuplicateStatus
from .models import DuplicatePair

VIEW = right("view_duplicates")
DECIDE = right("decide_duplicates")
PAGE_SIZE = 25


class StatusFilterForm(django_forms.Form):
    status = django_forms.ChoiceField(
        label=gettext_lazy("Status"), choices=DuplicateStatus.choices, required=False, initial=DuplicateStatus.PROPOSED
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["status"].widget.attrs["class"] = "form-select form-select-sm"


class DecisionForm(BootstrapMixin, django_forms.Form):
    status = django_forms.ChoiceField(
        label=gettext_lazy("Are these two files of the same person?"),
        choices=[
            (DuplicateStatus.NOT_SAME, gettext_lazy("Not the same person: never propose this pair again")),
            (DuplicateStatus.SAME, gettext_lazy("The same person: link the two files")),
        ],
        widget=django_forms.RadioSelect,
    )
    reason = django_forms.CharField(
        label=gettext_lazy("Why"),
        max_length=1000,
        widget=django_forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("For example: the photographs, the parents' names, a fingerprint check."),
    )


class MergeForm(BootstrapMixin, django_forms.Form):
    kept = django_forms.TypedChoiceField(
        label=gettext_lazy("The file kept"), coerce=int, widget=django_forms.RadioSelect
    )
    reason = django_forms.CharField(
        label=gettext_lazy("Note"), required=False, max_length=1000, widget=django_forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, pair: DuplicatePair, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kept"]
        assert isinstance(field, django_forms.ChoiceField)
        field.choices = [(person.pk, person.number) for person in (pair.first, pair.second)]


class UnmergeForm(BootstrapMixin, django_forms.Form):
    reason = django_forms.CharField(
        label=gettext_lazy("Why the merge is reversed"),
        max_length=1000,
        widget=django_forms.Textarea(attrs={"rows": 2}),
    )


@requires(GET=VIEW)
def duplicate_list(request: HttpRequest) -> HttpResponse:
    """The pairs of one status (proposed first) whose two files the user may open, highest score first."""
    form = StatusFilterForm(request.GET or None)
    status = DuplicateStatus.PROPOSED
    if form.is_valid() and form.cleaned_data["status"]:
        status = form.cleaned_data["status"]
    pairs = duplicate_selectors.duplicate_pair_list(user=staff_user(request), status=status)
    context = page_of(request, pairs, PAGE_SIZE)
    return render(request, "register/duplicate_list.html", {**context, "form": form, "status": status})


def _evidence_or_404(request: HttpRequest, pair_id: int) -> duplicate_selectors.PairEvidence:
    try:
        return duplicate_selectors.duplicate_pair_get(user=staff_user(request), pair_id=pair_id)
    except DuplicatePair.DoesNotExist as exc:
        raise Http404(_("No such pair of files.")) from exc


def _page(request: HttpRequest, evidence: duplicate_selectors.PairEvidence, **forms: django_forms.Form) -> HttpResponse:
    user = staff_user(request)
    pair = evidence.pair
    context: dict[str, Any] = {
        "evidence": evidence,
        "refusal": duplicate_services.duplicate_decision_refusal(user, pair),
        "form": DecisionForm(),
    }
    if pair.status == DuplicateStatus.SAME:
        context["merge_refusal"] = duplicate_merge.merge_refusal(user, pair)
        context["merge_form"] = MergeForm(pair=pair)
    if pair.status == DuplicateStatus.MERGED:
        context["unmerge_refusal"] = duplicate_merge.unmerge_refusal(user, pair)
        context["unmerge_form"] = UnmergeForm()
    return render(request, "register/duplicate_detail.html", {**context, **forms})


@requires(GET=VIEW, POST=DECIDE)
def duplicate_detail(request: HttpRequest, pair_id: int) -> HttpResponse:
    """One pair with the evidence side by side; headquarters decides it here."""
    user = staff_user(request)
    evidence = _evidence_or_404(request, pair_id)
    if request.method != "POST":
        return _page(request, evidence)
    return form_step(
        request,
        DecisionForm(request.POST),
        lambda data: duplicate_services.duplicate_decide(
            actor=user, pair=evidence.pair, status=data["status"], reason=data["reason"]
        ),
        done=_("Decision recorded on both files."),
        back=reverse("register:duplicate_detail", args=[pair_id]),
        again=lambda form: _page(request, evidence, form=form),
    )


@requires(POST=DECIDE)
def duplicate_merge_view(request: HttpRequest, pair_id: int) -> HttpResponse:
    """Headquarters approves the merge of a pair decided the same person (someone else decided it)."""
    user = staff_user(request)
    evidence = _evidence_or_404(request, pair_id)
    pair = evidence.pair
    return form_step(
        request,
        MergeForm(request.POST, pair=pair),
        lambda data: duplicate_merge.duplicate_merge(
            actor=user,
            pair=pair,
            kept=pair.first if data["kept"] == pair.first_id else pair.second,
            reason=data["reason"],
        ),
        done=_("The two files are merged; nothing was deleted, and the merge can be reversed here."),
        back=reverse("register:duplicate_detail", args=[pair_id]),
        again=lambda form: _page(request, evidence, merge_form=form),
    )


@requires(POST=DECIDE)
def duplicate_unmerge_view(request: HttpRequest, pair_id: int) -> HttpResponse:
    """Headquarters reverses a merge: the records moved go back to the file they came from."""
    user = staff_user(request)
    evidence = _evidence_or_404(request, pair_id)
    return form_step(
        request,
        UnmergeForm(request.POST),
        lambda data: duplicate_merge.duplicate_unmerge(actor=user, pair=evidence.pair, reason=data["reason"]),
        done=_("The merge is reversed: each file has its own records again."),
        back=reverse("register:duplicate_detail", args=[pair_id]),
        again=lambda form: _page(request, evidence, unmerge_form=form),
    )
