"""Load test: gunicorn on PostgreSQL with the demo school, many signed-in users at once.

Usage: .venv/bin/python scripts/bench_load.py [--levels 8,16] [--duration 30] [--workers 3]
       [--database-url postgres://postgres@127.0.0.1:5432/h13_perf_bench] [--port 8200]
       [--redis-url redis://127.0.0.1:6379/1 | --redis-url ''] [--write docs/performance.md]

Runs the app the way the README's production steps do (DEBUG=0, migrate, collectstatic, gunicorn
``config.wsgi``) on a new PostgreSQL database, loads the demo, signs in once per demo account (the login
throttle and the password hasher stay out of the figures) and lets virtual users request a mix of
signed-in pages, each as fast as the answers come: home, group list, group overview, dossier, group plan,
conversations and coaching. Each user is a thread with its own kept-alive connection (http.client), so the
client is light next to the server; it still runs on the same machine and is counted in. After a warm-up,
every level of concurrency runs for ``--duration`` seconds. Prints per level requests per second, median,
p95 and p99, the errors (anything but a 200, or no answer) and the CPU the gunicorn workers spent per
request (a figure that stays comparable on a busy machine), the same with the client's and the database
backends' CPU added, and the requests per second the machine's cores would allow at that cost if nothing
else ran on them (Redis and the kernel left out); then median and p95 per page. --write replaces
the block between the LOAD-BENCH markers in the given file. The database is dropped at the end
(--keep-database keeps it).
"""

import argparse
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict

from benchlib import ROOT, write_block

PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
# Demo accounts the virtual users sign in as, in turn: coordinator, teachers, management.
ACCOUNTS = ["ib", "leerkracht8", "directeur", "leerkracht5", "bouwcoordinator"]
PAGES = ["home", "group list", "group overview", "dossier", "group plan", "conversations", "coaching"]

# Per account: the URL of each page in the mix, for objects in that account's scope (run inside Django).
RESOLVE = """
import json
from schools import access
from schools.models import User
from pupils.models import Pupil
out = {}
for username in USERNAMES:
    user = User.objects.get(username=username)
    school = access.memberships(user)[0].school
    groups = access.groups(user, school).order_by("-year_level_high", "name")
    group = groups.filter(name="Groep 8").first() or groups.first()
    pupil = access.pupils(user, school).filter(enrolments__group=group).order_by("-care_level", "pk").first()
    plan = access.plans(user, school).filter(group=group).order_by("-pk").first()
    urls = {"home": "/", "group list": "/groepen/", "group overview": f"/groepen/{group.pk}/overzicht/",
            "conversations": "/gesprekken/", "coaching": "/coaching/"}
    if pupil:
        urls["dossier"] = f"/leerlingen/{pupil.pk}/"
    if plan:
        urls["group plan"] = f"/groepsplannen/{plan.pk}/"
    out[username] = urls
print("RESOLVED" + json.dumps(out))
"""


def server_env(args):
    """The production settings of the README, on plain HTTP on localhost."""
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY="bench-load-secret-key-not-for-production-0123456789abcdefghijklmnop",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=args.database_url,
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        BEHIND_PROXY="0",
        LOG_LEVEL="WARNING",
    )
    env.pop("REDIS_URL", None)
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
        # A prefix of its own: nothing another run (or a site on the same Redis) stored is read.
        env["CACHE_KEY_PREFIX"] = f"bench-load-{os.getpid()}-{int(time.time())}"
    return env


def admin_connection(url):
    """A psycopg2 connection to the server's ``postgres`` database, and the name of the bench database."""
    import psycopg2

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    conn = psycopg2.connect(
        dbname="postgres",
        user=parts.username or "postgres",
        password=parts.password or None,
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
    )
    conn.autocommit = True
    return conn, name


