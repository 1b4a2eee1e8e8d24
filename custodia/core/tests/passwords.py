"""The password hasher of the test run (the root conftest puts it first in PASSWORD_HASHERS)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 at its lowest cost: a few milliseconds a hash instead of most of a second at the
    production cost on a small machine, where tests make and sign in thousands of users. The
    hashes still read `argon2$...`, so tests of upgrading old hashes hold; tests/test_passwords.py
    checks the production setting itself."""

    time_cost = 1
    memory_cost = 8  # KiB, argon2's minimum for one lane
    parallelism = 1
