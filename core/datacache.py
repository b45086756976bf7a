"""A cache for figures computed from the school's data, which any write makes stale at once.

Every INSERT, UPDATE, DELETE or TRUNCATE this process sends to the database (bulk writes, ``update()``
and raw SQL included; only the tables in ``IGNORED_TABLES`` are left out) raises a generation number
in the shared cache when its transaction commits. Values are stored under that number, so after any
change the next read computes afresh and the old value is never read again; it expires after
``TIMEOUT``. Only for values that hold no pupil names or care content (aggregate figures, counts): see
docs/performance.md.

Off unless ``settings.DATA_CACHE`` (on when REDIS_URL is set): with a cache per process, a write in
one gunicorn worker would not reach the generation number of another.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "datacache:generation"
# How long an unread value is kept; also the longest a value can outlive a write this process did not
# see (none is known: every process of the app runs the wrapper below).
TIMEOUT = 10 * 60
# Written on page views (the audit log of reads, sessions, the start page's last visit) or by failed
# logins: they change no computed figure, and watching them would make every value stale at once.
IGNORED_TABLES = ('"core_auditentry"', '"django_session"', '"schools_loginfailure"', '"schools_startpagevisit"')
WRITES = ("INSERT", "UPDATE", "DELETE", "TRUNCATE")
_MISSING = object()


def enabled():
    return getattr(settings, "DATA_CACHE", False)


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Lost (evicted, or a new Redis): start from the clock, above every number handed out before,
        # so that no value stored under an earlier number is read again.
        cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def bump():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        generation()


def get_or_compute(name, parts, compute):
    """``compute()``, or its value stored under ``name`` and ``parts`` since the last write."""
    if not enabled():
        return compute()
    key = f"datacache:{name}:{generation()}:" + ":".join(str(part) for part in parts)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def is_write(sql):
    head = sql.lstrip()[:80]
    return head[:8].upper().startswith(WRITES) and not any(table in head for table in IGNORED_TABLES)


def watch_writes(execute, sql, params, many, context):
    """A database execute wrapper (installed on every connection, core.apps) that raises the generation
    after a write commits; once per transaction."""
    result = execute(sql, params, many, context)
    if enabled() and isinstance(sql, str) and is_write(sql):
        connection = context["connection"]
        if not connection.in_atomic_block:
            bump()
        elif not any(isinstance(entry[1], _BumpOnCommit) and not entry[1].done for entry in connection.run_on_commit):
            transaction.on_commit(_BumpOnCommit(), using=connection.alias)
    return result


class _BumpOnCommit:
    """One per transaction that wrote (a rolled-back savepoint drops its own and the next write adds one)."""

    done = False

    def __call__(self):
        self.done = True
        bump()


def install(sender, connection, **kwargs):
    """``connection_created`` receiver."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)
