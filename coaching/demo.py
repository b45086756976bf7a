"""The seed's coaching trajectory: the coordinator coaches the teacher of group 8 on
the director's mandate after four years of low final-test results. The relationship
drifts to non-committal when agreements are not kept, a personal letter restarts it,
and the teacher rates himself a 7, with planning and classroom organisation as his
way to an 8. All text written for this demo; dates follow the current school year."""

import datetime

from core import history

from .models import (
    Agreement,
    ClassroomVisit,
    GoalOwner,
    Letter,
    Reflection,
    RelationshipAssessment,
    Session,
    SolutionSource,
    SupportNeed,
    Trajectory,
)

LEARNED = [
    "Met een weekplanning weet ik op maandag al wat de week vraagt.",
    "Een jaarplanning laat me zien welke stof ik niet mag overslaan.",
    "Open vragen (wat, hoe) leveren meer op dan gesloten vragen.",
    "Kleine stappen afspreken werkt beter dan grote voornemens.",
    "Als ik een afspraak niet haal, zeg ik dat meteen.",
    "Complimenten aan kinderen geven rust in de groep.",
    "Instructie aan een klein groepje terwijl de rest zelfstandig werkt, kan echt.",
    "Toetsgegevens vertellen me welke kinderen extra uitleg nodig hebben.",
    "Om hulp vragen is geen zwakte maar een manier om beter te worden.",
]


