"""The rules of the data requests, without a database."""

import datetime

from oversight.privacy import rules

NOW = datetime.datetime(2020, 6, 1, 9, 0, tzinfo=datetime.UTC)


def test_codes_are_six_digits_and_stored_as_a_keyed_hash():
    code = rules.new_confirmation_code()
    assert len(code) == 6 and code.isdigit()
    stored = rules.hash_code(code, opinion_id=7, key="k")
    assert code not in stored
    assert rules.code_matches(code, stored, opinion_id=7, key="k")
    assert not rules.code_matches(code, stored, opinion_id=8, key="k")
    assert not rules.code_matches(code, stored, opinion_id=7, key="other")


def test_typed_codes_forgive_spaces_and_full_width_digits():
    assert rules.normalise_typed_code(" 12 34 56 ") == "123456"
    assert rules.normalise_typed_code("１２３４５６") == "123456"
    assert rules.normalise_typed_code("12345") is None
    assert rules.normalise_typed_code("12345a") is None
    assert rules.normalise_typed_code("١٢٣٤٥٦") is None  # other scripts' digits


def test_a_challenge_is_open_until_it_expires_is_used_or_has_no_tries_left():
    expires = rules.expiry(NOW, 10)
    open_ = {"expires_at": expires, "attempts": 0, "confirmed_at": None, "max_attempts": 5}
    assert rules.challenge_open(now=NOW, **open_)
    assert not rules.challenge_open(now=expires, **open_)
    assert not rules.challenge_open(now=NOW, **(open_ | {"attempts": 5}))
    assert not rules.challenge_open(now=NOW, **(open_ | {"confirmed_at": NOW}))


def test_a_request_waits_once_and_nothing_erased_is_corrected():
    assert rules.may_ask("see", pending_kinds={"see", "erase"}, erased=True)
    assert not rules.may_ask("erase", pending_kinds={"erase"}, erased=False)
    assert rules.may_ask("erase", pending_kinds={"correct"}, erased=False)
    assert not rules.may_ask("correct", pending_kinds=set(), erased=True)
    assert rules.may_handle("pending") and not rules.may_handle("done")
