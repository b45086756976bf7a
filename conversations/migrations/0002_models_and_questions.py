"""Two conversation models with their steps and a starting question bank, written for this product.
Coordinators add their school's own questions in the app; these rows belong to no school."""

from django.db import migrations

CAUFFMAN = {
    "code": "cauffman",
    "name": "Zeven stappen (Cauffman)",
    "description": "Oplossingsgericht gesprek in zeven stappen: van contact naar toekomst.",
    "closing_question": "Hoe nuttig was dit gesprek voor jou, van 0 tot 10?",
    "is_default": True,
    "steps": [
        (
            "Contact leggen",
            "Begin klein en persoonlijk. Laat merken dat je het kind en de ouders ziet, voordat het over school gaat.",
            [
                "Hoe was de vakantie voor jullie?",
                "Waar heb je deze week het meest van genoten?",
                "Wat doe je het liefst als je vrij bent?",
            ],
        ),
        (
            "Context verhelderen",
            "Breng in kaart hoe het nu gaat en wie erbij horen. Een kind is nooit zijn probleem: vraag naar de situatie.",
            [
                "Wat gaat er op dit moment goed op school?",
                "Wie helpen je als iets lastig is?",
                "Hoe zien jullie het komende jaar voor je?",
            ],
        ),
        (
            "Doelen stellen",
            "Laat het kind en de ouders zelf kiezen waar het over moet gaan. Het doel is van hen, niet van de school.",
            [
                "Wat moet er vandaag besproken worden zodat dit gesprek nuttig voor je is?",
                "Wat wil je aan het eind van dit jaar kunnen?",
                "Waaraan merk je straks dat het beter gaat?",
            ],
        ),
        (
            "Krachtbronnen benutten",
            "Zoek naar uitzonderingen: momenten waarop het al lukt. Daar zitten de hulpbronnen.",
            [
                "Wanneer lukt het al een beetje?",
                "Wat deed je anders op die dag dat het goed ging?",
                "Wie of wat helpt je daarbij?",
            ],
        ),
        (
            "Complimenten geven",
            "Benoem wat je hoort aan doelen, inzet en hulpbronnen. Een compliment is concreet en gemeend.",
            [
                "Hoe heb je dat voor elkaar gekregen?",
                "Wat zegt het over jou dat je dat toch hebt volgehouden?",
            ],
        ),
        (
            "Differentiëren",
            "Breng nuances aan met een schaalvraag: waar sta je nu, wat is er anders op een punt hoger?",
            [
                "Op een schaal van 0 tot 10, waar sta je nu met lezen?",
                "Wat is er anders als je een punt hoger staat?",
                "Wat heb je nodig van de juf of meester om een stapje verder te komen?",
            ],
        ),
        (
            "Toekomstgericht werken",
            "Kijk vooruit. Stel de wondervraag of vraag naar de eerste kleine stap.",
            [
                "Stel dat er vannacht een wonder gebeurt en het gaat goed op school: wat merk je morgen als eerste?",
                "Wat is de eerstvolgende kleine stap?",
                "Wat spreken we af, en wanneer kijken we samen hoe het ging?",
            ],
        ),
    ],
}

DELFOS = {
    "code": "delfos",
    "name": "Vijf fasen (Delfos)",
    "description": "Gesprek met kinderen in vijf fasen: voorbereiden, inleiden, openingsvraag, kern en afsluiten.",
    "closing_question": "Hoe nuttig vond je dit gesprek, van 0 tot 10?",
    "is_default": False,
    "steps": [
        (
            "Voorbereiding",
            "Kies een rustige plek en genoeg tijd. Bedenk wat je wilt weten en wat het kind al weet.",
            ["Wat weet ik al van dit kind, en wat wil ik vandaag van hem horen?"],
        ),
        (
            "Inleiding",
            "Vertel waarom jullie praten, hoe lang het duurt en wat er met het gesprek gebeurt.",
            ["Weet je waarom we vandaag samen praten?", "Hoe is het om hier met mij te zitten?"],
        ),
        (
            "Openingsvraag",
            "Eén open vraag die het kind uitnodigt om te vertellen. Vermijd een vraag die met ja of nee te beantwoorden is.",
            ["Wat vind je van de eerste weken in deze groep?", "Hoe gaat het met rekenen de laatste tijd?"],
        ),
        (
            "Kern",
            "Volg het kind: vat samen, vraag door, laat stiltes vallen. Waarom-vragen voelen snel als een verwijt.",
            ["Wat gebeurde er toen?", "Hoe kwam het dat het die keer wel lukte?", "Welke les vind je het fijnst?"],
        ),
        (
            "Afsluiting",
            "Vat samen wat je gehoord hebt en vertel wat je ermee gaat doen. Eindig positief.",
            ["Wat wil je nog kwijt voordat we stoppen?", "Wat neem je mee uit dit gesprek?"],
        ),
    ],
}


def forwards(apps, schema_editor):
    ConversationModel = apps.get_model("conversations", "ConversationModel")
    Step = apps.get_model("conversations", "Step")
    BankQuestion = apps.get_model("conversations", "BankQuestion")
    for spec in (CAUFFMAN, DELFOS):
        model, _created = ConversationModel.objects.get_or_create(
            code=spec["code"],
            defaults={key: spec[key] for key in ("name", "description", "closing_question", "is_default")},
        )
        for order, (title, guide, questions) in enumerate(spec["steps"], start=1):
            step, _created = Step.objects.get_or_create(
                model=model, order=order, defaults={"title": title, "guide": guide}
            )
            for text in questions:
                BankQuestion.objects.get_or_create(step=step, text=text, school=None)


class Migration(migrations.Migration):
    dependencies = [("conversations", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
