"""Crawl a running Wat Helpt as each demo user and fail on any server error.

Used by `.ci/production` against gunicorn started as the README says. The crawler stands in for the
TLS proxy: it connects over plain HTTP and sends `X-Forwarded-Proto: https`, the Host the proxy
would send, and X-Forwarded-For, so the production settings (SSL redirect, secure cookies, CSRF
origin checks) are exercised as they are behind nginx or Caddy.

For each user: log in with the password, then follow same-site links breadth-first, GET only
(`<a href>`, `hx-get`, redirects), never logout or the language switch (both POST anyway) and no
forms. To cover many kinds of page rather than 170 dossiers, at most --per-shape URLs are fetched
per shape (the path with numbers as N, plus the query's parameter names), and at most --max-pages
per user. Afterwards every static file the pages referenced (stylesheets, scripts, images, and the
url(...)s inside the stylesheets) is fetched once and must be a 200 from whitenoise.

Standard library only. Exit status 1 on any 5xx, a static file that does not load, or a user who
cannot log in; the offending URLs are listed.
"""

import argparse
import concurrent.futures
import http.client
import re
import sys
import threading
import time
from collections import Counter, deque
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

DEMO_USERS = ("ib", "directeur", "bouwcoordinator", "leerkracht8", "leerkracht5", "rt", "beheer")
LOGIN_PATH = "/inloggen/"
# Pages that end the session or only take a POST; a GET would be harmless but teaches nothing.
SKIP = re.compile(r"(uitloggen|logout|^/taal/)")
# Documents (PDFs, letters) take seconds to render and do not change with who asks: each kind is
# fetched once, by the first user who finds one, not once per user.
DOCUMENT = re.compile(r"(\.pdf|/pdf/|/brieven/)(\?|$)")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


class Links(HTMLParser):
    """The GET targets of a page: links and htmx GETs; static files separately."""

    def __init__(self):
        super().__init__()
        self.pages, self.assets = [], []
        self.csrf = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.pages.append(attrs["href"])
        if attrs.get("hx-get"):
            self.pages.append(attrs["hx-get"])
        if tag == "link" and attrs.get("href"):
            self.assets.append(attrs["href"])
        if tag in ("script", "img") and attrs.get("src"):
            self.assets.append(attrs["src"])
        if tag == "input" and attrs.get("name") == "csrfmiddlewaretoken":
            self.csrf = attrs.get("value")


class Client:
    """One user's browser: cookies kept by name, every request as if through the TLS proxy."""

    def __init__(self, address, host, timeout):
        self.address, self.host, self.timeout = address, host, timeout
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        hostname, port = self.address
        connection = http.client.HTTPConnection(hostname, port, timeout=self.timeout)
        all_headers = {
            "Host": self.host,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "192.0.2.10",
            "Accept-Encoding": "gzip",
            "User-Agent": "wathelpt-crawl",
            **(headers or {}),
        }
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response, content

    def login(self, username, password):
        """Returns None when logged in, else why not."""
        response, content = self.request("GET", LOGIN_PATH)
        parser = Links()
        parser.feed(content.decode("utf-8", "replace"))
        if response.status != 200 or not parser.csrf:
            return f"login page answered {response.status}"
        body = urlencode({"csrfmiddlewaretoken": parser.csrf, "username": username, "password": password})
        origin = f"https://{self.host}"
        response, _content = self.request(
            "POST",
            LOGIN_PATH,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": origin,
                "Referer": origin + LOGIN_PATH,
            },
        )
        location = urlsplit(response.headers.get("Location", "")).path
        if response.status != 302:
            return f"password refused or throttled ({response.status})"
        if location.startswith("/inloggen/code"):
            return "two-step verification is on for this demo user; the crawler cannot log in"
        return None


def shape(path):
    parts = urlsplit(path)
    keys = sorted({key for key, _value in parse_qsl(parts.query, keep_blank_values=True)})
    return re.sub(r"\d+", "N", parts.path) + ("?" + "&".join(keys) if keys else "")


def same_site(client, base_path, link):
    """The path of a same-site link, or None."""
    link = link.strip()
    if not link or link.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    target = urlsplit(urljoin(f"https://{client.host}{base_path}", link))
    if target.netloc != client.host or target.scheme != "https":
        return None
    return target.path + (f"?{target.query}" if target.query else "")


documents, documents_lock = {}, threading.Lock()


def fetch(client, result, path):
    """GET one page as the result's user and count it: (response, content), or (None, None)."""
    started = time.monotonic()
    try:
        response, content = client.request("GET", path)
    except (OSError, http.client.HTTPException) as error:
        result["errors"].append(f"{result['user']}: GET {path}: {error}")
        return None, None
    with documents_lock:  # documents are fetched in parallel, several for one user
        result["timings"].append((time.monotonic() - started, result["user"], path))
        result["pages"] += 1
        result["statuses"][response.status] += 1
        if response.status >= 500:
            result["errors"].append(f"{result['user']}: GET {path} -> {response.status}")
    return response, content


