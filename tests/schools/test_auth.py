"""Login, logout, two-step verification, idle sessions, passwords
and the Dutch error pages, all through the test client."""

import re
import time
from types import SimpleNamespace
from urllib.parse import urlencode

import pyotp
import pytest
from django.contrib.auth import SESSION_KEY
from django.template.loader import render_to_string
from django.test import Client
from django.urls import include, path, reverse
from django.utils import timezone

from core.models import AuditAction, AuditEntry
from schools import totp
from schools.models import Role, User
from schools.views.auth import PENDING_USER_KEY, SETUP_SECRET_KEY
from tests import factories as f

USERNAME = "juf-anna"
PASSWORD = f.PASSWORD
NEW_PASSWORD = "nieuw-Wachtwoord-voor-2026"

BAD_LOGIN = "Deze combinatie van gebruikersnaam en wachtwoord is onbekend."
BAD_CODE = "Deze code klopt niet of is verlopen."
EXPIRED = "Je sessie is verlopen omdat je een tijd niets hebt gedaan."


# A URLconf with one view that crashes, to see the real 500 page (see test_a_crash_shows_the_dutch_500_page).
def _crashing_view(request):
    raise RuntimeError("bewust kapot voor de test")


urlpatterns = [path("kapot/", _crashing_view), path("", include("config.urls"))]


@pytest.fixture
def school(db):
    return f.SchoolFactory(name="De Wilg")


@pytest.fixture
def user(school):
    user = f.UserFactory(username=USERNAME, email="anna@example.invalid", first_name="Anna")
    f.MembershipFactory(user=user, school=school, role=Role.TEACHER)
    return user


@pytest.fixture
def secret(user):
    """Switch two-step verification on for ``user``; returns the secret."""
    value = pyotp.random_base32()
    user.totp_secret = value
    user.totp_enabled_at = timezone.now()
    user.save(update_fields=["totp_secret", "totp_enabled_at"])
    return value


def code(secret, steps_ahead=0):
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def wrong_code(secret):
    valid = {code(secret, offset) for offset in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


def log_in(client, username=USERNAME, password=PASSWORD, *, ip="10.0.0.1", next_url=None):
    url = reverse("login")
    if next_url is not None:
        url += "?" + urlencode({"next": next_url})
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def send_code(client, value, *, ip="10.0.0.1"):
    return client.post(reverse("login_code"), {"code": value}, REMOTE_ADDR=ip)


def logged_in_id(client):
    return client.session.get(SESSION_KEY)


def text(response):
    return response.content.decode()


# --- Login and logout ------------------------------------------------------------------


def test_login_page_is_dutch(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="nl">' in text(response)
    assert "Gebruikersnaam" in text(response)
    assert "Wachtwoord vergeten?" in text(response)


def test_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/?next=/"


def test_right_password_lands_on_home_and_writes_login_audit_with_address(client, user):
    response = log_in(client, ip="10.1.2.3")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_id(client) == str(user.pk)
    assert client.get("/").status_code == 200
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN)
    assert entry.user == user
    assert entry.ip_address == "10.1.2.3"


def test_wrong_password_and_unknown_user_get_the_same_dutch_error(client, user):
    wrong_password = log_in(client, password="niet-het-wachtwoord")
    unknown_user = log_in(client, username="bestaat-niet")
    for response in (wrong_password, unknown_user):
        assert response.status_code == 200
        assert BAD_LOGIN in text(response)
        assert logged_in_id(client) is None
    assert wrong_password.context["form"].errors == unknown_user.context["form"].errors
    failures = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).order_by("pk")
    # An unknown name may be a password typed in the wrong field: it is not stored.
    assert [e.data for e in failures] == [{"username": USERNAME}, {}]
    assert [e.description for e in failures] == [USERNAME, "onbekende gebruikersnaam"]
    assert all(e.ip_address == "10.0.0.1" for e in failures)


def test_inactive_account_gets_the_same_error_as_a_wrong_password(client, user):
    user.is_active = False
    user.save()
    response = log_in(client)
    assert response.status_code == 200
    assert BAD_LOGIN in text(response)
    assert logged_in_id(client) is None


def test_logout_is_post_only_and_ends_the_session(client, user):
    log_in(client)
    response = client.get(reverse("logout"))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "Wil je uitloggen?" in text(response)
    assert client.get("/").status_code == 200, "a GET must not log out"

    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[0] == ("/inloggen/", 302)
    assert "Je bent uitgelogd." in text(response)
    assert logged_in_id(client) is None
    assert client.get("/").status_code == 302
    assert AuditEntry.objects.filter(action=AuditAction.LOGOUT, user=user).count() == 1


def test_logout_page_for_an_anonymous_visitor_points_to_login(client, db):
    response = client.get(reverse("logout"))
    assert response.status_code == 405
    assert "Je bent niet ingelogd." in text(response)


