"""CPU and queries per page of the load benchmark's mix, in-process, and where the time goes.

Usage: .venv/bin/python scripts/profile_pages.py [--runs 7] [--profile] [--top 40] [--reuse]
       [--database-url postgres://postgres@127.0.0.1:5432/h13_profile] [--redis-url redis://127.0.0.1:6379/2]

The figures bench_load.py cannot give on a shared machine: the Django test client with DEBUG=0 on a
PostgreSQL copy of the demo (created and loaded unless --reuse), the same accounts and pages as the load
benchmark, and per page the lowest CPU time (``time.process_time()``) of ``--runs`` requests and the
queries. ``--profile`` adds cProfile over the whole mix, sorted by own time and by cumulative time. An
extra page, ``floor``, is the password-change form: a signed-in page with the navbar and little else, the
cost every page pays for middleware, session, user and layout.
"""

import argparse
import cProfile
import io
import os
import pstats
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_load import ACCOUNTS, RESOLVE, recreate_database, server_env  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/h13_profile")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/2")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--reuse", action="store_true", help="keep the database of an earlier run")
    parser.add_argument("--pages", default="", help="comma-separated page names (default: all)")
    args = parser.parse_args()

    # The README's production settings, as the load benchmark's server gets them, for the test client here.
    os.environ.update(
        server_env(args), ALLOWED_HOSTS="testserver,127.0.0.1,localhost", DJANGO_SETTINGS_MODULE="config.settings"
    )
    if not args.redis_url:
        os.environ.pop("REDIS_URL", None)
        os.environ["CACHE_KEY_PREFIX"] = f"profile-{os.getpid()}-{int(time.time())}"
    if not args.reuse:
        recreate_database(args.database_url)
        python = str(ROOT / ".venv" / "bin" / "python")
        commands = (
            ["migrate", "--noinput", "-v", "0"],
            ["load_demo", "--reset"],
            ["collectstatic", "--noinput", "-v", "0"],
        )
        for command in commands:
            subprocess.run([python, "manage.py", *command], cwd=ROOT, check=True, capture_output=True)

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    namespace = {}
    out = io.StringIO()
    real_stdout, sys.stdout = sys.stdout, out
    try:
        exec(RESOLVE.replace("USERNAMES", repr(ACCOUNTS)), namespace)  # noqa: S102
    finally:
        sys.stdout = real_stdout
    import json

    urls = json.loads(out.getvalue().split("RESOLVED", 1)[1])
    wanted = set(filter(None, args.pages.split(",")))

    from schools.models import User

    clients = {}
    for username in ACCOUNTS:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        clients[username] = client
        urls[username] = {"floor": "/wachtwoord/wijzigen/", **urls[username]}

    rows = {}
    mix = []
    for username in ACCOUNTS:
        for page, url in urls[username].items():
            if wanted and page not in wanted:
                continue
            client = clients[username]
            response = client.get(url)
            assert response.status_code == 200, (username, url, response.status_code)
            best = None
            for _ in range(args.runs):
                with CaptureQueriesContext(connection) as queries:
                    started = time.process_time()
                    client.get(url)
                    spent = (time.process_time() - started) * 1000
                best = spent if best is None else min(best, spent)
            rows.setdefault(page, []).append((username, best, len(queries)))
            mix.append((client, url))

    print(f"{'page':16} {'mean ms':>8} {'min..max ms':>14} {'queries':>8}   per account")
    total = []
    for page, values in rows.items():
        cpu = [v[1] for v in values]
        q = [v[2] for v in values]
        total.extend(cpu)
        detail = ", ".join(f"{u} {c:.1f}/{n}" for u, c, n in values)
        qs = f"{min(q)}" if min(q) == max(q) else f"{min(q)}-{max(q)}"
        print(f"{page:16} {sum(cpu) / len(cpu):8.1f} {min(cpu):6.1f}..{max(cpu):6.1f} {qs:>8}   {detail}")
    print(f"{'mix mean':16} {sum(total) / len(total):8.1f}")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(3):
            for client, url in mix:
                client.get(url)
        profiler.disable()
        for order in ("tottime", "cumulative"):
            stream = io.StringIO()
            pstats.Stats(profiler, stream=stream).sort_stats(order).print_stats(args.top)
            print(stream.getvalue())


if __name__ == "__main__":
    main()
