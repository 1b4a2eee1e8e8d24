"""Every user of Custodia has a staff record, made with the account and in its transaction. Its
creation is the account's own event (user.create); what the training centre later changes in it
is audited by training.services."""

from typing import Any

from django.contrib.auth.models import User

from .choices import Post
from .models import StaffMember


def staff_record_for_new_user(sender: type[User], instance: User, created: bool, raw: bool = False, **_: Any) -> None:
    """The record starts with the account's names; the training centre completes the post, rank,
    prison and service number (an account's assignment may name several prisons)."""
    if created and not raw:
        StaffMember.objects.create(
            user=instance,
            family_name=instance.last_name or instance.username,
            given_name=instance.first_name,
            post=Post.OTHER,
        )