def test_odd_login_input_gives_a_form_error_not_a_crash(client, user, secret):
    assert client.post(reverse("login"), {}).status_code == 200
    response = log_in(client, username="x" * 5000)
    assert response.status_code == 200
    assert logged_in_id(client) is None
    log_in(client)
    for odd in ("", "abcdef", "1" * 10, "12 34 5"):
        assert send_code(client, odd).status_code == 200
    assert logged_in_id(client) is None
    response = client.post(reverse("password_reset"), {"email": "geen-adres"})
    assert response.status_code == 200


def test_offsite_next_is_ignored_and_local_next_is_honoured(client, user):
    response = log_in(client, next_url="https://kwaadwillend.example/")
    assert response["Location"] == "/"
    client.post(reverse("logout"))
    response = log_in(client, next_url="/groepen/")
    assert response["Location"] == "/groepen/"


# --- Two-step verification: setting it up ------------------------------------------------


def test_setup_page_shows_a_qr_code_and_the_secret(client, user):
    client.force_login(user)
    response = client.get(reverse("two_factor_setup"))
    assert response.status_code == 200
    setup_secret = client.session[SETUP_SECRET_KEY]
    assert "<svg" in text(response)
    assert setup_secret in text(response)
    # The secret stays the same while the user is typing a code.
    assert setup_secret in text(client.get(reverse("two_factor_setup")))


def test_setup_with_a_wrong_code_keeps_two_factor_off(client, user):
    client.force_login(user)
    client.get(reverse("two_factor_setup"))
    setup_secret = client.session[SETUP_SECRET_KEY]
    response = client.post(reverse("two_factor_setup"), {"code": wrong_code(setup_secret)})
    assert response.status_code == 200
    assert BAD_CODE in text(response)
    user.refresh_from_db()
    assert not user.has_two_factor


def test_setup_with_a_right_code_switches_two_factor_on(client, user):
    client.force_login(user)
    client.get(reverse("two_factor_setup"))
    setup_secret = client.session[SETUP_SECRET_KEY]
    response = client.post(reverse("two_factor_setup"), {"code": code(setup_secret)}, follow=True)
    assert response.redirect_chain[0] == ("/", 302)
    assert "Tweestapsverificatie staat aan." in text(response)
    user.refresh_from_db()
    assert user.has_two_factor
    assert user.totp_secret == setup_secret
    assert SETUP_SECRET_KEY not in client.session
    assert AuditEntry.objects.filter(action=AuditAction.CHANGE, event="schools.two_factor_on").exists()
    # The page now says it is on instead of offering a new secret.
    assert "Tweestapsverificatie staat aan" in text(client.get(reverse("two_factor_setup")))


# --- Two-step verification: logging in ---------------------------------------------------


def test_login_with_two_factor_needs_a_valid_code(client, user, secret):
    response = log_in(client)
    assert response["Location"] == reverse("login_code")
    assert logged_in_id(client) is None, "the password alone must not log in"
    assert client.get("/").status_code == 302

    response = send_code(client, wrong_code(secret))
    assert response.status_code == 200
    assert BAD_CODE in text(response)
    assert logged_in_id(client) is None

    response = send_code(client, code(secret))
    assert response["Location"] == "/"
    assert logged_in_id(client) == str(user.pk)
    assert PENDING_USER_KEY not in client.session
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN, user=user).count() == 1


def test_code_page_without_a_password_step_sends_to_login(client, user, secret):
    response = send_code(client, code(secret))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert logged_in_id(client) is None


def test_a_used_code_cannot_be_used_again(client, user, secret):
    used = code(secret)
    log_in(client)
    assert send_code(client, used).status_code == 302
    client.post(reverse("logout"))

    log_in(client)
    response = send_code(client, used)
    assert response.status_code == 200
    assert BAD_CODE in text(response)
    assert logged_in_id(client) is None


def test_a_code_checked_by_two_requests_at_once_is_accepted_only_once(user, secret):
    # Two requests that loaded the user before either of them saved.
    first, second = User.objects.get(pk=user.pk), User.objects.get(pk=user.pk)
    value = code(secret)
    assert totp.verify(first, value)
    assert not totp.verify(second, value)


def test_next_is_honoured_after_the_code_step(client, user, secret):
    log_in(client, next_url="/groepen/")
    response = send_code(client, code(secret))
    assert response["Location"] == "/groepen/"


def test_offsite_next_is_ignored_after_the_code_step(client, user, secret):
    log_in(client, next_url="https://kwaadwillend.example/stelen")
    response = send_code(client, code(secret))
    assert response["Location"] == "/"
    assert logged_in_id(client) == str(user.pk)


