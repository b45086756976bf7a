"""Coaching content is for the coach and the coachee only.

Every page another user can reach — by following links from the home page,
by opening every URL pattern with the ids of the trajectory's objects, and by
searching — is fetched, and none may contain a single word of the content.
"""

import json
import re
from html import unescape

import pytest
from django.contrib import admin
from django.urls import reverse

from coaching.models import (
    ClassroomVisit,
    Letter,
    Reflection,
    RelationshipAssessment,
    SupportNeed,
)
from core import history
from tests import factories as f
from tests.access.urls import all_patterns

SECRET = "GEHEIM"  # every piece of content below carries this word


@pytest.fixture
def content(world):
    trajectory = world.trajectories["own"]
    coach, coachee = world.user("coordinator"), world.user("teacher")
    trajectory.goal = f"{SECRET}-DOEL: met een weekplanning werken"
    trajectory.can_already = f"{SECRET}-KAN-AL"
    trajectory.also_need = f"{SECRET}-NODIG"
    history.save(trajectory, coach)
    history.save(SupportNeed(trajectory=trajectory, kind=SupportNeed.Kind.SKILLS, text=f"{SECRET}-BEHOEFTE"), coach)
    session = f.SessionFactory(
        trajectory=trajectory,
        notes=f"{SECRET}-SESSIE",
        compliments=f"{SECRET}-COMPLIMENT",
        one_point_higher=f"{SECRET}-HOGER",
        learning_moments=f"{SECRET}-LEERMOMENT",
    )
    agreement = f.AgreementFactory(session=session, text=f"{SECRET}-AFSPRAAK")
    history.save(
        RelationshipAssessment(
            trajectory=trajectory, date="2026-10-01", is_problem=True, asks_for_help=False, note=f"{SECRET}-INSCHATTING"
        ),
        coach,
    )
    visit = history.save(
        ClassroomVisit(
            trajectory=trajectory,
            date="2026-10-02",
            focus="instruction",
            observations=f"{SECRET}-BEZOEK",
            feedback=f"{SECRET}-FEEDBACK",
        ),
        coach,
    )
    letter = history.save(
        Letter(
            trajectory=trajectory,
            date="2026-10-03",
            compliments=f"{SECRET}-BRIEF",
            view_of_situation="v",
            perceived_need="n",
            coach_role="r",
            offer="o",
        ),
        coach,
    )
    history.save(
        Reflection(trajectory=trajectory, author=coachee, kind="learned", date="2026-10-04", text=f"{SECRET}-GELEERD"),
        coachee,
    )
    return {"trajectory": trajectory, "session": session, "agreement": agreement, "visit": visit, "letter": letter}


def ids_for(content):
    return {obj.pk for obj in content.values()}


def links(html):
    for href in re.findall(r'href="([^"#]+)', html):
        href = unescape(href)
        if href.startswith("/") and not href.startswith("/static/"):
            yield href


def fetch_everything(client, content):
    """Crawl from the home page, then every URL pattern with every id of the content."""
    seen, queue, pages = set(), ["/", reverse("coaching:trajectory_list"), reverse("audit_log")], {}
    while queue and len(seen) < 400:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        body = response.content.decode(errors="replace") if response.status_code == 200 else ""
        pages[url] = body
        queue += [link for link in links(body) if link not in seen]
    for name in all_patterns():
        if name.startswith("admin:"):
            continue
        for pk in ids_for(content):
            try:
                url = reverse(name, kwargs={"pk": pk})
            except Exception:  # noqa: BLE001 - patterns with other kwargs are crawled above
                continue
            response = client.get(url)
            pages[url] = response.content.decode(errors="replace") if response.status_code == 200 else ""
    # Search for words of the content, not the marker itself: a search box echoes its query.
    for query in ("DOEL", "SESSIE", "weekplanning"):
        for url in (reverse("audit_log") + f"?object={query}", reverse("pupils:pupil_list") + f"?q={query}"):
            response = client.get(url)
            pages[url] = response.content.decode(errors="replace")
    return pages


@pytest.mark.parametrize("role", ["management", "bouw", "other_coordinator", "remedial", "admin", "other_teacher"])
def test_no_one_but_coach_and_coachee_sees_any_content(world, login, content, role):
    client = login(world.user(role), world.school)
    pages = fetch_everything(client, content)
    assert len(pages) > 10
    leaks = {url: body.count(SECRET) for url, body in pages.items() if SECRET in body}
    assert not leaks, f"coaching content visible to {role}: {leaks}"


