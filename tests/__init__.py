"""Tests that drive several apps together, from the URL configuration down: the role-by-route and
need-to-know tests, the API contract, tokens and sign-in, the audit chain and backups over real
prisoner files. They sit above every app, so that each app's own tests import only downwards
(the import contracts in pyproject.toml check both)."""
