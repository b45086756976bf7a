"""Audit events of the retention run and of legal holds."""

EVENTS = {}
