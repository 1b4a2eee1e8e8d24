"""Which right each route needs, per HTTP method. Deny by default: a route missing from this
table is refused to everyone (and the role-by-route test fails until it is added).

Beyond the table, a signed-in account must be set up to open anything but the public routes
and signing out: a role and a staff assignment, or being a superuser (account_gap)."""

from django.contrib.auth import get_user_model

from . import roles

PUBLIC = "public"  # no sign-in needed: the sign-in page itself, the health check, the language switch
SIGNED_IN = "signed_in"  # any member of staff whose account is set up (see account_gap)


def right(codename: str) -> str:
    return f"accounts.{codename}"


FILE = right("view_prisoner_file")
READ = ("GET", "HEAD")

ROUTES: dict[str, dict[str, str]] = {
    "login": {"GET": PUBLIC, "POST": PUBLIC},
    "logout": {"POST": SIGNED_IN},
    "two_factor_setup": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    "two_factor_verify": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    "set_language": {"POST": PUBLIC},
    "ping": {"GET": PUBLIC},
    "home": {"GET": SIGNED_IN},
    "estate:prison_list": {"GET": right("view_estate")},
    "estate:prison_detail": {"GET": right("view_estate")},
    "register:prisoner_list": {"GET": FILE},
    "register:prisoner_detail": {"GET": FILE},
    "register:admit": {"GET": right("admit_prisoner"), "POST": right("admit_prisoner")},
    "register:flags": {"GET": right("act_on_ill_treatment_complaint")},
    "register:movement_create": {"GET": right("record_movement"), "POST": right("record_movement")},
    "register:legal_status_create": {"GET": right("change_legal_status"), "POST": right("change_legal_status")},
    "register:ill_treatment_action": {
        "GET": right("act_on_ill_treatment_complaint"),
        "POST": right("act_on_ill_treatment_complaint"),
    },
    # Placement and separation: the services further check the prison (the person held where the
    # user works; a director of the unit's prison; staff of a prison holding one of the pair).
    "placement:prisoner_placement": {"GET": right("record_movement"), "POST": right("record_movement")},
    "placement:oversight": {"GET": right("view_classification_oversight")},
    "placement:exception_grant": {
        "GET": right("approve_separation_exception"),
        "POST": right("approve_separation_exception"),
    },
    "placement:exception_close": {"POST": right("approve_separation_exception")},
    "security:non_association_open": {
        "GET": right("manage_non_associations"),
        "POST": right("manage_non_associations"),
    },
    "security:non_association_close": {
        "GET": right("manage_non_associations"),
        "POST": right("manage_non_associations"),
    },
    "oversight:statistics": {"GET": right("view_statistics")},
    "assessment:worklist": {"GET": right("view_assessment_worklist")},
    "assessment:start": {"POST": right("assess_risk_and_needs")},
    "assessment:trigger_create": {"GET": right("assess_risk_and_needs"), "POST": right("assess_risk_and_needs")},
    "assessment:detail": {"GET": right("view_assessments")},
    "assessment:edit": {"GET": right("assess_risk_and_needs"), "POST": right("assess_risk_and_needs")},
    "assessment:countersign": {"POST": right("assess_risk_and_needs")},
    "assessment:return": {"POST": right("assess_risk_and_needs")},
    "assessment:validation": {"GET": right("validate_instruments"), "POST": right("validate_instruments")},
    # Classification: the services decide further who may act on which person (the director where
    # the person is held, or the headquarters VEP unit alone for a VEP; the case manager there).
    "classification:reviews": {"GET": right("view_classification")},
    "classification:oversight": {"GET": right("view_classification_oversight")},
    "oversight:classification": {"GET": right("view_classification_oversight")},
    "classification:propose": {"GET": right("propose_classification"), "POST": right("propose_classification")},
    "classification:detail": {"GET": right("view_classification")},
    "classification:approve": {"POST": right("approve_classification")},
    "classification:return": {"POST": right("approve_classification")},
    # The person's information and appeal are recorded by the case manager or the approver.
    "classification:information": {"POST": right("view_classification")},
    "classification:appeal": {"POST": right("view_classification")},
    "classification:review_date": {"GET": right("approve_classification"), "POST": right("approve_classification")},
    "api:api-root": {"GET": SIGNED_IN},
    "api:openapi-json": {"GET": SIGNED_IN},
    "api:openapi-view": {"GET": SIGNED_IN},
    "api:prison_list": {"GET": right("view_estate")},
    "api:prison_detail": {"GET": right("view_estate")},
    # GET and POST of one path share one URL pattern in django-ninja; both names are listed.
    "api:prisoner_list": {"GET": FILE, "POST": right("admit_prisoner")},
    "api:prisoner_admit": {"GET": FILE, "POST": right("admit_prisoner")},
    "api:prisoner_detail": {"GET": FILE},
    "api:movement_list": {"GET": FILE, "POST": right("record_movement")},
    "api:movement_record": {"GET": FILE, "POST": right("record_movement")},
    "api:placement_cells": {"GET": right("record_movement")},
    # Exceptions name people: the list needs the right to open files (the selector further keeps
    # it to directors and headquarters); a statistics analyst reads the units on the oversight page.
    "api:separation_exception_list": {"GET": FILE, "POST": right("approve_separation_exception")},
    "api:separation_exception_grant": {"GET": FILE, "POST": right("approve_separation_exception")},
    "api:separation_exception_close": {"POST": right("approve_separation_exception")},
    "api:non_association_list": {"GET": right("view_non_associations"), "POST": right("manage_non_associations")},
    "api:non_association_open": {"GET": right("view_non_associations"), "POST": right("manage_non_associations")},
    "api:non_association_close": {"POST": right("manage_non_associations")},
    "api:assessment_instrument_list": {"GET": SIGNED_IN},
    "api:assessment_instrument_detail": {"GET": SIGNED_IN},
    "api:assessment_worklist": {"GET": right("view_assessment_worklist")},
    "api:assessment_trigger_record": {"POST": right("assess_risk_and_needs")},
    "api:assessment_list": {"GET": right("view_assessments"), "POST": right("assess_risk_and_needs")},
    "api:assessment_start": {"GET": right("view_assessments"), "POST": right("assess_risk_and_needs")},
    "api:assessment_detail": {"GET": right("view_assessments")},
    "api:assessment_rate": {"PUT": right("assess_risk_and_needs")},
    "api:assessment_submit": {"POST": right("assess_risk_and_needs")},
    "api:assessment_countersign": {"POST": right("assess_risk_and_needs")},
    "api:assessment_return": {"POST": right("assess_risk_and_needs")},
    "api:classification_proposal": {"GET": right("view_classification")},
    "api:classification_reviews": {"GET": right("view_classification")},
    "api:classification_decision_list": {"GET": right("view_classification"), "POST": right("propose_classification")},
    "api:classification_propose": {"GET": right("view_classification"), "POST": right("propose_classification")},
    "api:classification_decision_detail": {"GET": right("view_classification")},
    "api:classification_approve": {"POST": right("approve_classification")},
    "api:classification_return": {"POST": right("approve_classification")},
    "api:classification_information": {"POST": right("view_classification")},
    "api:classification_appeal": {"POST": right("view_classification")},
    "api:classification_review_date": {"POST": right("approve_classification")},
    # Personal API tokens: everyone manages their own (accounts.tokens).
    "api_tokens": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    "api_token_revoke": {"POST": SIGNED_IN},
}


