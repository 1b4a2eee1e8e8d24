"""The programmes section of the prisoner file page (register/prisoner_detail.html includes
programmes/file_section.html with this context): the person's referrals and places, with their
attendance and end-of-programme reports, and the referral button for their case manager."""

from custodia.register.selectors import PrisonerFile

from . import selectors, services


def context_for(*, user, file: PrisonerFile) -> dict:
    if not user.has_perm(selectors.VIEW):
        return {}
    prisoner = file.prisoner
    return {
        "programme_participations": selectors.prisoner_participations(user=user, prisoner=prisoner),
        "may_refer": not file.held_elsewhere and services.referrer_refusal(user, prisoner) is None,
    }
