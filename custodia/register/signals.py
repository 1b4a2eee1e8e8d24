"""Events in a prisoner file that other modules act on (a transfer or a change of legal status
makes assessments and classification reviews due again).

Sent inside the transaction of the change, after its audit event: what a receiver records is
committed with the change or not at all. Arguments: actor, prisoner, event ("transfer",
"sentence_change", "left_custody" for a release or a death, or "ill_treatment_complaint" for an
admission that records a complaint of prior ill-treatment, sent with the `admission`), occurred_on
(a date) and note.
Each receiver acts on the events it knows and passes over the others.
"""

from django.dispatch import Signal

file_event = Signal()