def rule_for(view_name: str | None, method: str) -> str | None:
    """The right a request needs, or None when nothing allows it."""
    methods = ROUTES.get(view_name or "", {})
    return methods.get("GET" if method in READ else method)


# Why a signed-in account cannot work yet (account_gap), and what it may still open besides the
# public routes: signing out, so that nobody is stuck signed in on a shared computer.
NO_ROLE = "no_role"
NO_ASSIGNMENT = "no_assignment"
OPEN_WITHOUT_ROLE = frozenset({"logout"})


def account_gap(user) -> str | None:
    """NO_ROLE for a signed-in user without any role, NO_ASSIGNMENT for one whose staff assignment
    (where they work) is missing, None for an account that is set up. Without this, the routes
    that need no particular right (SIGNED_IN: home, API tokens, the API schema, instrument
    definitions) would be open to any account created but not yet given a role. A superuser
    holds every right nationwide and needs neither."""
    if user.is_superuser:
        return None
    groups, assigned = _standing(user)
    if not groups:  # a group of rights an administrator made for a post counts as a role too
        return NO_ROLE
    return None if assigned else NO_ASSIGNMENT


def roles_held(user) -> frozenset[str]:
    """The roles (accounts.roles) a signed-in user holds."""
    return _standing(user)[0] & frozenset(roles.LABELS)


def _standing(user) -> tuple[frozenset[str], bool]:
    """The user's groups and whether they have a staff assignment, read in one query and kept on
    the user object for the rest of the request: the two-factor and the route checks both ask
    on every request, and together they cost the one query the two-factor check used to."""
    if not hasattr(user, "_custodia_standing"):
        rows = get_user_model().objects.filter(pk=user.pk).values_list("groups__name", "assignment__pk")
        user._custodia_standing = (
            frozenset(name for name, _assignment in rows if name is not None),
            any(assignment is not None for _name, assignment in rows),
        )
    return user._custodia_standing
