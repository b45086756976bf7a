from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A Dutch page instead of Django's English CSRF report (the usual cause: a form left open too long)."""
    return render(request, "403_csrf.html", status=403)
