"""Login throttling (schools.throttle, docs/login.md): a stranger's attempts slow down only the stranger.

Time is a fake clock (``clock``) that replaces the throttle's own; the address slow-down's sleep is recorded,
never slept.
"""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AuditAction, AuditEntry
from schools import throttle
from schools.models import LoginFailure, LoginLock, Role
from tests import factories as f

USERNAME = "juf-anna"
PASSWORD = f.PASSWORD
BAD_LOGIN = "Deze combinatie van gebruikersnaam en wachtwoord is onbekend."
THROTTLED = "Te veel mislukte pogingen."
LOCKED = "Inloggen kan nu alleen nog op een apparaat waarop je eerder bent ingelogd."
STRANGER = "10.6.6.6"
SCHOOL_NAT = "192.0.2.10"


class Clock:
    def __init__(self):
        self.now = timezone.now()

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += datetime.timedelta(**delta)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(throttle, "_now", fake)
    return fake


@pytest.fixture(autouse=True)
def delays(monkeypatch):
    """The seconds each slowed-down attempt was held (instead of sleeping them)."""
    held = []
    monkeypatch.setattr(throttle, "_sleep", held.append)
    return held


@pytest.fixture
def school(db):
    return f.SchoolFactory(name="De Wilg")


@pytest.fixture
def user(school):
    user = f.UserFactory(username=USERNAME, email="anna@example.invalid", first_name="Anna")
    f.MembershipFactory(user=user, school=school, role=Role.TEACHER)
    return user


@pytest.fixture
def colleague(school):
    user = f.UserFactory(username="meester-bob", email="bob@example.invalid")
    f.MembershipFactory(user=user, school=school, role=Role.TEACHER)
    return user


