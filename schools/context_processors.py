from .models import Role


def school_context(request):
    membership = getattr(request, "membership", None)
    return {
        "current_school": getattr(request, "school", None),
        "current_membership": membership,
        "current_role": membership.role if membership else None,
        "all_memberships": getattr(request, "memberships", []),
        "Role": Role,
    }
