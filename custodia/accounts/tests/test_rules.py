"""The user administration's pure rules."""

from custodia.accounts.rules import assignment_within


def test_a_nationwide_user_manager_assigns_anywhere():
    assert assignment_within(None, nationwide=True, prisons=())
    assert assignment_within(None, nationwide=False, prisons={1, 2})


def test_a_user_manager_of_some_prisons_assigns_only_within_them():
    assert assignment_within({1, 2}, nationwide=False, prisons={1})
    assert assignment_within({1, 2}, nationwide=False, prisons=())  # an account not yet placed anywhere
    assert not assignment_within({1, 2}, nationwide=False, prisons={1, 3})
    assert not assignment_within({1, 2}, nationwide=True, prisons=())
