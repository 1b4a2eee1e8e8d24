"""The actions the audit trail records: one list, so that a service cannot record an action
nobody reads, and the history shows each one by a name in the user's language.

The codes are stored in every audit event (and covered by its hash): never rename one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    # Reading and refusals (core.audit)
    READ = "read", _("File opened")
    ACCESS_DENIED = "access.denied", _("Access refused")
    # A list or a table exported as a file (core.exports): what it held, the people by number
    EXPORT = "list.export", _("List exported")
    # Accounts
    TOKEN_CREATE = "token.create", _("API token created")
    TOKEN_REVOKE = "token.revoke", _("API token revoked")
    TWO_FACTOR_ENROL = "two_factor.enrol", _("Two-factor sign-in set up")
    PASSWORD_CHANGE = "user.password_change", _("Password changed")
    # User administration (accounts.services)
    USER_CREATE = "user.create", _("User account created")
    USER_DETAILS = "user.details", _("User account details changed")
    USER_ROLES = "user.roles", _("Roles changed")
    USER_ASSIGNMENT = "user.assignment", _("Prison assignment changed")
    USER_DEACTIVATE = "user.deactivate", _("User account deactivated")
    USER_REACTIVATE = "user.reactivate", _("User account reactivated")
    USER_PASSWORD_RESET_REQUIRED = "user.password_reset_required", _("New password required at next sign-in")
    USER_TWO_FACTOR_RESET = "user.two_factor_reset", _("Two-factor sign-in reset")
    USER_UNLOCK = "user.unlock", _("Sign-in lockout lifted")
    # The prisoner file (register)
    PRISONER_ADMIT = "prisoner.admit", _("Admitted")
    PRISONER_READMIT = "prisoner.readmit", _("Readmitted on the existing file")
    PRISONER_LEGAL_STATUS = "prisoner.legal_status", _("Legal status changed")
    ILL_TREATMENT_ACTION = "admission.ill_treatment_action", _("Action on an ill-treatment complaint")
    PHOTOGRAPH_RECORD = "prisoner.photograph", _("Photograph recorded")
    # A print of the file is a read of it (Rule 9), with what the copy held: its own action, so that
    # the trail tells a copy that left the screen from a look at it (register.file_pdf).
    FILE_PRINT = "prisoner.file_print", _("File printed")
    MOVEMENT_ADMISSION = "movement.admission", _("Movement: admission")
    MOVEMENT_CELL_MOVE = "movement.cell_move", _("Movement: cell move")
    MOVEMENT_TRANSFER = "movement.transfer", _("Movement: transfer")
    MOVEMENT_COURT_PRODUCTION = "movement.court_production", _("Movement: production at court")
    MOVEMENT_HOSPITAL = "movement.hospital", _("Movement: escort to outside hospital")
    MOVEMENT_TEMPORARY_RELEASE = "movement.temporary_release", _("Movement: temporary release")
    MOVEMENT_RETURN = "movement.return", _("Movement: return to prison")
    MOVEMENT_RELEASE = "movement.release", _("Movement: release")
    MOVEMENT_ESCAPE = "movement.escape", _("Movement: escape")
    MOVEMENT_RECAPTURE = "movement.recapture", _("Movement: return after escape")
    MOVEMENT_DEATH = "movement.death", _("Movement: death in custody")
    PLANNED_MOVE_REQUEST = "planned_move.request", _("Move requested")
    PLANNED_MOVE_CANCEL = "planned_move.cancel", _("Requested move cancelled")
    PLANNED_MOVE_CARRY_OUT = "planned_move.carry_out", _("Requested move carried out")
    # Possible duplicates (register.duplicate_services): recorded on each of the two files
    DUPLICATE_NOT_SAME = "duplicate.not_same", _("Marked as not the same person as another file")
    DUPLICATE_SAME = "duplicate.same", _("Marked as the same person as another file")
    PRISONER_MERGE = "prisoner.merge", _("Files of the same person merged")
    PRISONER_UNMERGE = "prisoner.unmerge", _("Merge of files reversed")
    # Risk and needs assessment
    ASSESSMENT_START = "assessment.start", _("Assessment started")
    ASSESSMENT_RATE = "assessment.rate", _("Assessment ratings saved")
    ASSESSMENT_SUBMIT = "assessment.submit", _("Assessment submitted for countersignature")
    ASSESSMENT_COUNTERSIGN = "assessment.countersign", _("Assessment countersigned")
    ASSESSMENT_RETURN = "assessment.return", _("Assessment returned with comments")
    ASSESSMENT_DISCARD = "assessment.discard", _("Assessment draft discarded")
    TRIGGER_SERIOUS_INCIDENT = "assessment.trigger.serious_incident", _("Reassessment due: serious incident")
    TRIGGER_RELIABLE_INTELLIGENCE = (
        "assessment.trigger.reliable_intelligence",
        _("Reassessment due: new intelligence graded reliable"),
    )
    TRIGGER_SENTENCE_CHANGE = "assessment.trigger.sentence_change", _("Reassessment due: change of sentence")
    TRIGGER_TRANSFER = "assessment.trigger.transfer", _("Reassessment due: transfer")
    TRIGGER_RELEASE_PLANNING = "assessment.trigger.release_planning", _("Reassessment due: release planning")
    TRIGGER_PROGRAMME_COMPLETED = (
        "assessment.trigger.programme_completed",
        _("Reassessment due: programme completed"),
    )
    # Classification
    CLASSIFICATION_PROPOSE = "classification.propose", _("Classification proposed")
    CLASSIFICATION_APPROVE = "classification.approve", _("Classification approved")
    CLASSIFICATION_RETURN = "classification.return", _("Classification returned")
    CLASSIFICATION_SUPERSEDE = "classification.supersede", _("Classification superseded")
    CLASSIFICATION_INFORMATION = "classification.information", _("Decision explained to the person")
    CLASSIFICATION_APPEAL = "classification.appeal", _("Appeal recorded")
    CLASSIFICATION_REVIEW_DATE = "classification.review_date", _("Review date moved")
    # Individual sentence plans
    PLAN_START = "plan.start", _("Sentence plan started")
    PLAN_VIEW = "plan.view", _("The person's view of the sentence plan recorded")
    PLAN_AGREE = "plan.agree", _("Sentence plan agreed")
    PLAN_REVIEW = "plan.review", _("Sentence plan reviewed: new version")
    PLAN_REVIEW_DUE = "plan.review_due", _("Sentence plan review brought forward")
    OBJECTIVE_ADD = "plan.objective.add", _("Objective added to the sentence plan")
    OBJECTIVE_ACCEPT = "plan.objective.accept", _("Proposed objective accepted")
    OBJECTIVE_REWORD = "plan.objective.reword", _("Objective reworded")
    OBJECTIVE_SET_ASIDE = "plan.objective.set_aside", _("Proposed objective set aside")
    OBJECTIVE_STATUS = "plan.objective.status", _("Objective status changed")
    OBJECTIVE_DECLINE = "plan.objective.decline", _("Objective declined by the person (their choice)")
    OBJECTIVE_PROGRESS = "plan.objective.progress", _("Progress noted on an objective")
    # Programmes and activities
    PROGRAMME_CREATE = "programme.create", _("Programme added to the catalogue")
    PROGRAMME_UPDATE = "programme.update", _("Programme changed")
    PROGRAMME_SESSIONS = "programme.sessions", _("Programme sessions scheduled")
    PARTICIPATION_REFER = "programme.refer", _("Referred to a programme")
    PARTICIPATION_ALLOCATE = "programme.allocate", _("Allocated a place on a programme")
    PARTICIPATION_DECLINE = "programme.decline", _("Programme declined by the person (their choice)")
    PARTICIPATION_END = "programme.end", _("Participation in a programme ended")
    PARTICIPATION_TRANSFER = "programme.transfer", _("Participation in a programme ended by a transfer")
    PARTICIPATION_LEFT_CUSTODY = "programme.left_custody", _("Participation in a programme ended by release or death")
    ATTENDANCE_RECORD = "programme.attendance", _("Attendance recorded")
    # Release planning and after-care (reintegration)
    RELEASE_PLAN_OPEN = "release_plan.open", _("Release planning opened")
    PATHWAY_STATUS = "release_plan.pathway.status", _("Resettlement pathway status changed")
    PATHWAY_ACTION_ADD = "release_plan.action.add", _("Action added to a resettlement pathway")
    PATHWAY_ACTION_DONE = "release_plan.action.done", _("Resettlement action done")
    REFERRAL_MAKE = "release_plan.referral.make", _("Referral to an outside agency made")
    REFERRAL_CONSENT = "release_plan.referral.consent", _("The person's consent to share information recorded")
    REFERRAL_ANSWER = "release_plan.referral.answer", _("Agency's answer to a referral recorded")
    FOLLOW_UP_RECORD = "release_plan.follow_up", _("Follow-up after release recorded")
    # Placement and separation
    SEPARATION_EXCEPTION_GRANT = "separation_exception.grant", _("Separation exception granted")
    SEPARATION_EXCEPTION_CLOSE = "separation_exception.close", _("Separation exception closed")
    CELL_OVER_CAPACITY = "placement.over_capacity", _("Moved into a cell over its capacity")
    # Security
    NON_ASSOCIATION_OPEN = "non_association.open", _("Non-association opened")
    NON_ASSOCIATION_CLOSE = "non_association.close", _("Non-association closed")
    # Restrictive measures (Mandela Rules 36-46)
    MEASURE_IMPOSE = "measure.impose", _("Restrictive measure imposed")
    MEASURE_EXTEND = "measure.extend", _("Restrictive measure extended")
    MEASURE_END = "measure.end", _("Restrictive measure ended")
    MEASURE_REVIEW = "measure.review", _("Restrictive measure reviewed")
    MEASURE_TOLD = "measure.told", _("The person told the reason for a measure")
    MEASURE_HEALTH_VISIT = "measure.health_visit", _("Health-care visit to a person under a measure")
    MEASURE_APPEAL = "measure.appeal", _("Appeal against a measure lodged")
    MEASURE_APPEAL_DECIDE = "measure.appeal.decide", _("Appeal against a measure decided")
    MEASURE_LEFT = "measure.left", _("Restrictive measure ended by a transfer, release or death")
    # Incidents
    INCIDENT_DRAFT = "incident.draft", _("Incident report started")
    INCIDENT_EDIT = "incident.edit", _("Incident report changed")
    INCIDENT_INVOLVE = "incident.involve", _("Person added to an incident report")
    INCIDENT_UNINVOLVE = "incident.uninvolve", _("Person taken off an incident report")
    INCIDENT_SUBMIT = "incident.submit", _("Incident report submitted for review")
    INCIDENT_RETURN = "incident.return", _("Incident report returned for more information")
    INCIDENT_CLOSE = "incident.close", _("Incident report closed")
    INCIDENT_DUPLICATE = "incident.duplicate", _("Incident report set aside as a duplicate")
    INCIDENT_NOT_REPORTABLE = "incident.not_reportable", _("Incident report set aside as not reportable")
    MEDICAL_EXAMINATION = "incident.medical_examination", _("Medical examination after force or an injury recorded")
    # Alerts on the file
    ALERT_SET = "alert.set", _("Alert set")
    ALERT_PLANNED_END = "alert.planned_end", _("Planned end of an alert changed")
    ALERT_END = "alert.end", _("Alert ended")
    ALERT_EXPIRED = "alert.expired", _("Alert closed at its planned end")
    ALERT_LEFT = "alert.left", _("Alert ended by a release or death")
    ALERT_PROPOSAL_DISMISS = "alert.proposal.dismiss", _("Proposed alert dismissed")
    # Intelligence (its events are read only by holders of view_intelligence_section)
    INTELLIGENCE_SUBMIT = "intelligence.submit", _("Intelligence report submitted")
    INTELLIGENCE_GRADE = "intelligence.grade", _("Intelligence report graded")
    INTELLIGENCE_SANITISE = "intelligence.sanitise", _("Sanitised version of an intelligence report made")
    INTELLIGENCE_SHARE_REQUEST = "intelligence.share.request", _("Sharing of intelligence requested")
    INTELLIGENCE_SHARE_APPROVE = "intelligence.share.approve", _("Sharing of intelligence approved")
    INTELLIGENCE_SHARE_REFUSE = "intelligence.share.refuse", _("Sharing of intelligence refused")
    INTELLIGENCE_SHARED = "intelligence.share.done", _("Intelligence shared with another agency")
    # Prison security audits
    SECURITY_AUDIT_START = "security_audit.start", _("Security audit started")
    SECURITY_AUDIT_RATE = "security_audit.rate", _("Findings of a security audit recorded")
    SECURITY_AUDIT_ACTION = "security_audit.action", _("Action recommended by a security audit")
    SECURITY_AUDIT_FINAL = "security_audit.final", _("Security audit made final")
    SECURITY_AUDIT_ACTION_DONE = "security_audit.action.done", _("Recommended action recorded as done")
    # Contact with the outside world
    CONTACT_ADD = "contact.add", _("Contact recorded")
    CONTACT_APPROVE = "contact.approve", _("Contact approved for visits or calls")
    CONTACT_RESTRICT = "contact.restrict", _("Contact restricted")
    CONTACT_RESTRICTION_REVIEW = "contact.restriction.review", _("Restriction of a contact reviewed and kept")
    CONTACT_RESTRICTION_LIFT = "contact.restriction.lift", _("Restriction of a contact lifted")
    # Visits and video calls
    # Staff training (training)
    TRAINING_STAFF_CHANGE = "training.staff.change", _("Staff record changed")
    TRAINING_STAFF_IMPORT = "training.staff.import", _("Staff records imported")
    TRAINING_COURSES_LOAD = "training.courses.load", _("Course catalogue loaded")
    TRAINING_SESSION_PLAN = "training.session.plan", _("Training session planned")
    TRAINING_SESSION_CHANGE = "training.session.change", _("Training session changed")
    TRAINING_PARTICIPANTS = "training.session.participants", _("Participants of a training session changed")
    TRAINING_RESULTS = "training.session.results", _("Training results recorded")
    TRAINING_ELEARNING_IMPORT = "training.elearning.import", _("E-learning completions imported")
    TRAINING_CERTIFICATE_ISSUE = "training.certificate.issue", _("Certificate issued")
    VISIT_ROOM_ADD = "visit.room.add", _("Visit room added")
    VISIT_SESSIONS_ADD = "visit.sessions.add", _("Visit sessions added")
    VISIT_BOOK = "visit.book", _("Visit booked")
    VISIT_BOOKING_REFUSED = "visit.book.refused", _("Booking of a visit refused")
    VISIT_RECORD = "visit.record", _("Visit recorded on the day")
    INFORMATION_GIVEN = "induction.information_given", _("Information on admission given")
    # Requests and complaints (complaints; Mandela Rules 56-57). A complaint through the confidential
    # route is recorded on the complaint itself, never on the person, under COMPLAINT_CONFIDENTIAL
    # (restricted to the inspection body), its step in the changes and no content.
    COMPLAINT_ADD = "complaint.add", _("Request or complaint recorded")
    COMPLAINT_ANSWER = "complaint.answer", _("Request or complaint answered")
    COMPLAINT_APPEAL = "complaint.appeal", _("Appeal to headquarters recorded")
    COMPLAINT_APPEAL_ANSWER = "complaint.appeal_answer", _("Appeal answered")
    COMPLAINT_REFER = "complaint.refer", _("Allegation of ill-treatment referred to an independent authority")
    COMPLAINT_CLOSE = "complaint.close", _("Request or complaint closed")
    COMPLAINT_CONFIDENTIAL = "complaint.confidential", _("Confidential complaint to the inspection body")
    # The demonstration data
    DEMO_BUILD = "demo.build", _("Demonstration data built")

    @classmethod
    def of_movement(cls, kind: str) -> "AuditAction":
        """The action that records a movement of `kind` (register.choices.MovementKind)."""
        return cls(f"movement.{kind}")

    @classmethod
    def of_trigger(cls, event: str) -> "AuditAction":
        """The action that records a reassessment trigger `event` (assessment.models.TriggerEvent)."""
        return cls(f"assessment.trigger.{event}")


def action_label(code: str) -> str:
    """The name of a stored action for the history; the code itself for one no longer listed."""
    return str(AuditAction(code).label) if code in AuditAction.values else code