def recreate_database(url):
    conn, name = admin_connection(url)
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def drop_database(url):
    conn, name = admin_connection(url)
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def manage(env, *command, capture=False):
    result = subprocess.run(
        [PYTHON, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    return result.stdout if capture else None


def prepare(env):
    started = time.perf_counter()
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo", "--reset")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    code = RESOLVE.replace("USERNAMES", repr(ACCOUNTS))
    out = manage(env, "shell", "-c", code, capture=True)
    urls = json.loads(out.split("RESOLVED", 1)[1])
    print(f"database, demo and static files ready in {time.perf_counter() - started:.0f} s", flush=True)
    return urls


def start_gunicorn(env, args):
    command = [GUNICORN, "config.wsgi", "--bind", f"127.0.0.1:{args.port}", "--workers", str(args.workers)]
    if args.threads > 1:
        command += ["--worker-class", "gthread", "--threads", str(args.threads)]
    command += ["--access-logfile", "/dev/null", "--error-logfile", "-", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=5)
            conn.request("GET", "/inloggen/")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            sys.exit("gunicorn stopped while starting")
        time.sleep(0.3)
    sys.exit("gunicorn did not answer within 60 s")


def worker_pids(master):
    """The gunicorn workers (children of the master process)."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                pids.append(int(entry))
    return pids


def cpu_seconds(pids):
    """User + system CPU seconds used so far by these processes."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def cookies_of(response):
    found = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            found[name.strip()] = rest.split(";", 1)[0]
    return found


def login(port, username):
    """The session cookie of ``username`` after one login through the form."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/inloggen/")
    response = conn.getresponse()
    page = response.read().decode()
    cookies = cookies_of(response)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"username": username, "password": "demo", "csrfmiddlewaretoken": token})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "Referer": f"http://127.0.0.1:{port}/inloggen/",
    }
    conn.request("POST", "/inloggen/", body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    cookies.update(cookies_of(response))
    if response.status != 302 or "sessionid" not in cookies:
        sys.exit(f"login as {username} failed: {response.status}")
    conn.close()
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


class VirtualUser(threading.Thread):
    """Requests its account's pages in turn over one connection until told to stop."""

    def __init__(self, port, cookie, urls, offset, stop, results):
        super().__init__(daemon=True)
        self.port, self.cookie, self.stop, self.results = port, cookie, stop, results
        self.urls = list(urls.items())
        self.offset = offset

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": self.cookie, "Connection": "keep-alive"}
        index = self.offset
        while not self.stop.is_set():
            page, url = self.urls[index % len(self.urls)]
            index += 1
            start = time.perf_counter()
            try:
                conn.request("GET", url, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                status = 0
            end = time.perf_counter()
            # list.append is atomic under the GIL: no lock needed between threads.
            self.results.append((page, status, start, end))
        conn.close()


def database_pids(url):
    """The PostgreSQL backends serving the bench database (the workers keep their connections open)."""
    conn, name = admin_connection(url)
    with conn.cursor() as cur:
        cur.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [name])
        pids = [row[0] for row in cur.fetchall()]
    conn.close()
    return pids


def drive(port, cookies, urls, users, seconds, master, database_url=None):
    """Run ``users`` virtual users for ``seconds``; the requests that ended inside the window, and the
    CPU seconds spent in it by the workers, and by the client and the database backends together."""
    stop = threading.Event()
    results = []
    threads = []
    for i in range(users):
        account = ACCOUNTS[i % len(ACCOUNTS)]
        threads.append(VirtualUser(port, cookies[account], urls[account], i, stop, results))
    pids = worker_pids(master)
    # Backends come and go (a worker reconnects after DB_CONN_MAX_AGE): per backend, what it spent since
    # the start, or since it began when it is new; one that ended inside the window is missed.
    backends = {pid: cpu_seconds([pid]) for pid in database_pids(database_url)} if database_url else {}
    cpu_before = cpu_seconds(pids)
    client_before = time.process_time()
    window_start = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    window_end = time.perf_counter()
    cpu = cpu_seconds(pids) - cpu_before
    others = time.process_time() - client_before
    if database_url:
        others += sum(cpu_seconds([pid]) - backends.get(pid, 0) for pid in database_pids(database_url))
    stop.set()
    for thread in threads:
        thread.join(timeout=35)
    inside = [r for r in results if window_start <= r[3] <= window_end]
    return inside, window_end - window_start, (cpu, others)


def percentile(sorted_values, share):
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * share))]


