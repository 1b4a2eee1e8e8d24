"""The non-associations section of the prisoner file page (register/prisoner_detail.html includes
security/file_section.html with this context)."""

from . import selectors


def context_for(*, user, prisoner) -> dict:
    """The person's records with each seen from this person's side. Nothing for a prison that no
    longer holds the person (the section is not shown there) or without the right (withheld)."""
    if prisoner.held_elsewhere or not user.has_perm(selectors.VIEW):
        return {}
    rows = [
        {
            "record": record,
            "other": record.other_of(prisoner.pk),
            "role": record.get_role_a_display() if record.prisoner_a_id == prisoner.pk else record.get_role_b_display(),
            "other_role": (
                record.get_role_b_display() if record.prisoner_a_id == prisoner.pk else record.get_role_a_display()
            ),
        }
        for record in selectors.non_associations_for(user=user, prisoner=prisoner)
    ]
    return {"non_associations": rows}
