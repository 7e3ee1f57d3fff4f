"""Sign-in: a users file of nicknames, roles and bcrypt hashes."""

from __future__ import annotations

import json
import stat

import pytest

from graph import accounts
from graph.access import Role
from graph.accounts import MAX_PASSWORD_BYTES, Users
from graph.errors import BadInput


@pytest.fixture(autouse=True)
def fresh_throttle():
    """The sign-in throttle is process-wide: each test starts and ends with no failures."""
    accounts.sign_ins().clear()
    yield
    accounts.sign_ins().clear()


@pytest.fixture
def users_file(tmp_path, monkeypatch):
    path = tmp_path / "users.toml"
    monkeypatch.setenv("PRAXIS_USERS", str(path))
    return path


def test_wrong_password_is_refused(users_file):
    Users().with_user("wren", Role.MEMBER, "a long passphrase").save()
    users = Users.load()
    assert users.authenticate("wren", "a long passphrase").viewer().nickname == "wren"
    assert users.authenticate("wren", "a long passphrasE") is None
    assert users.authenticate("nobody", "a long passphrase") is None


def test_file_keeps_hashes_only_and_is_private(users_file):
    Users().with_user("wren", Role.ORGANISER, "a long passphrase").save()
    text = users_file.read_text()
    assert "a long passphrase" not in text
    assert "$2b$" in text
    assert stat.S_IMODE(users_file.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("nickname", "password", "message"),
    [("wren", "short", "at least 10"), ("Jane Doe <j@x.org>", "a long passphrase", "a nickname is")],
)
def test_bad_users_are_refused(users_file, nickname, password, message):
    with pytest.raises(BadInput, match=message):
        Users().with_user(nickname, Role.MEMBER, password)


def test_unknown_role_in_file_is_a_clear_error(users_file):
    users_file.write_text('[users.wren]\nrole = "admin"\n')
    with pytest.raises(BadInput, match="use visitor, member or organiser"):
        Users.load()


def test_cli_adds_lists_and_removes(run_praxis, users_file, monkeypatch):
    added = run_praxis(
        "users", "add", "kestrel", "--role", "organiser", "--password-stdin", input=b"passphrase-123\n"
    )
    assert added.returncode == 0, added.stderr.decode()
    listed = json.loads(run_praxis("users", "list", "--format", "json").stdout)
    assert listed == [{"nickname": "kestrel", "role": "organiser"}]
    assert b"$2b$" not in run_praxis("users", "list").stdout
    assert run_praxis("users", "remove", "kestrel").returncode == 0
    assert json.loads(run_praxis("users", "list", "--format", "json").stdout) == []
    missing = run_praxis("users", "remove", "kestrel")
    assert missing.returncode == 2 and b"there is no user 'kestrel'" in missing.stderr


def test_every_write_is_logged_for_organisers_only(store):
    from graph.access import Viewer
    from graph.errors import NotAllowed
    from tests import data

    _author, statements = data.member()
    store.write(statements, viewer=Viewer.member("wren"))
    changes = store.changes(Viewer.organiser())
    assert [(c["nickname"], c["role"], c["added"], c["records"]) for c in changes] == [
        ("wren", "member", 3, 1)
    ]
    for viewer in (Viewer.member("wren"), Viewer.visitor()):
        with pytest.raises(NotAllowed):
            store.changes(viewer)


def test_log_command_is_for_organisers(run_praxis):
    run_praxis("init", "--empty")
    assert b"local organiser (organiser)" in run_praxis("log").stdout
    refused = run_praxis("--as", "member", "log")
    assert refused.returncode == 2 and b"Only an organiser" in refused.stderr


def account_page(app_store):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    return AppTest.from_file(str(ROOT / "explorer" / "pages" / "account.py"), default_timeout=60)


def test_sign_in_page_refuses_a_wrong_password_and_accepts_the_right_one(app_store, users_file):
    Users().with_user("heron", Role.MEMBER, "a long passphrase").save()
    app = account_page(app_store).run()
    assert "visitor" in app.markdown[0].value
    app.text_input(key="account-nickname").input("heron")
    app.text_input(key="account-password").input("not the passphrase")
    app.button[0].click().run()
    assert "Wrong nickname or password" in app.error[0].value
    assert "viewer" not in app.session_state
    app.text_input(key="account-password").input("a long passphrase")
    app.button[0].click().run()
    assert app.session_state["viewer"].nickname == "heron"
    assert "Signed in as **heron** (member)" in app.markdown[0].value


