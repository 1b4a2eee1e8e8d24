"""The merge of two files of one person, and its reversal (docs/duplicates.md). Nothing is
deleted: both prisoner rows stay; the records of the file merged (every row of every model with a
foreign key to the prisoner, found through Prisoner._meta.related_objects, so that a new app's
records are never forgotten) are moved to the file kept, each moved row recorded on the pair so
that the reversal moves exactly those back. Audit events stay on the file they were written for
(the trail is hash-chained): the history of the file kept shows the events of both."""

from django.apps import apps
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.core import audit
from custodia.core.actions import AuditAction
from custodia.core.refusals import ensure_allowed
from custodia.core.rights import right

from . import kept_dues, services
from .choices import DuplicateStatus
from .models import DuplicatePair, KeptDue, Prisoner, PrisonerNameKey

DECIDE = right("decide_duplicates")
# The present state of a file, which goes with the person (the one in custody, if any).
STATE = ("current_prison_id", "current_cell_id", "custody_status", "legal_status")
# Rows derived from others, written again rather than moved: the keys the names are found by, and
# the due dates kept for the worklists (forgotten, worked out again when next asked).
DERIVED: tuple[type[models.Model], ...] = (PrisonerNameKey, KeptDue)


def merge_refusal(actor: User, pair: DuplicatePair) -> str | None:
    """Why this actor may not merge this pair now, or None: headquarters, a pair decided the same
    person, and someone other than who decided it (four eyes)."""
    if not actor.has_perm(DECIDE):
        return _("Only headquarters merges files.")
    if pair.status != DuplicateStatus.SAME:
        return _("Only two files decided to be the same person can be merged.")
    if pair.decided_by_id == actor.pk:
        return _("The merge is approved by someone other than who decided that the files are of one person.")
    return None


def unmerge_refusal(actor: User, pair: DuplicatePair) -> str | None:
    if not actor.has_perm(DECIDE):
        return _("Only headquarters reverses a merge.")
    if pair.status != DuplicateStatus.MERGED:
        return _("These files are not merged.")
    return None


def _links() -> list[tuple[type[models.Model], str]]:
    """(model, field) of every foreign key to a prisoner, but the pairs themselves, a file merged
    into another and the derived rows."""
    links = []
    for relation in Prisoner._meta.related_objects:
        model = relation.related_model
        if not isinstance(model, type) or model in (DuplicatePair, Prisoner, *DERIVED):
            continue
        field = relation.field
        if field.many_to_many:
            continue
        links.append((model, field.attname))
    return links


def _state(person: Prisoner) -> dict[str, object]:
    return {name: getattr(person, name) for name in STATE}


def _set_state(person: Prisoner, state: dict[str, object]) -> None:
    for name in STATE:
        setattr(person, name, state[name])


def _move(rows: list[list[object]], to: Prisoner, source: Prisoner) -> None:
    """Move the rows to `to`; both files' kept due dates are forgotten (the moves bypass the
    signals that forget them)."""
    kept_dues.forget([to.pk, source.pk])
    by_model: dict[tuple[str, str], list[object]] = {}
    for label, pk, field in rows:
        by_model.setdefault((str(label), str(field)), []).append(pk)
    for (label, field), ids in by_model.items():
        model = apps.get_model(label)
        try:
            with transaction.atomic():
                model._default_manager.filter(pk__in=ids).update(**{field: to.pk})
        except IntegrityError as exc:
            raise ValidationError(
                _("The two files both hold a record that a person can have only one of: %(records)s.")
                % {"records": model._meta.verbose_name}
            ) from exc


