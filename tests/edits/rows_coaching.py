"""Edit matrix rows of coaching (see harness.py)."""

from coaching.models import Trajectory

from .harness import Edit


def _colleague_sets_goal(world, trajectory):
    # The coach in another tab: the same save, through the same guard, lands first.
    Trajectory.objects.filter(pk=trajectory.pk).update(
        goal="Doel uit het andere tabblad", version=trajectory.version + 1
    )


ROWS = {
    "coaching:trajectory_edit": Edit(
        role="coordinator",
        record=lambda world: world.trajectories["own"],
        changes=lambda world, trajectory: {"goal": "Mijn nieuwe doel"},
        colleague=_colleague_sets_goal,
        value=lambda trajectory: Trajectory.objects.get(pk=trajectory.pk).goal,
        shown=lambda world, trajectory: ("Mijn nieuwe doel", "Doel uit het andere tabblad"),
    ),
}

# Not sorted yet (issue 10): each name becomes a row in ROWS or gets its reason here.
NOT_EDITS = {
    "coaching:trajectory_list": "UNSORTED",
    "coaching:trajectory_create": "UNSORTED",
    "coaching:trajectory_detail": "UNSORTED",
    "coaching:assessment_create": "UNSORTED",
    "coaching:reflection_create": "UNSORTED",
    "coaching:trajectory_pdf": "UNSORTED",
    "coaching:session_create": "UNSORTED",
    "coaching:session_edit": "UNSORTED",
    "coaching:visit_create": "UNSORTED",
    "coaching:letter_create": "UNSORTED",
    "coaching:letter_pdf": "UNSORTED",
}
