"""Who may do what, and where: roles are groups of rights (seeded by migration 0002 and
described in docs/roles.md); each member of staff is assigned to prisons or nationwide."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from custodia.estate.models import Prison


class StaffAssignment(models.Model):
    """Where a member of staff works. Deny by default: without an assignment a user sees no
    prisoner at all, whatever their role."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignment")
    nationwide = models.BooleanField(_("nationwide"), default=False)
    prisons = models.ManyToManyField(Prison, blank=True, related_name="+", verbose_name=_("prisons"))

    class Meta:
        verbose_name = _("staff assignment")
        # The rights that roles grant. Model permissions (add/change/...) are not used for
        # people's files: these say what a person may see or do in the service.
        permissions = [
            ("view_prisoner_file", _("View the files of prisoners held where one works")),
            ("admit_prisoner", _("Admit a person into custody")),
            ("record_movement", _("Record movements")),
            ("change_legal_status", _("Record a change of legal status")),
            ("act_on_ill_treatment_complaint", _("Record the action taken on a complaint of ill-treatment")),
            ("view_family_section", _("See the family and children section")),
            ("view_health_section", _("See the health section (injuries and complaints on arrival)")),
            ("view_intelligence_section", _("See intelligence")),
            ("view_vep_assessment_section", _("See violent extremism risk assessments")),
            ("view_statistics", _("See national statistics (aggregates, no names)")),
            ("view_estate", _("See prisons and their occupancy")),
            ("manage_users", _("Manage user accounts and assignments")),
        ]
