"""Audit events of the privacy app: erasure, retention runs and legal holds (core.audit reads EVENTS)."""

from .events_erasure import EVENTS as ERASURE_EVENTS
from .events_retention import EVENTS as RETENTION_EVENTS

EVENTS = {**ERASURE_EVENTS, **RETENTION_EVENTS}
