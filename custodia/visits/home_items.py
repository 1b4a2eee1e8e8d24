"""What visits count on the home page (core.home): for the visits officer, today's sessions and
bookings; for the case manager, the people with no visit or video call for the profile's number of
days (a welfare prompt); for the director, how full this week's sessions are."""

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from custodia.accounts import roles
from custodia.core.home import Count, Item, link

from . import selectors


def _today(user: User) -> list[Count]:
    if not user.has_perm(selectors.VIEW):
        return []
    today = timezone.localdate()
    found = list(selectors.sessions(user=user, first=today, last=today))
    booked = sum(selectors.taken_of(s) for s in found)
    return [
        Count(len(found), _("Visit sessions today"), link("visits:sessions", day="today")),
        Count(booked, _("Visits and video calls booked today"), link("visits:sessions", day="today")),
    ]


def _no_contact(user: User) -> list[Count]:
    if not user.has_perm(selectors.VIEW):
        return []
    number = selectors.no_contact(user=user).count()
    return [
        Count(
            number,
            _("People with no visit or video call for a long time"),
            link("visits:no_contact"),
            urgent=number > 0,
        )
    ]


def _occupancy(user: User) -> list[Count]:
    if not user.has_perm(selectors.FIGURES):
        return []
    first, last = selectors.week_of(timezone.localdate())
    found = list(selectors.sessions(user=user, first=first, last=last))
    places = sum(s.capacity for s in found)
    percent = round(100 * sum(selectors.taken_of(s) for s in found) / places) if places else 0
    return [Count(percent, _("Occupancy of this week's visit sessions (%)"), link("visits:figures"))]


ITEMS = [
    Item("visits.today", (roles.VISITS,), 10, _today),
    Item("visits.no_contact", (roles.CASE_MANAGER,), 58, _no_contact),
    Item("visits.occupancy", (roles.DIRECTOR,), 59, _occupancy),
]
