"""The demo's retention: nothing is erased (the progress report keeps its three past cohorts), but the
Bewaartermijnen page and ``retention --dry-run`` show what is due: the dossiers of the group 8 that left
more than two years ago. One of those pupils is under a legal hold, for a complaint that is still running."""

from pupils.models import Pupil
from schools.demo import MAIN_SCHOOL

from .models import LegalHold
from .services.retention import add_months

HOLD_REASON = (
    "De ouders hebben een klacht ingediend bij de landelijke klachtencommissie over de begeleiding in groep 8. "
    "Het dossier blijft bewaard tot de commissie uitspraak heeft gedaan."
)


def extend(demo):
    # The oldest cohort that left: their group-8 year is the first of the demo's school years.
    left = demo.years[MAIN_SCHOOL][0].end_date
    pupil = Pupil.objects.filter(school=demo.schools[MAIN_SCHOOL], date_out=left).order_by("pk").first()
    if pupil is None:
        return
    LegalHold.objects.create(
        pupil=pupil, until=add_months(demo.today, 7), reason=HOLD_REASON, created_by=demo.users["ib"]
    )
