"""The non-associations section of the prisoner file page (register/prisoner_detail.html includes
security/file_section.html with this context)."""

from custodia.register.selectors import PrisonerFile, visible_prisoners

from . import selectors, services


def context_for(*, user, file: PrisonerFile) -> dict:
    """The person's records with each seen from this person's side. Nothing for a prison that no
    longer holds the person (the section is not shown there) or without the right (withheld)."""
    if file.held_elsewhere or not user.has_perm(selectors.VIEW):
        return {}
    prisoner = file.prisoner
    records = list(selectors.non_associations_for(user=user, prisoner=prisoner))
    # The other person's file is linked only where the reader may open it (one query, when there are records).
    others = {record.other_of(prisoner.pk).pk for record in records}
    openable = set(visible_prisoners(user=user).filter(pk__in=others).values_list("pk", flat=True)) if others else set()
    rows = [
        {
            "record": record,
            "other": record.other_of(prisoner.pk),
            "other_openable": record.other_of(prisoner.pk).pk in openable,
            "role": record.get_role_a_display() if record.prisoner_a_id == prisoner.pk else record.get_role_b_display(),
            "other_role": (
                record.get_role_b_display() if record.prisoner_a_id == prisoner.pk else record.get_role_a_display()
            ),
            "may_close": record.is_open
            and services.non_association_refusal(user, record.prisoner_a, record.prisoner_b) is None,
        }
        for record in records
    ]
    return {
        "non_associations": rows,
        # For the file's summary at the top of the page.
        "open_non_associations": sum(1 for record in records if record.is_open),
        "may_open_non_association": services.non_association_refusal(user, prisoner) is None,
    }
