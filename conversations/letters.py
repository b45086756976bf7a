"""The invitation letters of a round: one letter per family (brothers and sisters share one), with each
child's time, who will be there, where (the round's room and the school's address) and how to reach the
school. The view renders them as ONE PDF (core.pdf). The letter's composed sentences come from
``conversations/templates/conversations/sentences/letter_*.txt`` (core.sentences)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.sentences import compose
from schools.models import Membership


def roles(school, users):
    """{user pk: role label at ``school``} in one query."""
    members = Membership.objects.filter(school=school, user__in=[u.pk for u in users]).select_related("user")
    return {member.user_id: member.role_label for member in members}


def join_names(names):
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s en %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def staff_sentence(people, pupil=""):
    """'Bij het gesprek zijn Jan de Vries (leerkracht) en Ria Bos (intern begeleider).' ``people`` is
    [(name, role)]; ``pupil`` the child's first name when the child is invited."""
    names = join_names(f"{name} ({role})" if role else name for name, role in people)
    return compose("conversations/sentences/letter_staff.txt", names=names, count=len(people), pupil=pupil)


def letters(round_, conversations, roles):
    """One letter per family (siblings share one): the pupils, their slots and who will be there."""
    families = {}
    order = []
    for conversation in conversations:
        key = conversation.pupil.family.strip() or f"pupil-{conversation.pupil_id}"
        if key not in families:
            families[key] = []
            order.append(key)
        families[key].append(conversation)
    school = round_.group.school_year.school
    signer = round_.leader or (conversations[0].leader if conversations else None)
    result = []
    for key in order:
        items = []
        for conversation in families[key]:
            local = timezone.localtime(conversation.starts_at)
            people = list(conversation.staff.all())
            if conversation.leader and conversation.leader not in people:
                people.insert(0, conversation.leader)
            items.append(
                {
                    "pupil": conversation.pupil,
                    "date": local.date(),
                    "time": local.time(),
                    "ends": timezone.localtime(conversation.ends_at).time(),
                    "minutes": conversation.duration_minutes,
                    "staff": [(str(user), roles.get(user.pk, "")) for user in people],
                    "staff_sentence": staff_sentence(
                        [(str(user), roles.get(user.pk, "")) for user in people],
                        conversation.pupil.first_name if round_.pupil_invited else "",
                    ),
                }
            )
        result.append(
            {
                "names": join_names(item["pupil"].full_name for item in items),
                "items": items,
                "school": school,
                "signer": signer,
                "signer_role": roles.get(signer.pk, "") if signer else "",
                "where": compose(
                    "conversations/sentences/letter_where.txt",
                    count=len(items),
                    location=round_.location.strip().rstrip("."),
                    school=school.name,
                    address=school.address.strip(),
                    postcode=school.postcode.strip(),
                    city=school.city.strip(),
                ),
                "contact": compose("conversations/sentences/letter_contact.txt", count=len(items), phone=school.phone),
            }
        )
    return result
