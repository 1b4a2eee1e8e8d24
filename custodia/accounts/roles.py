"""The roles of the service and the rights each grants (docs/roles.md shows the same table).
Pure data: migration 0002 seeds the groups from it and tests check the documentation."""

from django.utils.translation import gettext_lazy as _

RECEPTION = "reception_officer"
WING = "wing_officer"
CASE_MANAGER = "case_manager"
PROGRAMME_COORDINATOR = "programme_coordinator"
FACILITATOR = "programme_facilitator"
SECURITY = "security_officer"
DIRECTOR = "prison_director"
HQ_VEP = "hq_classification_vep_unit"
HQ_STATISTICS = "hq_statistics_analyst"
HEALTH = "health_care_staff"
TRAINER = "trainer"
AUDITOR = "hq_security_auditor"
VISITS = "visits_officer"
COMPLAINTS_HQ = "hq_complaints_officer"
INSPECTOR = "independent_inspector"
ADMINISTRATOR = "system_administrator"

LABELS = {
    RECEPTION: _("Reception officer"),
    WING: _("Wing officer"),
    CASE_MANAGER: _("Case manager (psychologist, social worker)"),
    PROGRAMME_COORDINATOR: _("Programme coordinator (education, work and activities)"),
    FACILITATOR: _("Programme facilitator (teacher, instructor, counsellor)"),
    SECURITY: _("Security and intelligence officer"),
    DIRECTOR: _("Prison director"),
    HQ_VEP: _("Headquarters classification and VEP unit"),
    HQ_STATISTICS: _("Headquarters statistics analyst"),
    HEALTH: _("Health-care staff (doctor, nurse)"),
    TRAINER: _("Trainer"),
    AUDITOR: _("Headquarters security auditor"),
    VISITS: _("Visits officer"),
    COMPLAINTS_HQ: _("Headquarters complaints officer"),
    INSPECTOR: _("Member of an independent inspection body"),
    ADMINISTRATOR: _("System administrator"),
}

FILE_READERS = {RECEPTION, WING, CASE_MANAGER, SECURITY, DIRECTOR, HQ_VEP}

