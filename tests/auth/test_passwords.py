"""Argon2id hashing and the password rules."""

from portfolio.auth.passwords import generate_password, hash_password, verify_password, weak_password_reason


def test_hash_is_argon2id_salted_and_verifies():
    first, second = hash_password("correct horse battery"), hash_password("correct horse battery")
    assert first.startswith("$argon2id$")
    assert first != second  # a fresh salt each time
    assert verify_password(first, "correct horse battery")
    assert not verify_password(first, "correct horse batterY")


def test_no_hash_never_verifies():
    assert not verify_password(None, "")
    assert not verify_password(None, "anything at all")
    assert not verify_password("not a hash", "x")


def test_weak_passwords_are_named():
    assert weak_password_reason("short") == "auth.password.too_short"
    assert weak_password_reason("aaaaaaaaaaaaaaaa") == "auth.password.too_simple"
    assert weak_password_reason(generate_password()) is None
    assert len({generate_password() for _ in range(20)}) == 20