def summarise(results, seconds, cpu):
    cpu, others = cpu
    # What the two cores could serve if nothing else ran: the workers, the client and the database's
    # backends share them (Redis, shared with other users of the machine, and the kernel are left out).
    total_ms = (cpu + others) * 1000 / len(results) if results else float("nan")
    timings = sorted((end - start) * 1000 for _page, _status, start, end in results)
    per_page = defaultdict(list)
    for page, _status, start, end in results:
        per_page[page].append((end - start) * 1000)
    return {
        "requests": len(results),
        "rps": len(results) / seconds,
        "median": statistics.median(timings) if timings else float("nan"),
        "p95": percentile(timings, 0.95),
        "p99": percentile(timings, 0.99),
        "errors": sum(1 for _page, status, _s, _e in results if status != 200),
        "cpu_ms": cpu * 1000 / len(results) if results else float("nan"),
        "all_cpu_ms": total_ms,
        "capacity": (os.cpu_count() * 1000 / total_ms) if results else float("nan"),
        "pages": {page: (statistics.median(v), percentile(sorted(v), 0.95)) for page, v in per_page.items()},
    }


def markdown(levels, args):
    lines = [
        "| users | req/s | median ms | p95 ms | p99 ms | errors | worker CPU ms/req "
        "| + client and database ms/req | req/s the cores allow |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for users, s in levels:
        lines.append(
            f"| {users} | {s['rps']:.0f} | {s['median']:.0f} | {s['p95']:.0f} | {s['p99']:.0f} "
            f"| {s['errors']} | {s['cpu_ms']:.1f} | {s['all_cpu_ms']:.1f} | {s['capacity']:.0f} |"
        )
    lines += ["", "| page | " + " | ".join(f"{u} users median / p95 ms" for u, _ in levels) + " |"]
    lines.append("|---|" + "---:|" * len(levels))
    for page in PAGES:
        cells = []
        for _users, s in levels:
            median, p95 = s["pages"].get(page, (float("nan"), float("nan")))
            cells.append(f"{median:.0f} / {p95:.0f}")
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    server = f"gunicorn `-w {args.workers}`" + (f" `--threads {args.threads}`" if args.threads > 1 else "")
    cache = "Redis" if args.redis_url else "local memory (no REDIS_URL)"
    lines += [
        "",
        f"{server}, PostgreSQL, cache {cache}, {args.duration:.0f} s per level after {args.warmup:.0f} s of "
        f"warm-up, accounts {', '.join(ACCOUNTS)} in turn; client on the same machine "
        f"({os.cpu_count()} cores).",
        "",
    ]
    return "\n".join(lines)


def check_pages(port, cookies, urls):
    """Every page of the mix answers 200 for its account before anything is measured."""
    for account, pages in urls.items():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for page, url in pages.items():
            conn.request("GET", url, headers={"Cookie": cookies[account]})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                sys.exit(f"{account}: {page} {url} answered {response.status}")
        conn.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/h13_perf_bench")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
        help="the cache and sessions of the server ('' for local memory and database sessions)",
    )
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="gthread threads per worker (1: sync workers)")
    parser.add_argument("--port", type=int, default=8200)
    parser.add_argument("--levels", default="8,16")
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=10)
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument("--write")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("--database-url must be a PostgreSQL URL")
    levels = [int(n) for n in args.levels.split(",")]

    env = server_env(args)
    recreate_database(args.database_url)
    server = None
    try:
        urls = prepare(env)
        server = start_gunicorn(env, args)
        cookies = {account: login(args.port, account) for account in ACCOUNTS}
        check_pages(args.port, cookies, urls)
        drive(args.port, cookies, urls, max(levels), args.warmup, server.pid)
        measured = []
        for users in levels:
            results, seconds, cpu = drive(args.port, cookies, urls, users, args.duration, server.pid, args.database_url)
            summary = summarise(results, seconds, cpu)
            measured.append((users, summary))
            print(
                f"{users:3d} users: {summary['rps']:.0f} req/s, median {summary['median']:.0f} ms, "
                f"p95 {summary['p95']:.0f} ms, p99 {summary['p99']:.0f} ms, {summary['errors']} errors, "
                f"{summary['cpu_ms']:.1f} worker CPU ms/req, {summary['all_cpu_ms']:.1f} with client and "
                f"database, {summary['capacity']:.0f} req/s the cores allow",
                flush=True,
            )
        text = markdown(measured, args)
        print(text)
        if args.write:
            write_block(args.write, "LOAD-BENCH", "Belasting (issue 13)", text)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        if not args.keep_database:
            drop_database(args.database_url)


if __name__ == "__main__":
    main()
