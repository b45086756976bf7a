"""Forms of schools, one module per topic; imported from here."""

from .audit import AuditFilterForm
from .auth import CodeForm, LoginForm
from .school import SwitchSchoolForm

__all__ = ["AuditFilterForm", "CodeForm", "LoginForm", "SwitchSchoolForm"]
