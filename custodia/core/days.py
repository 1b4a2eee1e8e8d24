"""Days of the service's calendar as moments: what compares a stored timestamp with a local day
without turning every row's timestamp into a date."""

from datetime import date, datetime, time

from django.utils import timezone


def day_start(day: date) -> datetime:
    """Midnight at the start of `day` where the service is: a moment "on or after" a day is one at
    or after this, as the worklists turn timestamps into local days."""
    return timezone.make_aware(datetime.combine(day, time.min))