def log_in(client, username=USERNAME, password=PASSWORD, *, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(client):
    return client.session.get(SESSION_KEY) is not None


def text(response):
    return response.content.decode()


def laptop_of(username=USERNAME, ip="10.0.0.1"):
    """A browser that logged in once, so it holds a known-device cookie for ``username``, and logged out."""
    browser = Client()
    assert log_in(browser, username, ip=ip).status_code == 302
    browser.post(reverse("logout"))
    return browser


def fail(count, username=USERNAME, *, ips=(STRANGER,), client=None):
    """``count`` wrong passwords spread over ``ips``, each answered with the plain error (not throttled)."""
    client = client or Client()
    for n in range(count):
        assert BAD_LOGIN in text(log_in(client, username, "fout", ip=ips[n % len(ips)]))


def addresses(count):
    return [f"10.8.{n // 250}.{n % 250 + 1}" for n in range(count)]


# --- A stranger cannot keep a person out --------------------------------------------------------------------------


def test_a_strangers_50_failures_do_not_stop_the_owner_on_her_own_laptop(user):
    laptop = laptop_of()
    fail(50, ips=addresses(10))
    # The stranger is held back on every address he used ...
    assert THROTTLED in text(log_in(Client(), password="fout", ip=addresses(10)[0]))
    # ... and the owner, on her laptop, logs in at once.
    assert log_in(laptop, ip="10.0.0.1").status_code == 302 and logged_in(laptop)


def test_the_owner_on_a_new_address_without_cookie_is_not_held_back_by_a_strangers_failures(user):
    fail(50, ips=addresses(10))
    holiday = Client()
    assert log_in(holiday, ip="203.0.113.7").status_code == 302 and logged_in(holiday)


def test_the_owner_without_cookie_who_mistypes_is_slowed_down_not_locked(user, clock):
    browser = Client()
    fail(5, client=browser, ips=("203.0.113.7",))
    response = log_in(browser, ip="203.0.113.7")
    assert "Te veel mislukte pogingen. Probeer het over 1 minuut opnieuw." in text(response)
    assert not logged_in(browser)
    clock.advance(seconds=61)
    assert log_in(browser, ip="203.0.113.7").status_code == 302 and logged_in(browser)
    assert not LoginLock.objects.exists()


def test_failures_with_a_device_cookie_count_on_that_device_only(user):
    laptop = laptop_of()
    fail(5, client=laptop, ips=("10.0.0.1",))
    assert THROTTLED in text(log_in(laptop, ip="10.0.0.1"))
    # Another browser at the same address is another pair: not held back.
    other = Client()
    assert log_in(other, ip="10.0.0.1").status_code == 302
    assert not LoginFailure.objects.filter(device="", username=USERNAME).exists()


def test_a_forged_or_other_accounts_cookie_counts_as_an_unknown_device(user, colleague):
    bobs_laptop = laptop_of("meester-bob")
    fail(5, client=bobs_laptop, ips=("10.0.0.1",))
    # Bob's cookie does not vouch for Anna's name: these were failures of (Anna, this address).
    assert LoginFailure.objects.filter(username=USERNAME, device="", ip_address="10.0.0.1").count() == 5
    forged = Client()
    forged.cookies["known_device"] = "juf-anna:abc:forged"
    assert THROTTLED in text(log_in(forged, ip="10.0.0.1"))


# --- A school behind one address ----------------------------------------------------------------------------------


def test_failures_for_one_account_behind_the_school_address_do_not_block_colleagues(user, colleague):
    # A pupil on the school wifi guesses Anna's password: after five tries only that pair waits.
    pupil = Client()
    fail(5, client=pupil, ips=(SCHOOL_NAT,))
    for _ in range(20):
        assert THROTTLED in text(log_in(pupil, password="fout", ip=SCHOOL_NAT))
    colleague_pc = Client()
    assert log_in(colleague_pc, "meester-bob", ip=SCHOOL_NAT).status_code == 302 and logged_in(colleague_pc)


def test_a_busy_school_address_is_slowed_down_but_a_known_device_is_not(user, colleague, settings, delays):
    settings.LOGIN_ADDRESS_SLOW_AFTER = 20
    bobs_laptop = laptop_of("meester-bob", ip=SCHOOL_NAT)
    # Twenty wrong guesses at as many names, from the school's one address.
    for n in range(20):
        assert BAD_LOGIN in text(log_in(Client(), f"gok-{n}", "fout", ip=SCHOOL_NAT))
    assert delays == []
    # A colleague without cookie still gets in, only after a short wait ...
    anna = Client()
    assert log_in(anna, ip=SCHOOL_NAT).status_code == 302 and logged_in(anna)
    assert delays == [settings.LOGIN_ADDRESS_DELAY_SECONDS]
    # ... and one with a device cookie without any.
    assert log_in(bobs_laptop, "meester-bob", ip=SCHOOL_NAT).status_code == 302 and logged_in(bobs_laptop)
    assert delays == [settings.LOGIN_ADDRESS_DELAY_SECONDS]


# --- Backoff per pair ---------------------------------------------------------------------------------------------


def test_the_backoff_of_a_pair_grows_and_a_success_resets_it(user, clock, settings):
    browser = Client()
    fail(5, client=browser, ips=("10.0.0.1",))
    waits = []
    for _ in range(4):
        response = log_in(browser, password="fout")
        waits.append(re.search(r"over (\d+ minuut|\d+ minuten)", text(response)).group(1))
        # Once the wait is over, one more wrong password is checked and counted.
        clock.advance(minutes=2 ** len(waits) / 2, seconds=1)
        assert BAD_LOGIN in text(log_in(browser, password="fout"))
    assert waits == ["1 minuut", "2 minuten", "4 minuten", "8 minuten"]
    clock.advance(minutes=16, seconds=1)
    assert log_in(browser).status_code == 302
    browser.post(reverse("logout"))
    # Counted from zero again: five free mistakes.
    fail(5, client=browser, ips=("10.0.0.1",))
    assert "over 1 minuut" in text(log_in(browser, password="fout"))


def test_the_backoff_is_capped(user, clock, settings):
    settings.LOGIN_BACKOFF_MAX_MINUTES = 3
    browser = Client()
    fail(5, client=browser, ips=("10.0.0.1",))
    for _ in range(4):
        clock.advance(minutes=4)
        assert BAD_LOGIN in text(log_in(browser, password="fout"))
    assert "over 3 minuten" in text(log_in(browser, password="fout"))


def test_username_case_does_not_dodge_the_pair_counter(user):
    browser = Client()
    for name in ("JUF-ANNA", "Juf-Anna", "juf-ANNA", "juf-anna", "JUF-anna"):
        log_in(browser, name, "fout")
    assert THROTTLED in text(log_in(browser, "Juf-anna"))


def test_an_unknown_name_gets_the_same_answers(user, settings):
    settings.LOGIN_ACCOUNT_LOCK_AFTER = 10
    fail(5, "bestaat-niet")
    fail(5)
    unknown = log_in(Client(), "bestaat-niet", "fout", ip=STRANGER)
    known = log_in(Client(), password="fout", ip=STRANGER)
    assert THROTTLED in text(unknown)
    assert unknown.context["form"].errors == known.context["form"].errors
    fail(5, "bestaat-niet", ips=("10.9.9.9",))
    fail(5, ips=("10.9.9.9",))
    unknown = log_in(Client(), "bestaat-niet", "fout", ip="10.1.1.1")
    known = log_in(Client(), password="fout", ip="10.1.1.1")
    assert LOCKED in text(unknown)
    assert unknown.context["form"].errors == known.context["form"].errors


# --- The whole account, at a much higher threshold ----------------------------------------------------------------


def lock_by_strangers(settings):
    fail(settings.LOGIN_ACCOUNT_LOCK_AFTER, ips=addresses(settings.LOGIN_ACCOUNT_LOCK_AFTER // 5))


def test_the_account_locks_for_unknown_devices_at_the_high_threshold_and_the_owner_is_told(user, settings, mailoutbox):
    laptop = laptop_of()
    fail(settings.LOGIN_ACCOUNT_LOCK_AFTER - 1, ips=addresses(20))
    assert not LoginLock.objects.exists() and not mailoutbox
    fail(1, ips=("10.9.9.9",))
    assert LoginLock.objects.filter(username=USERNAME).exists()

    response = log_in(Client(), ip="198.51.100.1")
    assert LOCKED in text(response) and "Wachtwoord vergeten?" in text(response)
    # Her own laptop is a known device: not locked.
    assert log_in(laptop).status_code == 302

    [mail] = mailoutbox
    assert mail.to == ["anna@example.invalid"]
    assert mail.subject == "Je account bij Wat Helpt is geblokkeerd voor nieuwe apparaten"
    assert "meer dan 100 keer" in mail.body and "/wachtwoord/vergeten/" in mail.body
    entry = AuditEntry.objects.get(event="schools.login_locked")
    assert entry.description == "juf-anna geblokkeerd voor inloggen vanaf onbekende apparaten"
    # Further attempts are refused without another mail.
    assert LOCKED in text(log_in(Client(), password="fout", ip="10.9.9.8"))
    assert len(mailoutbox) == 1


def test_a_password_reset_unlocks_the_account(user, settings, mailoutbox):
    lock_by_strangers(settings)
    Client().post(reverse("password_reset"), {"email": user.email}, REMOTE_ADDR="198.51.100.1")
    link = re.search(r"https?://[^/]+(/wachtwoord/herstellen/\S+)", mailoutbox[-1].body).group(1)
    browser = Client()
    form_url = browser.get(link, REMOTE_ADDR="198.51.100.1")["Location"]
    new = "een-heel-nieuw-Wachtwoord-2026"
    done = browser.post(form_url, {"new_password1": new, "new_password2": new}, REMOTE_ADDR="198.51.100.1")
    assert done.status_code == 302, text(done)
    assert not LoginLock.objects.exists()
    assert AuditEntry.objects.filter(event="schools.login_unlocked").exists()
    assert log_in(Client(), password=new, ip="198.51.100.1").status_code == 302


def test_changing_the_password_on_her_own_laptop_unlocks_the_account(user, settings):
    laptop = laptop_of()
    lock_by_strangers(settings)
    assert log_in(laptop).status_code == 302
    new = "een-heel-nieuw-Wachtwoord-2026"
    data = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    assert laptop.post(reverse("password_change"), data).status_code == 302
    assert not LoginLock.objects.exists()
    assert log_in(Client(), password=new, ip="198.51.100.1").status_code == 302


def test_the_beheerder_unlocks_an_account_and_sees_it_on_the_start_page(world, login, settings):
    teacher = world.user("teacher")
    name = teacher.get_username()
    fail(settings.LOGIN_ACCOUNT_LOCK_AFTER, name, ips=addresses(20))
    assert list(throttle.locked_names([name.lower()])) == [name.lower()]
    beheer = login(world.user("admin"), world.school)
    page = text(beheer.get(reverse("home")))
    assert "1 account is geblokkeerd voor inloggen vanaf onbekende apparaten" in page
    data = {"action": "unlock_login", "_selected_action": [teacher.pk]}
    page = text(beheer.post(reverse("admin:schools_user_changelist"), data, follow=True))
    assert "Blokkade opgeheven voor 1 account." in page
    assert not LoginLock.objects.exists()
    assert log_in(Client(), name, ip="198.51.100.1").status_code == 302


def test_old_rows_and_old_locks_of_unknown_names_are_pruned(user, clock, settings):
    settings.LOGIN_ACCOUNT_LOCK_AFTER = 10
    fail(10, "bestaat-niet", ips=addresses(2))
    fail(3)
    assert LoginLock.objects.filter(username="bestaat-niet").exists()
    clock.advance(days=settings.LOGIN_UNKNOWN_LOCK_DAYS, seconds=1)
    fail(10, ips=addresses(2))
    # A day later only the newest failures are left, and the unknown name's lock is gone; Anna's stays.
    assert LoginFailure.objects.filter(at__lt=clock.now - datetime.timedelta(days=1)).count() == 0
    assert list(LoginLock.objects.values_list("username", flat=True)) == [USERNAME]


# --- Codes and reset mails have their own counters -----------------------------------------------------------------


@pytest.fixture
def secret(user):
    import pyotp

    value = pyotp.random_base32()
    user.totp_secret, user.totp_enabled_at = value, timezone.now()
    user.save(update_fields=["totp_secret", "totp_enabled_at"])
    return value


def codes(secret):
    import time

    import pyotp

    right = pyotp.TOTP(secret).now()
    valid = {pyotp.TOTP(secret).at(time.time() + 30 * step) for step in (-1, 0, 1)}
    return right, next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


def send_code(client, value, ip="10.0.0.1"):
    return client.post(reverse("login_code"), {"code": value}, REMOTE_ADDR=ip)


def test_wrong_codes_slow_down_the_code_step_without_telling_and_never_lock(user, secret, clock, settings):
    settings.LOGIN_ACCOUNT_LOCK_AFTER = 5
    right, wrong = codes(secret)
    browser = Client()
    log_in(browser)
    for _ in range(5):
        assert "Deze code klopt niet" in text(send_code(browser, wrong))
    refused_wrong, refused_right = send_code(browser, wrong), send_code(browser, right)
    assert "Probeer het over 1 minuut opnieuw." in text(refused_right)
    assert refused_wrong.context["form"].errors == refused_right.context["form"].errors
    assert not logged_in(browser)
    assert not LoginLock.objects.exists()
    # The password step is not held back by wrong codes, and the unspent code works after the wait.
    clock.advance(seconds=61)
    log_in(browser)
    # The password alone does not make a known device; the code completes the login and does.
    assert "known_device" not in browser.cookies
    assert send_code(browser, right)["Location"] == "/"
    assert throttle.device_for(
        SimpleNamespace(COOKIES={"known_device": browser.cookies["known_device"].value}), USERNAME
    )
    assert AuditEntry.objects.filter(event="schools.login_code_failed").count() == 7


def test_guessing_codes_to_switch_off_two_factor_is_throttled(client, user, secret):
    right, wrong = codes(secret)
    client.force_login(user)
    for _ in range(5):
        client.post(reverse("two_factor_disable"), {"code": wrong})
    response = client.post(reverse("two_factor_disable"), {"code": right}, follow=True)
    user.refresh_from_db()
    assert user.has_two_factor
    assert "Te veel mislukte pogingen. Probeer het over 1 minuut opnieuw." in text(response)
    assert not LoginLock.objects.exists()


def test_reset_mails_are_throttled_without_saying_so_and_lock_nothing(client, user, settings, mailoutbox):
    settings.PASSWORD_RESET_MAX_PER_EMAIL = 3
    for _ in range(5):
        response = client.post(reverse("password_reset"), {"email": user.email}, REMOTE_ADDR=STRANGER)
        assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert len(mailoutbox) == 3
    assert not LoginLock.objects.exists()
    # Reset requests are not login failures: the same address still logs in.
    assert log_in(Client(), ip=STRANGER).status_code == 302


def test_a_nul_byte_in_the_login_name_is_refused_and_throttling_still_counts(client, user):
    response = log_in(client, "juf-anna\x00", "fout")
    assert response.status_code == 400
    assert not LoginFailure.objects.exists() and not AuditEntry.objects.exists()
    fail(5, client=client, ips=("10.0.0.1",))
    assert THROTTLED in text(log_in(client))


# --- Messages, cookie, audit --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "seconds, message",
    [
        (1, "Te veel mislukte pogingen. Probeer het over 1 minuut opnieuw."),
        (60, "Te veel mislukte pogingen. Probeer het over 1 minuut opnieuw."),
        (61, "Te veel mislukte pogingen. Probeer het over 2 minuten opnieuw."),
        (3600, "Te veel mislukte pogingen. Probeer het over 60 minuten opnieuw."),
    ],
)
def test_the_wait_is_told_in_whole_minutes_singular_or_plural(seconds, message):
    assert throttle.Verdict(wait_seconds=seconds).message == message


def test_the_device_cookie_is_signed_httponly_lax_long_lived_and_secure_in_production(user, settings):
    settings.SESSION_COOKIE_SECURE = True
    browser = Client()
    log_in(browser)
    cookie = browser.cookies["known_device"]
    assert cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == settings.LOGIN_DEVICE_DAYS * 24 * 3600
    assert throttle.device_for(SimpleNamespace(COOKIES={"known_device": cookie.value}), USERNAME)
    tampered = cookie.value[:-2] + ("AA" if not cookie.value.endswith("AA") else "BB")
    assert throttle.device_for(SimpleNamespace(COOKIES={"known_device": tampered}), USERNAME) == ""


def test_failed_and_throttled_attempts_are_audit_logged(user):
    fail(5)
    log_in(Client(), ip=STRANGER)
    entries = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, event="schools.login_failed")
    assert entries.count() == 6
    assert {e.data["username"] for e in entries} == {USERNAME}
