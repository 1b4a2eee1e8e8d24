"""Due dates kept per person for the worklists of higher apps (assessments, sentence plans).

A worklist works out, for each person held at a prison, when the next piece of work is due: over
a prison of thousands that costs a tenth of a second, and the home page of every case manager
asked for it at each visit. The counts now read the dates kept here (`kept`), and work out again
only the people whose dates are missing or stale. What keeps them right:

- A person's rows of one kind are worked out together by the app's own function (the same rules
  as its worklist) and stamped with when and with what setting (`key` empty).
- Any write that names the person forgets all of their rows, in the write's own transaction: the
  file itself and every row of every model with a foreign key to it (post_save and post_delete,
  connected in RegisterConfig.ready(), so that a new app's records are never left out). The few
  writes that bypass these signals (bulk creation of offences, a merge's moves) call `forget`.
- A stamp counts only on the local day it was made (ages, and what is overdue, change with the
  day), only with the app's present setting (intervals, instrument versions), and for at most
  KEEP_MINUTES: a write committed while another request was working the same person out cannot
  leave a stale date for longer than that. Each person's stamp is made up to half of that earlier
  than the work (by the person's id): the dates of a prison worked out at one visit then fall
  stale over five minutes, a few people at each later visit, instead of all of them at once for
  every request that arrives in the same instant (measured: 455 ms for a prison of 3,000).

The rows are derived, like the keys names are found by: they are not audited, and a merge writes
them again rather than moving them.
"""

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import models, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from custodia.core import workflow
from custodia.core.days import day_start

from .models import KeptDue, Prisoner

KEEP_MINUTES = 10
# How much earlier than the work a person's stamp may be made, in seconds: spreads the staleness.
SPREAD_SECONDS = KEEP_MINUTES * 60 // 2
# Ids per statement when forgetting or storing many people (SQLite's older limit is 999 variables).
BATCH = 500


def _batches(ids: list[int]) -> Iterator[list[int]]:
    return (ids[start : start + BATCH] for start in range(0, len(ids), BATCH))


@dataclass(frozen=True)
class Worked:
    """One date worked out for one person."""

    prisoner_id: int
    key: str
    due_on: date
    reason: str


# The app's own function: the dates of the people of a queryset (none for a person nothing is due for).
WorkOut = Callable[[QuerySet[Prisoner]], Iterable[Worked]]


def setting_of(*parts: object) -> str:
    """A short digest of what an app works its dates out with besides each person's file."""
    return hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=16).hexdigest()


def fresh_since(now: datetime) -> datetime:
    """The oldest stamp still counted at `now`: made today, and within KEEP_MINUTES."""
    return max(day_start(timezone.localdate(now)), now - timedelta(minutes=KEEP_MINUTES))


def kept(kind: str, *, people: QuerySet[Prisoner], setting: str, work_out: WorkOut) -> QuerySet[KeptDue]:
    """The dates of `kind` kept for `people`, stamps left out, after working out again those of
    the people whose stamp is missing or stale. When nothing is stale, one query before the
    caller's own read of the rows."""
    now = timezone.now()
    stamped = KeptDue.objects.filter(kind=kind, key="", setting=setting, worked_out_at__gte=fresh_since(now))
    stale = list(people.exclude(pk__in=stamped.values("prisoner_id")).order_by().values_list("pk", flat=True))
    for ids in _batches(stale):
        _store(kind, ids, setting=setting, now=now, worked=work_out(Prisoner.objects.filter(pk__in=ids)))
    return KeptDue.objects.filter(kind=kind, prisoner__in=people.values("pk")).exclude(key="")


def urgency_counts(dates: QuerySet[KeptDue], *, today: date) -> dict[str, int]:
    """How many of the dates are overdue and how many due soon, as core.workflow.urgency tells
    them apart: one query."""
    soon = today + timedelta(days=workflow.DUE_SOON_DAYS)
    return dates.aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        due_soon=Count("pk", filter=Q(due_on__gte=today, due_on__lte=soon)),
    )


def _store(kind: str, ids: list[int], *, setting: str, now: datetime, worked: Iterable[Worked]) -> None:
    rows = [
        KeptDue(prisoner_id=w.prisoner_id, kind=kind, key=w.key, due_on=w.due_on, reason=w.reason[:64]) for w in worked
    ]
    for row in rows:
        row.worked_out_at, row.setting = now, setting
    # The stamps, by which the rows are read as fresh, spread over SPREAD_SECONDS before the work,
    # never before the day's start (a stamp of another day counts for nothing).
    today = day_start(timezone.localdate(now))
    rows += [
        KeptDue(
            prisoner_id=pk,
            kind=kind,
            key="",
            setting=setting,
            worked_out_at=max(now - timedelta(seconds=pk % SPREAD_SECONDS), today),
        )
        for pk in ids
    ]
    # Two requests may work the same people out at once: the second's rows are the same dates.
    with transaction.atomic():
        KeptDue.objects.filter(kind=kind, prisoner_id__in=ids).delete()
        KeptDue.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


def forget(prisoner_ids: Iterable[int | None]) -> None:
    """Forget every date kept for these people, of every kind: worked out again when next asked."""
    ids = sorted({pk for pk in prisoner_ids if pk is not None})
    for chunk in _batches(ids):
        KeptDue.objects.filter(prisoner_id__in=chunk).delete()


def _people_named(instance: models.Model) -> Iterator[int | None]:
    if isinstance(instance, Prisoner):
        yield instance.pk
        return
    for field in type(instance)._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and field.related_model is Prisoner:
            yield getattr(instance, field.attname)


def _on_write(sender: type[models.Model], instance: models.Model, **_: Any) -> None:
    forget(_people_named(instance))


def connect_receivers() -> None:
    """post_save and post_delete of the file and of every model with a foreign key to it forget
    the person's dates (RegisterConfig.ready(): every model is loaded by then)."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for model in apps.get_models():
        if model is KeptDue:
            continue
        names_a_person = model is Prisoner or any(
            isinstance(field, models.ForeignKey) and field.related_model is Prisoner
            for field in model._meta.concrete_fields
        )
        if names_a_person:
            uid = f"kept_dues.forget.{model._meta.label}"
            post_save.connect(_on_write, sender=model, dispatch_uid=uid, weak=False)
            post_delete.connect(_on_write, sender=model, dispatch_uid=uid + ".delete", weak=False)