# --- Two-step verification: required by the school, switching it off ----------------------


@pytest.mark.parametrize(
    "method, url",
    [
        ("get", "/"),
        ("get", "/groepen/"),
        ("get", "/auditlog/"),
        ("get", "/wachtwoord/wijzigen/"),
        ("get", "/beheer/"),
        ("post", "/school-kiezen/"),
    ],
)
def test_school_requiring_two_factor_sends_user_without_it_to_setup(client, user, school, method, url):
    school.require_two_factor = True
    school.save()
    client.force_login(user)
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor_setup")


def test_required_two_factor_setup_then_everything_opens_and_logout_works(client, user, school):
    school.require_two_factor = True
    school.save()
    log_in(client)
    response = client.get("/", follow=True)
    assert response.redirect_chain == [(reverse("two_factor_setup"), 302)]
    assert "Je school vraagt tweestapsverificatie." in text(response)

    setup_secret = client.session[SETUP_SECRET_KEY]
    client.post(reverse("two_factor_setup"), {"code": code(setup_secret)})
    assert client.get("/").status_code == 200

    assert client.post(reverse("logout"))["Location"] == reverse("login")
    assert logged_in_id(client) is None


def test_logout_works_while_setup_is_still_required(client, user, school):
    school.require_two_factor = True
    school.save()
    client.force_login(user)
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert logged_in_id(client) is None


def test_user_with_two_factor_is_not_stopped_by_the_requirement(client, user, school, secret):
    school.require_two_factor = True
    school.save()
    log_in(client)
    send_code(client, code(secret))
    assert client.get("/").status_code == 200


def test_switching_off_is_refused_when_the_school_requires_it(client, user, school, secret):
    school.require_two_factor = True
    school.save()
    client.force_login(user)
    assert "uitzetten kan niet" in text(client.get(reverse("two_factor_setup")))
    response = client.post(reverse("two_factor_disable"), {"code": code(secret)}, follow=True)
    assert "Je school verplicht tweestapsverificatie; uitzetten kan niet." in text(response)
    user.refresh_from_db()
    assert user.has_two_factor


def test_switching_off_needs_a_valid_code(client, user, secret):
    client.force_login(user)
    assert client.get(reverse("two_factor_disable")).status_code == 405

    response = client.post(reverse("two_factor_disable"), {"code": wrong_code(secret)}, follow=True)
    assert "Tweestapsverificatie staat nog aan." in text(response)
    user.refresh_from_db()
    assert user.has_two_factor

    response = client.post(reverse("two_factor_disable"), {"code": code(secret)}, follow=True)
    assert "Tweestapsverificatie staat uit." in text(response)
    user.refresh_from_db()
    assert not user.has_two_factor
    # Next login asks no code.
    client.post(reverse("logout"))
    assert log_in(client)["Location"] == "/"


# --- Session expiry ----------------------------------------------------------------------


def test_idle_session_ends_on_the_login_page_with_a_dutch_message(client, user, settings):
    settings.SESSION_IDLE_SECONDS = 60
    log_in(client)
    assert client.get("/").status_code == 200
    session = client.session
    session["last_seen"] = int(time.time()) - 120
    session.save()

    response = client.get("/groepen/", follow=True)
    assert response.redirect_chain[0] == ("/inloggen/?next=/groepen/", 302)
    assert EXPIRED in text(response)
    assert logged_in_id(client) is None
    assert client.get("/").status_code == 302


def test_activity_within_the_idle_time_keeps_the_session(client, user, settings):
    settings.SESSION_IDLE_SECONDS = 60
    log_in(client)
    session = client.session
    session["last_seen"] = int(time.time()) - 30
    session.save()
    assert client.get("/").status_code == 200
    assert logged_in_id(client) == str(user.pk)


def test_the_idle_clock_starts_at_login(client, user, settings, monkeypatch):
    settings.SESSION_IDLE_SECONDS = 60
    log_in(client)  # no further request: the browser was closed right after logging in
    later = time.time() + 120
    monkeypatch.setattr("schools.middleware.time", SimpleNamespace(time=lambda: later))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert logged_in_id(client) is None


# --- Passwords ---------------------------------------------------------------------------


def test_password_change_needs_login(client, db):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_password_change_refuses_a_wrong_old_password_in_dutch(client, user):
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "fout", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "oude wachtwoord is niet juist ingevoerd" in text(response)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_refuses_mismatching_new_passwords_in_dutch(client, user):
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"},
    )
    assert response.status_code == 200
    assert "De twee wachtwoordvelden komen niet overeen." in text(response)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_keeps_this_session_and_ends_the_others(client, user):
    other_device = Client()
    log_in(other_device)
    log_in(client)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[0] == (reverse("password_change_done"), 302)
    assert "Je wachtwoord is gewijzigd" in text(response)
    assert client.get("/").status_code == 200
    assert other_device.get("/").status_code == 302

    client.post(reverse("logout"))
    assert BAD_LOGIN in text(log_in(client))
    assert log_in(client, password=NEW_PASSWORD)["Location"] == "/"


