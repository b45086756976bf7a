"""The group plans' part of the start page: one's own actions, plans behind schedule (or a phase to close
soon), the coordinator's overdue actions by person, and the remedial teacher's sessions from the week
schedules. Registered in GroupplansConfig.ready(); see schools/startpage.py."""

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.sentences import compose
from schools import access
from schools.models import Role
from schools.startpage import Item, Section, Urgency, day_label

from . import progress, schedule
from .models import Action, Phase, Placement


def actions(visit):
    """The user's own open actions: overdue ones, and those due in the next two weeks. One query."""
    if visit.role == Role.ADMIN:
        return None
    rows = list(
        access.actions(visit.user, visit.school)
        .filter(owner=visit.user, done=False, due_date__lte=visit.ahead)
        .select_related("meeting")
        .order_by("due_date", "id")
    )
    if not rows and visit.role == Role.MANAGEMENT:
        return None  # management rarely owns actions: no empty section for them
    overdue = sum(1 for action in rows if action.due_date < visit.today)
    coming = len(rows) - overdue
    section = Section(
        "actions",
        _("Mijn acties"),
        empty_text=_("Je hebt geen acties die over tijd zijn of de komende twee weken klaar moeten zijn."),
        more_url=reverse("groupplans:action_list"),
        more_text=_("Alle acties"),
        order=10,
    )
    if rows:
        section.summary = compose("groupplans/sentences/start_actions.txt", overdue=overdue, coming=coming)
    for action in rows:
        late = action.due_date < visit.today
        section.items.append(
            Item(
                action.text,
                reverse("groupplans:action_list"),
                action.due_date,
                Urgency.OVERDUE if late else Urgency.SOON,
                note=_("uit de %(meeting)s van %(date)s")
                % {
                    "meeting": action.meeting.get_kind_display(),
                    "date": day_label(action.meeting.date),
                },
            )
        )
    return section.limit()


def _current_plans(visit):
    """The current plans (one per group and subject) of this school year the user may read. One query."""
    year = visit.current_year
    if year is None:
        return []
    plans = list(
        access.plans(visit.user, visit.school)
        .filter(group__school_year=year)
        .select_related("period", "group", "subject")
        .order_by("group__year_level_low", "group__name", "subject__order", "pk")
    )
    return progress.current_plans(plans, visit.today)


def plans(visit):
    """Plans behind schedule (the rule of groupplans.progress) and, for a teacher, phases to close in the
    next two weeks. Teacher: her groups; coordinator: the school; management: her reach."""
    if visit.role not in (Role.TEACHER, Role.COORDINATOR, Role.MANAGEMENT):
        return None
    section = Section(
        "plans",
        _("Groepsplannen die achterlopen") if visit.role != Role.TEACHER else _("Groepsplannen van mijn groepen"),
        empty_text=_("Geen groepsplan loopt achter op schema."),
        more_url=reverse("groupplans:plan_overview"),
        more_text=_("Overzicht van de groepsplannen"),
        order=20,
    )
    behind, due = [], []
    for plan in _current_plans(visit):
        state = progress.progress(plan, visit.today)
        context = {
            "subject": plan.subject.name,
            "group": plan.group.name,
            "phase": plan.get_phase_display(),
        }
        url = reverse("groupplans:plan_phase", args=[plan.pk, plan.phase])
        if state.behind:
            text = compose(
                "groupplans/sentences/start_plan_behind.txt",
                deadline=state.deadline_percent,
                passed=state.percent,
                **context,
            )
            behind.append(Item(text, url, progress.day_at_share(plan.period, state.deadline), Urgency.OVERDUE))
        elif visit.role == Role.TEACHER and state.deadline is not None and plan.phase != Phase.DONE:
            day = progress.day_at_share(plan.period, state.deadline)
            if day <= visit.ahead:
                text = compose("groupplans/sentences/start_plan_due.txt", date=day_label(day), **context)
                due.append(Item(text, url, day, Urgency.SOON))
    section.items = behind + due
    if visit.role == Role.TEACHER:
        section.empty_text = _("Je groepsplannen lopen op schema; geen fase hoeft de komende twee weken af.")
    return section.limit()


