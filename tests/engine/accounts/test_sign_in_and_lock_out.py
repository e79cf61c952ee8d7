"""Signing in: Argon2 passwords, and five failures in a row lock the account for 15 minutes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine.accounts.models import User
from engine.accounts.service import AccountLocked, LoginFailed, authenticate, create_user, find_user
from engine.errors import Conflict, InvalidInput


@pytest.fixture
def anna(db, clock):
    with db.transaction() as session:
        create_user(session, "anna", "correct horse", "Петрова Анна", [("specialist", "vladivostok")])
    return "anna"


def test_a_password_is_stored_as_an_argon2id_hash_and_checks_out(db, anna):
    with db.transaction() as session:
        assert find_user(session, anna).password_hash.startswith("$argon2id$")
    user = authenticate(db, anna, "correct horse")
    assert user.login == "anna" and user.has_role("specialist", "vladivostok")


def test_a_wrong_password_and_an_unknown_login_fail_alike(db, anna):
    with pytest.raises(LoginFailed) as wrong:
        authenticate(db, anna, "wrong")
    with pytest.raises(LoginFailed) as unknown:
        authenticate(db, "nobody", "wrong")
    assert wrong.value.message == unknown.value.message == "Неверный логин или пароль"


def test_five_failures_lock_the_account_for_15_minutes_even_with_the_right_password(db, anna, clock):
    for _ in range(4):
        with pytest.raises(LoginFailed):
            authenticate(db, anna, "wrong")
    with pytest.raises(AccountLocked):
        authenticate(db, anna, "wrong")
    with pytest.raises(AccountLocked):
        authenticate(db, anna, "correct horse")

    clock.advance(timedelta(minutes=14, seconds=59))
    with pytest.raises(AccountLocked):
        authenticate(db, anna, "correct horse")
    clock.advance(timedelta(seconds=2))
    assert authenticate(db, anna, "correct horse").login == "anna"


def test_a_success_resets_the_count_of_failures(db, anna):
    for _ in range(4):
        with pytest.raises(LoginFailed):
            authenticate(db, anna, "wrong")
    authenticate(db, anna, "correct horse")
    for _ in range(4):
        with pytest.raises(LoginFailed):
            authenticate(db, anna, "wrong")
    with db.transaction() as session:
        assert session.query(User).filter_by(login=anna).one().failed_logins == 4


def test_a_deactivated_user_cannot_sign_in(db, anna):
    with db.transaction() as session:
        find_user(session, anna).active = False
    with pytest.raises(LoginFailed):
        authenticate(db, anna, "correct horse")


def test_logins_are_unique_and_roles_known(db, anna):
    with pytest.raises(Conflict), db.transaction() as session:
        create_user(session, anna, "x", "Другая Анна", [("specialist", "vladivostok")])
    with pytest.raises(InvalidInput), db.transaction() as session:
        create_user(session, "boris", "x", "Борис", [("superuser", "vladivostok")])