def test_password_reset_mail_link_sets_a_new_password(client, user, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "anna@example.invalid"}, follow=True)
    assert response.redirect_chain[0] == (reverse("password_reset_done"), 302)
    assert "Kijk in je mail" in text(response)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["anna@example.invalid"]
    assert mail.subject == "Nieuw wachtwoord voor Wat Helpt"
    link = re.search(r"http://testserver(/wachtwoord/herstellen/\S+/)", mail.body).group(1)

    response = client.get(link, follow=True)
    assert "Kies een nieuw wachtwoord" in text(response)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("password_reset_complete")
    assert "Je nieuwe wachtwoord is opgeslagen" in text(response)

    assert BAD_LOGIN in text(log_in(client))
    assert log_in(client, password=NEW_PASSWORD)["Location"] == "/"

    # The link works once.
    assert "Deze link werkt niet meer" in text(client.get(link, follow=True))


def test_password_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, user, mailoutbox):
    known = client.post(reverse("password_reset"), {"email": "anna@example.invalid"}, follow=True)
    mailoutbox.clear()
    unknown = client.post(reverse("password_reset"), {"email": "niemand@example.invalid"}, follow=True)
    assert unknown.redirect_chain == known.redirect_chain
    assert "Kijk in je mail" in text(unknown)
    assert mailoutbox == []


# --- Error pages -------------------------------------------------------------------------


def test_login_without_csrf_token_gives_the_dutch_csrf_page(user):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(reverse("login"), {"username": USERNAME, "password": PASSWORD})
    assert response.status_code == 403
    assert "Dit formulier kon niet worden verwerkt" in text(response)
    assert logged_in_id(browser) is None

    # With the token from the page the same post logs in.
    browser.get(reverse("login"))
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        reverse("login"), {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert logged_in_id(browser) == str(user.pk)


def test_unknown_url_gives_the_dutch_404_page(client, user):
    client.force_login(user)
    response = client.get("/bestaat-echt-niet/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet of is niet voor jou" in text(response)


def test_500_template_is_dutch(db):
    html = render_to_string("500.html")
    assert "Er ging iets mis aan onze kant" in html
    assert '<html lang="nl">' in html


def test_a_crash_shows_the_dutch_500_page(user, settings):
    settings.ROOT_URLCONF = __name__
    browser = Client(raise_request_exception=False)
    browser.force_login(user)
    response = browser.get("/kapot/")
    assert response.status_code == 500
    assert "Er ging iets mis aan onze kant" in text(response)


def test_code_step_expires_after_five_minutes(client, user, secret):
    import time as time_module

    from schools.views.auth import PENDING_SINCE_KEY

    log_in(client)
    session = client.session
    session[PENDING_SINCE_KEY] = int(time_module.time()) - 301
    session.save()
    response = client.post(reverse("login_code"), {"code": code(secret)}, follow=True)
    assert logged_in_id(client) is None
    assert "Het duurde te lang" in text(response)


def test_idle_logout_is_audited(client, settings, user):
    log_in(client)
    session = client.session
    session["last_seen"] = 1
    session.save()
    client.get(reverse("home"))
    entry = AuditEntry.objects.get(action=AuditAction.LOGOUT, event="schools.idle_logout")
    assert entry.description == "sessie verlopen na inactiviteit"


def test_login_shows_in_the_audit_log_of_every_school_of_the_user(client, user, school):
    other = f.SchoolFactory(name="Het Kompas")
    f.MembershipFactory(user=user, school=other, role=Role.TEACHER)
    log_in(client)
    entries = AuditEntry.objects.filter(action=AuditAction.LOGIN)
    assert sorted(entries.values_list("school_id", flat=True)) == sorted([school.pk, other.pk])


def test_a_wrong_code_is_audited_with_the_account_name(client, user, secret):
    log_in(client)
    send_code(client, wrong_code(secret))
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED, event="schools.login_code_failed")
    assert entry.data == {"username": USERNAME} and entry.description == f"{USERNAME} (verkeerde code)"


def test_switching_two_factor_off_is_audited(client, user, secret):
    client.force_login(user)
    response = client.post(reverse("two_factor_disable"), {"code": code(secret)}, follow=True)
    assert "Tweestapsverificatie staat uit." in text(response)
    user.refresh_from_db()
    assert not user.has_two_factor
    entry = AuditEntry.objects.get(action=AuditAction.CHANGE, event="schools.two_factor_off")
    assert entry.description == "tweestapsverificatie uitgezet"