def duplicate_merge(*, actor: User, pair: DuplicatePair, kept: Prisoner, reason: str = "") -> DuplicatePair:
    """Merge the other file of `pair` into `kept`. Refused while both files are on a prison's roll
    (one person cannot be in two cells: the prison corrects one first), or where a record of each
    could be held once only. The present state (prison, cell, custody and legal status) goes with
    the one on the roll; the names' keys of both files are written again; an audit event on each."""
    with transaction.atomic():
        pair = DuplicatePair.objects.select_for_update(no_key=True).get(pk=pair.pk)
        ensure_allowed(merge_refusal(actor, pair))
        if kept.pk not in (pair.first_id, pair.second_id):
            raise ValueError("the file kept is one of the pair")
        people = {
            p.pk: p
            for p in Prisoner.objects.select_for_update(no_key=True).filter(pk__in=[pair.first_id, pair.second_id])
        }
        kept, merged = people[kept.pk], people[pair.second_id if kept.pk == pair.first_id else pair.first_id]
        if kept.current_prison_id is not None and merged.current_prison_id is not None:
            raise ValidationError(
                _(
                    "Both files are on a prison's roll (%(first)s, %(second)s): one person cannot be held twice. "
                    "The prison corrects one file first (a release recorded in error is corrected by a movement)."
                )
                % {"first": kept.number, "second": merged.number}
            )
        rows: list[list[object]] = []
        for model, field in _links():
            ids = list(model._default_manager.filter(**{field: merged.pk}).values_list("pk", flat=True))
            rows += [[model._meta.label_lower, pk, field] for pk in ids]
        _move(rows, kept, merged)
        pair.states = {str(kept.pk): _state(kept), str(merged.pk): _state(merged)}
        if merged.current_prison_id is not None:
            _set_state(kept, _state(merged))
        merged.current_prison, merged.current_cell = None, None
        merged.merged_into = kept
        for person in (kept, merged):
            services.names_reindex(person)
            person.version += 1
            person.save()
        pair.status, pair.kept = DuplicateStatus.MERGED, kept
        pair.merged_by, pair.merged_at, pair.moved_rows = actor, timezone.now(), rows
        pair.save()
        for person in (kept, merged):
            audit.record(
                actor=actor,
                action=AuditAction.PRISONER_MERGE,
                obj=person,
                changes=audit.changes_of(
                    duplicate_pair=(None, pair.pk), kept=(None, kept.number), merged=(None, merged.number)
                ),
                reason=reason or pair.reason,
            )
    return pair


def duplicate_unmerge(*, actor: User, pair: DuplicatePair, reason: str) -> DuplicatePair:
    """Reverse a merge: exactly the rows moved go back to the file they came from; the present
    state goes with the open custody period (to the file merged, if it came from there; the file
    kept otherwise keeps its own); the names' keys of both written again; an audit event on each."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why.")})
    with transaction.atomic():
        pair = DuplicatePair.objects.select_for_update(no_key=True).get(pk=pair.pk)
        ensure_allowed(unmerge_refusal(actor, pair))
        people = {
            p.pk: p
            for p in Prisoner.objects.select_for_update(no_key=True).filter(pk__in=[pair.first_id, pair.second_id])
        }
        kept = people[pair.kept_id]  # type: ignore[index]
        merged = people[pair.second_id if kept.pk == pair.first_id else pair.first_id]
        _move(pair.moved_rows, merged, kept)
        merged.merged_into = None
        open_period_back = merged.custody_periods.filter(ended_at__isnull=True).exists()
        if open_period_back:
            _set_state(merged, _state(kept))
            _set_state(kept, pair.states[str(kept.pk)])
        for person in (kept, merged):
            services.names_reindex(person)
            person.version += 1
            person.save()
        pair.status, pair.reversed_by, pair.reversed_at = DuplicateStatus.MERGE_REVERSED, actor, timezone.now()
        pair.reversal_reason = reason
        pair.save()
        for person, other in ((kept, merged), (merged, kept)):
            audit.record(
                actor=actor,
                action=AuditAction.PRISONER_UNMERGE,
                obj=person,
                changes=audit.changes_of(duplicate_pair=(None, pair.pk), other_file=(None, other.number)),
                reason=reason,
            )
    return pair
