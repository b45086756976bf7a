# Beheer screens, scoped per school: see schools/admin_site.py for entry rules.
