"""The start page as a page: its title, the week's work before the usual links, and only the user's own
school's work."""

from django.urls import reverse

from tests import factories as f


def test_the_page_is_called_deze_week_and_puts_the_work_first(week, login):
    page = login(week.user("teacher"), week.school).get(reverse("home")).content.decode()
    assert "Deze week" in page.split("</title>")[0]
    assert '<h1 class="h3 mb-1">Deze week</h1>' in page
    assert page.index('id="start-actions"') < page.index("report-link") < page.index("card-link-list")
    assert 'href="/groepsplannen/' in page and "over tijd" in page


def test_every_item_links_where_the_work_is_done_and_that_page_opens(week, login):
    for role in ("teacher", "coordinator", "management", "remedial", "admin"):
        client = login(week.user(role), week.school)
        sections = client.get(reverse("home")).context["sections"]
        urls = {item.url for section in sections for item in section.items if item.url}
        assert urls, role
        for url in urls:
            assert client.get(url).status_code == 200, (role, url)


def test_work_of_another_school_stays_out(week, login):
    other = f.MembershipFactory(user=week.user("coordinator"), role="coordinator")
    f.SchoolYearFactory(school=other.school)
    page = login(week.user("coordinator"), other.school).get(reverse("home")).content.decode()
    assert "Sanne0" not in page and "Tom Verbeek heeft" not in page and "Adviesgesprekken" not in page


def test_without_a_school_the_page_still_says_so(db, login):
    page = login(f.UserFactory()).get(reverse("home")).content.decode()
    assert "hoort nog bij geen enkele school" in page