def extend(demo):
    from schools.demo import MAIN_SCHOOL

    school = demo.schools[MAIN_SCHOOL]
    coach, coachee, director = demo.users["ib"], demo.users["leerkracht8"], demo.users["directeur"]
    start = demo.years[MAIN_SCHOOL][-1].start_date
    day = lambda n: start + datetime.timedelta(days=n)  # noqa: E731

    trajectory = history.save(
        Trajectory(
            school=school,
            coach=coach,
            coachee=coachee,
            start_date=day(14),
            status=Trajectory.Status.ACTIVE,
            origin=Trajectory.Origin.MANAGEMENT_MANDATE,
            mandate_given_by=director,
            mandate_given_on=day(7),
            mandate_scope="Begeleiding van de leerkracht van groep 8 na vier jaar lage eindtoetsresultaten.",
            coachee_agreed_on=day(28),
            goal="mijn lessen goed gepland zijn met een jaar- en weekplanning, zodat groep 8 betere resultaten "
            "haalt op de doorstroomtoets.",
            can_already="goed contact maken met de kinderen en een rustige sfeer in de groep houden.",
            also_need="hulp bij het plannen van de stof over het jaar en bij het werken met instructiegroepjes.",
        ),
        coach,
    )
    for kind, text in [
        (SupportNeed.Kind.SKILLS, "een week- en jaarplanning te maken en bij te houden"),
        (SupportNeed.Kind.COORDINATOR, "met mij de toetsgegevens van de groep analyseert"),
        (SupportNeed.Kind.SUPPORT_BY, "feedback te geven na een klassenbezoek"),
    ]:
        history.save(SupportNeed(trajectory=trajectory, kind=kind, text=text), coach)

    def assess(n, problem, request, workable, resources, note):
        history.save(
            RelationshipAssessment(
                trajectory=trajectory,
                date=day(n),
                is_problem=problem,
                asks_for_help=request,
                request_workable=workable,
                own_resources=resources,
                note=note,
            ),
            coach,
        )

    def session(n, owner, source, scaling, higher, notes, compliments="", moments=""):
        return history.save(
            Session(
                trajectory=trajectory,
                date=day(n),
                goal_owner=owner,
                solution_source=source,
                scaling=scaling,
                one_point_higher=higher,
                notes=notes,
                compliments=compliments,
                learning_moments=moments,
            ),
            coach,
        )

    assess(14, True, True, False, None, "Hij wil 'dat het beter gaat', maar weet nog niet wat hij anders wil.")
    first = session(
        14,
        GoalOwner.ORGANISATION,
        SolutionSource.INTERNAL,
        5,
        "Ik weet op maandag wat ik deze week ga doen.",
        "Kennismaking en het mandaat van de directie besproken. Hij voelt zich aangesproken op de resultaten.",
        compliments="Je kent je leerlingen goed en ze voelen zich veilig bij je.",
    )
    agreement = history.save(
        Agreement(
            trajectory=trajectory,
            session=first,
            text="Een weekplanning maken voor de komende week.",
            owner=Agreement.Owner.COACHEE,
            due_date=day(21),
        ),
        coach,
    )
    second = session(
        28,
        GoalOwner.ORGANISATION,
        SolutionSource.EXTERNAL,
        6,
        "Ook de rekenlessen staan in de planning.",
        "Samen een voorbeeld van een weekplanning bekeken. Hij stemde in met de coaching.",
    )
    agreement.follow_up, agreement.checked_in = Agreement.FollowUp.KEPT, second
    history.save(agreement, coach)
    late = history.save(
        Agreement(
            trajectory=trajectory,
            session=second,
            text="Een jaarplanning voor rekenen opstellen.",
            owner=Agreement.Owner.COACHEE,
            due_date=day(42),
        ),
        coach,
    )
    third = session(
        49,
        GoalOwner.ORGANISATION,
        SolutionSource.EXTERNAL,
        6,
        "Ik houd me aan de afspraken die ik maak.",
        "De jaarplanning is er niet. Hij houdt het gesprek kort en vraagt weinig.",
    )
    late.follow_up, late.checked_in = Agreement.FollowUp.NOT_KEPT, third
    history.save(late, coach)
    assess(49, True, False, None, None, "Afspraken worden niet nagekomen; er is geen eigen hulpvraag meer.")
    history.save(
        Letter(
            trajectory=trajectory,
            date=day(52),
            compliments="Ik zie hoe rustig en veilig je groep is en hoeveel vertrouwen de kinderen in je hebben.",
            view_of_situation="Je hebt het druk en de coaching voelt misschien als iets dat van bovenaf komt.",
            perceived_need="Ik denk dat je vooral tijd en een eenvoudige manier van plannen nodig hebt.",
            coach_role="Ik ben er niet om je te beoordelen, maar om met je mee te denken.",
            offer="Ik bied aan om samen één week voor te bereiden en daarna in je klas te komen kijken.",
        ),
        coach,
    )
    fourth = session(
        63,
        GoalOwner.COACHEE,
        SolutionSource.INTERNAL,
        7,
        "Een 8 is: mijn planning en de organisatie in de klas lopen zonder dat ik elke dag improviseer.",
        "Na de brief kwam hij zelf met een vraag over instructiegroepjes. Samen een week voorbereid.",
        compliments="Je hebt zelf de eerste stap gezet; dat is knap.",
        moments="Een weekplanning geeft me rust in plaats van extra werk.\nOpen vragen leveren meer op.",
    )
    assess(63, True, True, True, True, "Hij heeft een eigen, werkbare vraag en zet zijn eigen kracht in.")
    history.save(
        Agreement(
            trajectory=trajectory,
            session=fourth,
            text="Volgende week instructie in drie groepjes geven.",
            owner=Agreement.Owner.COACHEE,
            due_date=day(70),
        ),
        coach,
    )
    for n, focus, observed, feedback in [
        (
            56,
            ClassroomVisit.Focus.CLASSROOM_MANAGEMENT,
            "Lange klassikale instructie; een deel van de groep haakt af.",
            "Probeer een korte instructie en daarna een groepje aan de instructietafel.",
        ),
        (
            70,
            ClassroomVisit.Focus.INSTRUCTION,
            "Drie instructiegroepjes; de zwakkere rekenaars krijgen verlengde instructie.",
            "Compliment voor de duidelijke start; let op de tijd per groepje.",
        ),
    ]:
        history.save(
            ClassroomVisit(trajectory=trajectory, date=day(n), focus=focus, observations=observed, feedback=feedback),
            coach,
        )
    for n, text in enumerate(LEARNED):
        history.save(
            Reflection(
                trajectory=trajectory, author=coachee, kind=Reflection.Kind.LEARNED, date=day(63 + n), text=text
            ),
            coachee,
        )
    history.save(
        Reflection(
            trajectory=trajectory,
            author=coachee,
            kind=Reflection.Kind.REFLECTION,
            date=day(64),
            text="Ik merk dat ik meer overzicht heb sinds ik op vrijdag de week voorbereid.",
        ),
        coachee,
    )