def test_guessing_is_slowed_after_five_failures(app_store, users_file):
    Users().with_user("heron", Role.MEMBER, "a long passphrase").save()
    app = account_page(app_store).run()
    app.text_input(key="account-nickname").input("heron")
    for _ in range(5):
        app.text_input(key="account-password").input("wrong guess")
        app.button[0].click().run()
    app.text_input(key="account-password").input("a long passphrase")
    app.button[0].click().run()
    assert "viewer" not in app.session_state  # even the right password waits a minute


def test_without_users_a_non_local_server_serves_visitors(app_store, users_file):
    app = account_page(app_store).run()
    assert "visitor" in app.markdown[0].value
    assert "No users are configured" in app.info[0].value


@pytest.mark.parametrize("password", ["a" * MAX_PASSWORD_BYTES, "é" * (MAX_PASSWORD_BYTES // 2)])
def test_a_password_of_72_bytes_is_accepted(users_file, password):
    users = Users().with_user("wren", Role.MEMBER, password)
    assert users.authenticate("wren", password).nickname == "wren"


@pytest.mark.parametrize("password", ["a" * (MAX_PASSWORD_BYTES + 1), "é" * 37, "x" * 1000])
def test_a_password_over_72_bytes_is_refused_with_a_message(users_file, password):
    with pytest.raises(BadInput, match="at most 72 bytes in UTF-8"):
        Users().with_user("wren", Role.MEMBER, password)


def test_users_add_refuses_a_password_over_72_bytes(run_praxis, users_file):
    """Regression: bcrypt 5 raised ValueError and the command printed a traceback."""
    refused = run_praxis("users", "add", "kestrel", "--password-stdin", input=("é" * 40 + "\n").encode())
    assert refused.returncode == 2
    assert b"at most 72 bytes in UTF-8" in refused.stderr
    assert b"Traceback" not in refused.stderr
    assert not users_file.exists()


def test_signing_in_with_a_1000_character_password_is_a_wrong_password(app_store, users_file):
    """Regression: bcrypt 5 raised ValueError on the sign-in page."""
    Users().with_user("heron", Role.MEMBER, "a long passphrase").save()
    assert Users.load().authenticate("heron", "p" * 1000) is None
    app = account_page(app_store).run()
    app.text_input(key="account-nickname").input("heron")
    app.text_input(key="account-password").input("p" * 1000)
    app.button[0].click().run()
    assert not app.exception
    assert "Wrong nickname or password" in app.error[0].value


def test_six_wrong_passwords_in_six_sessions_lock_the_nickname(app_store, users_file):
    """Regression: the count lived in the browser session, so reloading reset it."""
    Users().with_user("heron", Role.MEMBER, "a long passphrase").save()

    def try_once(password: str):
        app = account_page(app_store).run()  # a new session each time, as after a reload
        app.text_input(key="account-nickname").input("heron")
        app.text_input(key="account-password").input(password)
        return app.button[0].click().run()

    answers = [try_once(f"wrong guess {n}").error[0].value for n in range(6)]
    assert all("Wrong nickname or password" in answer for answer in answers[:5])
    assert "Too many failed sign-ins" in answers[5]
    locked = try_once("a long passphrase")
    assert "viewer" not in locked.session_state
    assert "Too many failed sign-ins" in locked.error[0].value


def test_the_lock_lasts_a_minute_per_nickname_and_per_address():
    clock = [0.0]
    limiter = accounts.SignInThrottle(clock=lambda: clock[0])
    assert all(limiter.attempt("heron", f"203.0.113.{n}") for n in range(5))  # five addresses
    assert not limiter.attempt("heron", "198.51.100.1")  # the nickname is locked everywhere
    clock[0] = 59.0
    assert not limiter.attempt("heron", "198.51.100.1")
    clock[0] = 60.0
    assert limiter.attempt("heron", "198.51.100.1")
    one_place = [
        limiter.attempt(f"name{n}", "192.0.2.7") for n in range(accounts.MAX_FAILURES_PER_ADDRESS + 1)
    ]
    assert one_place == [True] * accounts.MAX_FAILURES_PER_ADDRESS + [False]  # many nicknames, one address


def test_a_right_password_gives_its_attempt_back():
    limiter = accounts.SignInThrottle()
    for _ in range(10):
        assert limiter.attempt("heron", "192.0.2.7")
        limiter.succeeded("heron", "192.0.2.7")


def test_guesses_racing_from_many_sessions_get_five_tries_in_all():
    import threading

    limiter = accounts.SignInThrottle()
    start, allowed = threading.Barrier(40), []

    def guess(n: int) -> None:
        start.wait()
        allowed.append(limiter.attempt("heron", f"192.0.2.{n}"))

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == accounts.MAX_FAILURES_PER_NICKNAME
