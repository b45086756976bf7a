"""Audit events of erasure on request."""

EVENTS = {}
