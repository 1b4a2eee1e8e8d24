"""Events in a prisoner file that other modules act on (a transfer or a change of legal status
makes assessments and classification reviews due again).

Sent inside the transaction of the change, after its audit event: what a receiver records is
committed with the change or not at all. Arguments: actor, prisoner, event ("transfer" or
"sentence_change"), occurred_on (a date) and note.
"""

from django.dispatch import Signal

file_event = Signal()