RIGHTS: dict[str, set[str]] = {
    "view_prisoner_file": FILE_READERS,
    "admit_prisoner": {RECEPTION},
    "record_movement": {RECEPTION, WING},
    "change_legal_status": {RECEPTION, DIRECTOR},
    "act_on_ill_treatment_complaint": {DIRECTOR},
    # The person's own copy of their file (Rule 9; docs/file-pdf.md): the director answers the
    # request, the one reader of the prison who holds every section the copy gives the person.
    "print_own_file_copy": {DIRECTOR},
    "view_family_section": {RECEPTION, CASE_MANAGER, DIRECTOR, HQ_VEP},
    "view_health_section": {CASE_MANAGER, DIRECTOR},
    "view_intelligence_section": {SECURITY, DIRECTOR, HQ_VEP},
    "view_vep_assessment_section": {CASE_MANAGER, SECURITY, DIRECTOR, HQ_VEP},
    # Intelligence: any officer passes on what they learn (dynamic security) and sees only what they
    # wrote; the security officer grades it; reading a graded report follows its handling code
    # (intelligence.rules), sharing outside the service needs the approval the code requires.
    "submit_intelligence": {RECEPTION, WING, CASE_MANAGER, PROGRAMME_COORDINATOR, FACILITATOR, SECURITY, DIRECTOR},
    "grade_intelligence": {SECURITY},
    "share_intelligence": {SECURITY},
    "approve_intelligence_sharing": {DIRECTOR, HQ_VEP},
    "view_file_readers": {DIRECTOR, HQ_VEP},
    # Possible duplicates in the register (docs/duplicates.md): headquarters sees every pair of files
    # it may read and decides whether they are of one person.
    "view_duplicates": {HQ_VEP},
    "decide_duplicates": {HQ_VEP},
    "assess_risk_and_needs": {CASE_MANAGER},
    "view_assessments": {CASE_MANAGER, SECURITY, DIRECTOR, HQ_VEP},
    "view_assessment_worklist": {CASE_MANAGER, DIRECTOR, HQ_VEP},
    "validate_instruments": {HQ_VEP, HQ_STATISTICS},
    "view_classification": FILE_READERS,
    "propose_classification": {CASE_MANAGER},
    "view_sentence_plans": {CASE_MANAGER, DIRECTOR, HQ_VEP},
    "manage_sentence_plans": {CASE_MANAGER},
    "approve_classification": {DIRECTOR, HQ_VEP},
    # A facilitator sees only the programmes they run and the people on them (programmes.selectors).
    "view_programmes": {CASE_MANAGER, PROGRAMME_COORDINATOR, FACILITATOR, DIRECTOR, HQ_VEP},
    "manage_programmes": {PROGRAMME_COORDINATOR},
    "refer_to_programme": {CASE_MANAGER},
    "record_attendance": {PROGRAMME_COORDINATOR, FACILITATOR},
    "view_release_plans": {CASE_MANAGER, DIRECTOR, HQ_VEP},
    "manage_release_plans": {CASE_MANAGER},
    "view_rehabilitation_oversight": {DIRECTOR, HQ_VEP, HQ_STATISTICS},
    # Restrictive measures (Mandela Rules 36-46): imposed by the director, reviewed by someone else,
    # visited every day by health-care staff (Rule 46), who see the measures and nothing else of the file.
    "view_measures": FILE_READERS | {HEALTH},
    "impose_measures": {DIRECTOR},
    "review_measures": {DIRECTOR, HQ_VEP},
    "record_measure_notice": {WING, CASE_MANAGER, DIRECTOR},
    "record_health_visit": {HEALTH},
    "view_measure_oversight": {DIRECTOR, HQ_VEP, HQ_STATISTICS},
    # Incidents: any officer on duty writes the report; security or the director closes it, and the
    # health-care staff record the examination after force or an injury (Rules 34, 71).
    "view_incidents": FILE_READERS,
    "report_incidents": {RECEPTION, WING, CASE_MANAGER, SECURITY, DIRECTOR},
    "review_incidents": {SECURITY, DIRECTOR},
    "record_medical_examination": {HEALTH},
    # Alerts warn whoever deals with the person; a code of the country profile names the roles that
    # may set it, and a restricted code is seen by those roles only.
    "view_alerts": FILE_READERS | {HEALTH},
    "manage_alerts": {CASE_MANAGER, SECURITY, DIRECTOR, HEALTH},
    # Networks of links between people draw on the file, incidents and intelligence: for those who
    # manage security (each link is shown only to who may read the record behind it).
    "view_networks": {SECURITY, DIRECTOR, HQ_VEP},
    # Prison security audits: conducted by headquarters' auditors; the prison's security officer and
    # director read their prison's audits and follow up the actions recommended to them.
    "view_security_audits": {SECURITY, DIRECTOR, AUDITOR},
    "conduct_security_audits": {AUDITOR},
    "follow_up_audit_actions": {SECURITY, DIRECTOR},
    # Contact with the outside world (Mandela Rules 58-61): everyone who deals with the person knows
    # who may visit and call; reception and the case manager record contacts and approve them; a
    # restriction is for security or a court order, never a sanction on family contact (Rule 43(3))
    # or on a legal adviser (Rule 61), and one on a family member is the director's.
    "view_contacts": FILE_READERS | {VISITS},
    "manage_contacts": {RECEPTION, CASE_MANAGER},
    "restrict_contacts": {SECURITY, DIRECTOR},
    "restrict_family_contact": {DIRECTOR},
    # Visits and video calls: the visits officer books them and records the day; the case manager
    # books too; the director sets the sessions. The checks before booking are the service's.
    "view_visits": FILE_READERS | {VISITS},
    "book_visits": {VISITS, CASE_MANAGER},
    "record_visits": {VISITS},
    "manage_visit_sessions": {DIRECTOR},
    "view_visit_figures": {DIRECTOR, HQ_VEP, HQ_STATISTICS},
    # Requests and complaints (Mandela Rules 56-57): staff record them for the person; the director
    # or headquarters answers, each what is addressed to them; the confidential route to the
    # inspection body is read by its members only. An allegation of ill-treatment is referred to an
    # independent authority (Rule 57(3)) and never closed by the prison it concerns.
    "view_complaints": {RECEPTION, WING, CASE_MANAGER, DIRECTOR, COMPLAINTS_HQ},
    "record_complaints": {RECEPTION, WING, CASE_MANAGER, DIRECTOR},
    "answer_complaints": {DIRECTOR, COMPLAINTS_HQ},
    "handle_confidential_complaints": {INSPECTOR},
    "refer_ill_treatment_allegations": {DIRECTOR, COMPLAINTS_HQ, INSPECTOR},
    "view_complaint_figures": {DIRECTOR, COMPLAINTS_HQ, HQ_STATISTICS, INSPECTOR},
    # Information on admission (Rules 54-55): given by reception or the case manager, recorded on the file.
    "record_information_given": {RECEPTION, CASE_MANAGER},
    # Staff training: the national training centre's trainers keep the staff records, courses,
    # sessions and results; a director reads the training of their prison's staff, headquarters'
    # statistics the whole service's. Certificates are verified by anyone at /verify/<code>.
    "view_training": {TRAINER, DIRECTOR, HQ_STATISTICS},
    "manage_training": {TRAINER},
    "view_non_associations": FILE_READERS,
    "manage_non_associations": {SECURITY, DIRECTOR},
    "approve_separation_exception": {DIRECTOR},
    "view_classification_oversight": {DIRECTOR, HQ_VEP, HQ_STATISTICS},
    "view_statistics": {DIRECTOR, HQ_VEP, HQ_STATISTICS},
    # The Mandela Rules compliance monitor (docs/compliance.md): scores by rule and prison for the
    # director and headquarters; the people concerned only to those who may open their files.
    "view_compliance": {DIRECTOR, HQ_VEP, HQ_STATISTICS},
    "view_estate": FILE_READERS | {HQ_STATISTICS, AUDITOR, ADMINISTRATOR},
    "manage_users": {ADMINISTRATOR},
}

# Roles whose holders must use two-factor authentication (enforced with the sign-in work).
TWO_FACTOR_ROLES = {SECURITY, HQ_VEP, HQ_STATISTICS, AUDITOR, COMPLAINTS_HQ, INSPECTOR, ADMINISTRATOR}


def rights_of(role: str) -> set[str]:
    return {right for right, roles in RIGHTS.items() if role in roles}