def test_management_sees_that_it_exists_and_who_asked(world, login, content):
    client = login(world.user("management"), world.school)
    page = client.get(reverse("coaching:trajectory_detail", args=[content["trajectory"].pk])).content.decode()
    assert "juf-zes" in page or str(world.user("teacher")) in page
    assert "Werken met een jaar- en weekplanning" in page  # the mandate's scope is existence, not content
    assert SECRET not in page


def test_another_coordinator_does_not_even_see_it_exists(world, login, content):
    client = login(world.user("other_coordinator"), world.school)
    assert client.get(reverse("coaching:trajectory_detail", args=[content["trajectory"].pk])).status_code == 404
    listing = client.get(reverse("coaching:trajectory_list")).content.decode()
    assert str(world.user("teacher")) not in listing


def test_coach_and_coachee_do_see_the_content(world, login, content):
    for role in ("coordinator", "teacher"):
        client = login(world.user(role), world.school)
        page = client.get(reverse("coaching:trajectory_detail", args=[content["trajectory"].pk])).content.decode()
        assert f"{SECRET}-DOEL" in page and f"{SECRET}-SESSIE" in page, role


def test_coaching_is_not_in_the_admin_site_at_all():
    registered = {model._meta.app_label for model in admin.site._registry}
    assert "coaching" not in registered


def test_audit_entries_of_coaching_show_on_no_schools_audit_page(world, login, content):
    from core.models import AuditEntry

    coach = login(world.user("coordinator"), world.school)
    coach.get(reverse("coaching:trajectory_detail", args=[content["trajectory"].pk]))
    entries = AuditEntry.objects.filter(content_type__app_label="coaching")
    assert entries.exists()
    assert not entries.exclude(school_id=None).exists()


def test_audit_entries_of_coaching_hold_event_codes_and_never_content(world, login, content):
    """Every write and read of the coach and the coachee: an event with plain data, never a word of content."""
    from core.models import AuditEntry

    trajectory, agreement = content["trajectory"], content["agreement"]
    coach = login(world.user("coordinator"), world.school)
    session_post = {
        "date": "2026-11-02",
        "notes": f"{SECRET}-NIEUWE-SESSIE",
        "goal_owner": "coachee",
        "solution_source": "internal",
        "afspraken-TOTAL_FORMS": "1",
        "afspraken-INITIAL_FORMS": "0",
        "afspraken-0-text": f"{SECRET}-NIEUWE-AFSPRAAK",
        "afspraken-0-owner": "coachee",
        "opvolging-TOTAL_FORMS": "1",
        "opvolging-INITIAL_FORMS": "1",
        "opvolging-0-agreement": str(agreement.pk),
        "opvolging-0-follow_up": "kept",
        "opvolging-0-seen": "open",
        "opvolging-0-version": str(agreement.version),
    }
    posts = [
        (reverse("coaching:session_create", args=[trajectory.pk]), session_post),
        (
            reverse("coaching:visit_create", args=[trajectory.pk]),
            {"date": "2026-11-03", "focus": "instruction", "observations": f"{SECRET}-BEZOEK-2"},
        ),
        (
            reverse("coaching:assessment_create", args=[trajectory.pk]),
            {"date": "2026-11-03", "is_problem": "True", "asks_for_help": "False", "note": f"{SECRET}-NOTITIE"},
        ),
    ]
    for url, data in posts:
        assert coach.post(url, data).status_code == 302, url
    coach.get(reverse("coaching:trajectory_detail", args=[trajectory.pk]))
    coach.get(reverse("coaching:letter_pdf", args=[content["letter"].pk]))
    coachee = login(world.user("teacher"), world.school)
    reflection = reverse("coaching:reflection_create", args=[trajectory.pk]) + "?soort=learned"
    assert coachee.post(reflection, {"date": "2026-11-04", "text": f"{SECRET}-LEERPUNT"}).status_code == 302
    login(world.user("management"), world.school).get(reverse("coaching:trajectory_detail", args=[trajectory.pk]))

    entries = list(AuditEntry.objects.filter(content_type__app_label="coaching"))
    assert {entry.event for entry in entries} == {
        "coaching.session_recorded",
        "coaching.visit_recorded",
        "coaching.relationship_assessed",
        "coaching.trajectory_read",
        "coaching.letter_pdf",
        "coaching.learned_added",
        "coaching.trajectory_existence_read",
    }
    for entry in entries:
        assert entry.school_id is None and entry.detail == ""
        words = json.dumps(entry.data) + entry.description + entry.object_repr
        assert SECRET not in words, entry.event
    session_entry = next(e for e in entries if e.event == "coaching.session_recorded")
    assert session_entry.description == "Coachingsgesprek vastgelegd: 1 nieuwe afspraak, 1 afspraak opgevolgd"