def crawl_user(args, username):
    client = Client(args.address, args.host, args.timeout)
    started = time.monotonic()
    result = {"user": username, "statuses": Counter(), "errors": [], "assets": set(), "pages": 0, "timings": []}
    problem = client.login(username, args.password)
    if problem:
        result["errors"].append(f"{username}: cannot log in: {problem}")
        return result
    queue, seen, per_shape = deque(["/"]), {"/"}, Counter()
    while queue and result["pages"] < args.max_pages:
        path = queue.popleft()
        response, content = fetch(client, result, path)
        if response is None or response.status >= 500:
            continue
        found = []
        if response.status in (301, 302, 303, 307, 308):
            found = [response.headers.get("Location", "")]
            if (same_site(client, path, found[0]) or "").startswith(LOGIN_PATH):
                # Signed in, yet sent to the login page: the session cookie did not come back.
                result["errors"].append(f"{username}: GET {path} -> {response.status} to the login page")
        elif response.status == 200 and response.headers.get_content_type() == "text/html":
            parser = Links()
            parser.feed(content.decode("utf-8", "replace"))
            found = parser.pages
            for asset in parser.assets:
                asset_path = same_site(client, path, asset)
                if asset_path and asset_path.startswith(args.static_url):
                    result["assets"].add(asset_path)
        for link in found:
            target = same_site(client, path, link)
            if target is None or target in seen or SKIP.search(target):
                continue
            if target.startswith(args.static_url) or target.startswith(LOGIN_PATH):
                continue
            seen.add(target)
            kind = shape(target)
            if per_shape[kind] >= args.per_shape:
                continue
            per_shape[kind] += 1
            if DOCUMENT.search(urlsplit(target).path + "?"):
                with documents_lock:
                    if kind not in documents:
                        documents[kind] = (client, result, target)
                continue
            queue.append(target)
    result["seconds"] = time.monotonic() - started
    return result


def check_assets(args, assets):
    """Every referenced static file, and what its stylesheet refers to, loads: (count, errors)."""
    client = Client(args.address, args.host, args.timeout)
    queue, seen, errors = deque(sorted(assets)), set(assets), []
    while queue:
        path = queue.popleft()
        response, content = client.request("GET", path, headers={"Accept-Encoding": "identity"})
        if response.status != 200:
            errors.append(f"static: GET {path} -> {response.status}")
            continue
        if urlsplit(path).path.endswith(".css"):
            for reference in CSS_URL.findall(content.decode("utf-8", "replace")):
                target = same_site(client, path, reference)
                if target and target not in seen:
                    seen.add(target)
                    queue.append(urlsplit(target).path)
    return len(seen), errors


def wait_until_healthy(args, seconds):
    """The proxy's probe: plain HTTP, no forwarded headers, no cookie. True once it says ok."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(*args.address, timeout=5)
            connection.request("GET", "/health/", headers={"Host": args.host})
            response = connection.getresponse()
            if response.status == 200 and response.read() == b"ok":
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="where gunicorn listens, e.g. http://127.0.0.1:8100")
    parser.add_argument("--host", required=True, help="the Host the proxy sends (one of ALLOWED_HOSTS)")
    parser.add_argument("--users", default=",".join(DEMO_USERS))
    parser.add_argument("--password", default="demo")
    parser.add_argument("--max-pages", type=int, default=120, help="per user")
    parser.add_argument("--per-shape", type=int, default=2, help="URLs per kind of page, per user")
    parser.add_argument("--parallel", type=int, default=3, help="users crawled at once")
    parser.add_argument("--static-url", default="/static/")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--slowest", type=int, default=0, help="list the slowest pages")
    parser.add_argument("--wait", type=float, default=0, help="seconds to wait for /health/ first")
    args = parser.parse_args(argv)
    base = urlsplit(args.base)
    args.address = (base.hostname, base.port or 80)

    if args.wait and not wait_until_healthy(args, args.wait):
        print(f"FOUT /health/ did not say ok within {args.wait:.0f}s", file=sys.stderr)
        return 1
    started = time.monotonic()
    users = [name for name in args.users.split(",") if name]
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.parallel) as pool:
        results = list(pool.map(lambda name: crawl_user(args, name), users))
        # The documents last, spread over the workers, each as the user who found it.
        list(pool.map(lambda found: fetch(*found), documents.values()))
    errors = [error for result in results for error in result["errors"]]
    for result in results:
        statuses = " ".join(f"{status}:{count}" for status, count in sorted(result["statuses"].items()))
        print(f"{result['user']:>16}: {result['pages']:4} pages in {result.get('seconds', 0):5.1f}s  ({statuses})")
    asset_count, asset_errors = check_assets(args, set().union(*(result["assets"] for result in results)))
    errors += asset_errors
    server_errors = sum(count for result in results for status, count in result["statuses"].items() if status >= 500)
    print(
        f"{sum(result['pages'] for result in results)} pages ({len(documents)} documents), {server_errors} with a 5xx, "
        f"{asset_count} static files checked, {time.monotonic() - started:.1f}s"
    )
    slowest = sorted((timing for result in results for timing in result["timings"]), reverse=True)
    for seconds, username, path in slowest[: args.slowest]:
        print(f"  slow: {seconds:5.2f}s {username} {path}")
    for error in errors:
        print("FOUT", error, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
