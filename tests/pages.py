"""Every page a user can reach, for the suites that look at all of them (security headers, axe).

The pages come from the access matrix (tests/access/test_matrix.py) and the beheer rows of admin_matrix.py,
so a new URL is covered as soon as it has its row. ``responses_of`` gives one page as one role sees it: the
page itself and, for each of its forms, the page after that form was sent back empty (the form with its
errors). The error pages (400, 403, CSRF, 404, 500, refused input) are served on URLs of this module: point
``ROOT_URLCONF`` here (``ERROR_URLCONF``) and ask an ``error_client`` for ``ERROR_PAGES``.
"""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client
from django.urls import path, reverse

from config.urls import urlpatterns as project_urlpatterns
from tests.access.admin_matrix import admin_expectations, admin_url_kwargs
from tests.access.test_matrix import MATRIX, ROLES
from tests.forms_on_page import forms_on_page


def reaching_roles(statuses):
    return [role for role in ROLES if statuses[role][0] == 200]


PAGES = sorted(name for name, (_m, _k, _d, statuses) in MATRIX.items() if reaching_roles(statuses))
# Actions someone may carry out (a row refused to everyone, such as a POST to the health check, has none).
ACTIONS = sorted(
    name for name, row in MATRIX.items() if name not in PAGES and any(row[3][role][0] in (200, 302) for role in ROLES)
)
ADMIN_PAGES = sorted(name for name, row in admin_expectations().items() if row["admin"][0] == 200)


def sign_in(client, world, role):
    client.logout()
    if role != "anonymous":
        client.force_login(world.user(role))


def responses_of(world, client, name, role, refused_forms=True):
    """``(label, url, response)`` for page ``name`` as ``role``: the page, then (with ``refused_forms``) each of
    its own forms sent back empty. Call it in a savepoint rolled back afterwards: the matrix's kwargs create
    objects."""
    method, make_kwargs, make_data, _statuses = MATRIX[name]
    sign_in(client, world, role)
    url = reverse(name.split("#")[0], kwargs=make_kwargs(world, role, "in") if make_kwargs else None)
    response = getattr(client, method)(url, make_data(world, role, "in") if make_data else {})
    assert response.status_code == 200, f"{url} as {role}"
    yield f"{role} {method.upper()} {url}", url, response
    if refused_forms and method == "get" and response["Content-Type"].startswith("text/html"):
        for action, fields in forms_on_page(response.content.decode()):
            if action.split("?")[0] in ("", url):
                yield f"{role} POST {url} (empty)", url, client.post(url, dict.fromkeys(fields, ""))


def admin_url(world, name):
    return reverse(f"admin:{name}", kwargs=admin_url_kwargs(world, name, "in"))


# Error pages, on URLs of this module.
def _forbidden(request):
    raise PermissionDenied


def _bad_request(request):
    raise SuspiciousOperation("test")


def _broken(request):
    raise RuntimeError("test")


urlpatterns = [
    path("test-403/", _forbidden),
    path("test-400/", _bad_request),
    path("test-500/", _broken),
    *project_urlpatterns,
]
ERROR_URLCONF = __name__

# (method, url, status)
ERROR_PAGES = [
    ("get", "/bestaat-niet/", 404),
    ("get", "/test-403/", 403),
    ("get", "/test-400/", 400),
    ("get", "/test-500/", 500),
    ("post", "/", 403),  # no CSRF token: templates/403_csrf.html
    ("get", "/?q=a%00b", 400),  # refused input: templates/invalid_input.html
]


def error_client_for(world):
    """A signed-in client that shows error pages as a user sees them (no exception raised, CSRF checked)."""
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    client.force_login(world.user("coordinator"))
    return client
