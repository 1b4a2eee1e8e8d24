from django.db import models
from django.utils.translation import gettext_lazy as _


class RoomKind(models.TextChoices):
    IN_PERSON = "in_person", _("In-person visit")
    CLOSED = "closed", _("Closed visit (behind a screen)")
    VIDEO = "video", _("Video call")


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    REFUSED = "refused", _("Refused on the day")


class SearchOutcome(models.TextChoices):
    NOTHING = "nothing", _("Searched: nothing found")
    FOUND = "found", _("Searched: a forbidden item found")
    DECLINED = "declined", _("The visitor declined the search")
    NOT_NEEDED = "not_needed", _("No search (video call)")