def overdue_by_person(visit):
    """The coordinator: who has actions over time, and how many. One query."""
    if visit.role != Role.COORDINATOR:
        return None
    rows = (
        Action.objects.filter(meeting__school=visit.school, done=False, due_date__lt=visit.today)
        .values("owner", "owner__first_name", "owner__last_name", "owner__username")
        .annotate(count=Count("pk"), oldest=Min("due_date"))
        .order_by("-count", "oldest", "owner__last_name")
    )
    section = Section(
        "overdue_by_person",
        _("Acties over tijd, per persoon"),
        empty_text=_("Niemand in de school heeft een actie die over tijd is."),
        more_url=reverse("groupplans:action_list"),
        more_text=_("Alle acties"),
        order=40,
    )
    for row in rows:
        name = f"{row['owner__first_name']} {row['owner__last_name']}".strip() or row["owner__username"]
        text = compose(
            "groupplans/sentences/start_person_overdue.txt",
            name=name,
            count=row["count"],
            oldest=day_label(row["oldest"]),
        )
        url = f"{reverse('groupplans:action_list')}?eigenaar={row['owner']}"
        section.items.append(Item(text, url, row["oldest"], Urgency.OVERDUE))
    return section.limit()


def remedial_sessions(visit):
    """The remedial teacher: the instruction groups of the current plans that hold her pupils, on the days
    of the week schedule (groupplans.schedule). Two queries."""
    if visit.role != Role.REMEDIAL:
        return None
    current = {plan.pk: plan for plan in _current_plans(visit)}
    section = Section(
        "sessions",
        _("Mijn lessen deze week"),
        empty_text=_("In de groepsplannen van deze periode staat geen instructiegroep op jouw naam."),
        order=15,
    )
    mine = access.pupils(visit.user, visit.school).values("pk")
    user = visit.user
    # "Who gives it" is free text: her name, or her role ("remedial teacher", "RT").
    by_her = Q(instruction_group__who__icontains="remedial") | Q(instruction_group__who__iexact="rt")
    by_her |= Q(instruction_group__who__istartswith="rt ") | Q(instruction_group__who__icontains=" rt")
    for name in {user.get_full_name(), user.last_name, user.username}:
        if len(name) >= 4:  # a short username ("rt") would match any word
            by_her |= Q(instruction_group__who__icontains=name)
    counted = (
        Placement.objects.filter(by_her, plan_id__in=list(current), pupil__in=mine)
        .values(
            "instruction_group",
            "instruction_group__plan",
            "instruction_group__order",
            "instruction_group__name",
            "instruction_group__times_per_week",
            "instruction_group__minutes",
        )
        .annotate(pupils=Count("pupil", distinct=True))
        .order_by("instruction_group__plan", "instruction_group__order", "instruction_group")
    )
    names = [str(name) for name, _short in schedule.WEEKDAYS]
    for row in counted:
        plan = current[row["instruction_group__plan"]]
        times = row["instruction_group__times_per_week"] or 0
        days = sorted(set(schedule.spread(times)))
        day_names = _join([names[index] for index in days])
        text = compose(
            "groupplans/sentences/start_session.txt",
            name=row["instruction_group__name"],
            group=plan.group.name,
            times=times,
            days=day_names,
            minutes=row["instruction_group__minutes"],
            pupils=row["pupils"],
        )
        url = reverse("groupplans:plan_phase", args=[plan.pk, Phase.REALISE])
        section.items.append(Item(text, url, None, Urgency.INFO, note=f"{plan.subject.name} · {plan.period.name}"))
    return section.limit()


def _join(words):
    """Dutch enumeration: "dinsdag en donderdag", "maandag, woensdag en vrijdag"."""
    if len(words) < 2:
        return "".join(words)
    return _("%(first)s en %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


PROVIDERS = [actions, plans, overdue_by_person, remedial_sessions]
