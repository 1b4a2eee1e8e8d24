"""Who may do what, and where: roles are groups of rights (seeded by migration 0002 and
described in docs/roles.md); each member of staff is assigned to prisons or nationwide."""

from django.conf import settings
from django.db import models
from django.utils import timezone
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
            ("print_own_file_copy", _("Print a person's own copy of their file (Mandela Rule 9)")),
            ("view_family_section", _("See the family and children section")),
            ("view_health_section", _("See the health section (injuries and complaints on arrival)")),
            ("view_intelligence_section", _("See intelligence")),
            ("view_vep_assessment_section", _("See violent extremism risk assessments")),
            ("submit_intelligence", _("Pass on information as an intelligence report")),
            ("grade_intelligence", _("Grade intelligence reports and set their handling code")),
            ("share_intelligence", _("Share intelligence with another agency, and sanitise it for sharing")),
            ("approve_intelligence_sharing", _("Approve the sharing of intelligence its handling code restricts")),
            ("view_file_readers", _("See who opened a prisoner file")),
            ("view_duplicates", _("See pairs of files that may be of the same person")),
            ("decide_duplicates", _("Decide whether two files are of the same person")),
            ("assess_risk_and_needs", _("Carry out and countersign risk and needs assessments")),
            ("view_assessments", _("See risk and needs assessments and the needs they identify")),
            ("view_assessment_worklist", _("See the worklist of assessments due")),
            ("validate_instruments", _("Check how well an instrument predicts outcomes (local validation)")),
            ("view_classification", _("See classification decisions and placement checks")),
            ("propose_classification", _("Propose a classification level")),
            ("approve_classification", _("Approve, change or return a classification (VEPs: headquarters)")),
            ("view_sentence_plans", _("See individual sentence plans and the person's own view of them")),
            ("manage_sentence_plans", _("Start, change, agree and review individual sentence plans")),
            ("view_programmes", _("See programmes, their waiting lists and who takes part")),
            ("manage_programmes", _("Keep the programme catalogue, allocate places and end participation")),
            ("refer_to_programme", _("Refer a person to a programme from their sentence plan")),
            ("record_attendance", _("Record attendance and session notes")),
            ("view_release_plans", _("See release plans, referrals to outside agencies and follow-ups")),
            (
                "manage_release_plans",
                _("Plan release, refer with consent, export the release summary, record follow-ups"),
            ),
            ("view_rehabilitation_oversight", _("See figures on sentence plans, programmes and reintegration")),
            ("view_measures", _("See restrictive measures, their reviews and health-care visits")),
            ("impose_measures", _("Impose, extend and end restrictive measures")),
            ("review_measures", _("Review restrictive measures and decide appeals (not one's own)")),
            ("record_measure_notice", _("Record that the person was told the reason, and their appeal")),
            ("record_health_visit", _("Record the daily health-care visit to a person held apart")),
            ("view_measure_oversight", _("See figures on restrictive measures")),
            ("view_incidents", _("See incident reports and who was involved")),
            ("report_incidents", _("Write and submit incident reports")),
            ("review_incidents", _("Review incident reports: close them, return them or set them aside")),
            ("record_medical_examination", _("Record the medical examination after force or an injury")),
            ("view_alerts", _("See the alerts on a file")),
            ("manage_alerts", _("Set and end alerts (each code names the roles that may)")),
            ("view_networks", _("See the networks of links between people")),
            ("view_security_audits", _("See prison security audits and the actions they recommend")),
            ("conduct_security_audits", _("Conduct prison security audits")),
            ("follow_up_audit_actions", _("Record progress on the actions a security audit recommends")),
            ("view_contacts", _("See a person's contacts and whether each may visit or call")),
            ("manage_contacts", _("Record contacts and approve them for visits, calls and video calls")),
            ("restrict_contacts", _("Restrict a contact for security or by court order")),
            ("restrict_family_contact", _("Restrict contact with a family member, and review the restriction")),
            ("view_visits", _("See visit sessions, bookings and video calls")),
            ("book_visits", _("Book visits and video calls with approved contacts")),
            ("record_visits", _("Record visits on the day: arrival, search, start, end, cancellation")),
            ("manage_visit_sessions", _("Set the visit and video-call sessions of a prison")),
            ("view_visit_figures", _("See figures on visits, video calls and people without contact")),
            ("view_complaints", _("See requests and complaints (not those of the confidential route)")),
            ("record_complaints", _("Record a request or complaint for a person")),
            ("answer_complaints", _("Answer requests and complaints addressed to one, and appeals")),
            ("handle_confidential_complaints", _("Read and answer complaints made through the confidential route")),
            ("refer_ill_treatment_allegations", _("Refer an allegation of ill-treatment to an independent authority")),
            ("view_complaint_figures", _("See figures on requests, complaints and allegations of ill-treatment")),
            ("record_information_given", _("Record that the information sheet was given on admission")),
            ("view_training", _("See staff training: staff records, courses, sessions, certificates and coverage")),
            ("manage_training", _("Keep staff records, courses and training sessions; record results and imports")),
            ("view_non_associations", _("See non-associations")),
            ("manage_non_associations", _("Record and close non-associations")),
            ("approve_separation_exception", _("Approve an exception to the separation of categories (Rule 11)")),
            ("view_classification_oversight", _("See classification and review figures")),
            ("view_statistics", _("See national statistics (aggregates, no names)")),
            ("view_compliance", _("See the Mandela Rules compliance monitor: scores by rule and prison")),
            ("view_estate", _("See prisons and their occupancy")),
            ("manage_users", _("Manage user accounts and assignments")),
        ]


class Account(models.Model):
    """What Custodia keeps about an account beyond Django's user: the language the person works in
    and whether they must choose a new password before anything else (accounts.password_change).

    Made by the user administration (accounts.services); an account without one (made before it,
    or by a test) has no preferred language and owes no password change."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="account")
    # One of settings.LANGUAGES offered by the country profile; empty for the service's default.
    language = models.CharField(_("preferred language"), max_length=8, blank=True)
    password_change_required = models.BooleanField(_("must change the password at next sign-in"), default=False)

    class Meta:
        verbose_name = _("account")


class ApiToken(models.Model):
    """A personal API token: a program calls /api/v1 as this user with `Authorization: Bearer
    <secret>`, limited to the token's scopes and, like the user, to their rights and prisons.

    The secret is shown once when the token is made; only its SHA-256 is kept, with its first
    characters to recognise it in a list. Tokens are revoked, never deleted: the audit trail
    names them."""

    READ = "read"
    WRITE = "write"
    SCOPES = (READ, WRITE)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    # The scopes in a fixed order, comma-separated: "read", "write" or "read,write" (checked below).
    scopes = models.CharField(_("scopes"), max_length=20)
    key_prefix = models.CharField(_("key prefix"), max_length=8)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scopes__in=["read", "write", "read,write"]), name="accounts_apitoken_scopes_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True, revoked_by__isnull=True)
                | models.Q(revoked_at__isnull=False, revoked_by__isnull=False),
                name="accounts_apitoken_revoked_by_whom",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=models.F("created_at")),
                name="accounts_apitoken_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split(",")) if self.scopes else frozenset()

    def is_expired(self, now) -> bool:
        return self.expires_at is not None and self.expires_at <= now

    def is_usable(self, now) -> bool:
        return self.revoked_at is None and not self.is_expired(now)

    @property
    def status(self) -> str:
        """One of "active", "expired" or "revoked", for lists."""
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.is_expired(timezone.now()) else "active"
