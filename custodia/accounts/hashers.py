"""The password hasher: Argon2id at the cost the OWASP Password Storage Cheat Sheet gives as its
first configuration (19 MiB of memory, two passes, one lane) instead of Django's default
(100 MiB, two passes, eight lanes).

Why: at a change of shift fifty officers sign in within seconds. At Django's cost each check takes
about 400 ms of a core and 100 MiB of memory on the two-core machine of a prison, so the burst
queues for ten seconds and more while the day's pages wait behind it (make loadtest); at this cost
a check takes about 45 ms and 19 MiB. Eight lanes bring nothing on two cores. Hashes keep the
`argon2$` prefix: those made at Django's cost still verify and are rehashed at this cost at the
next sign-in (Django compares the parameters of a stored hash with the hasher's)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
