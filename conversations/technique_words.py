"""The Dutch words the question technique (``conversations.technique``) reads a question by.

Data, written densely: a word list is one string, split on white space. Add a word where it belongs; the
tests in ``tests/conversations/test_technique.py`` show what each list decides.
"""

# Words an open question starts with (also after a preposition: "met wie", "op welke dag").
QUESTION_WORDS = frozenset(
    """
    wat hoe hoezo wie wiens welk welke waar waarom waardoor waarmee waarover waarvan waaraan waarop waarin
    waarbij waarnaar waartoe waaruit waarvoor waarheen wanneer hoeveel hoelang hoever vanwaar
    """.split()
)

# Finite verbs a closed question starts with: "Heb je ...", "Is het ...", "Zou je ...". Other verbs are
# recognised by the subject that follows them ("Speel je graag buiten?").
CLOSED_VERBS = frozenset(
    """
    ben bent is zijn was waren heb hebt heeft hebben had hadden kun kunt kan kunnen kon konden wil wilt willen
    wou wilde zou zouden zal zullen moet moeten moest mag mogen mocht vind vindt vinden vond vonden weet weten
    wist ga gaat gaan ging gingen doe doet doen deed denk denkt dacht snap snapt begrijp begrijpt merk merkt
    merkte zie ziet zag voel voelt voelde lukt lukte helpt hielp klopt klopte komt kom kwam krijg krijgt kreeg
    word wordt werd blijf blijft hoor hoort houd hou houdt leer leert maak maakt praat zit zat sta staat durf
    durft speel speelt lees leest heet
    """.split()
)

# Subjects after an inverted verb: "Fiets je ...", "Is het ...".
SUBJECTS = frozenset(
    """
    je jij u jullie het er dat dit ze zij hij we wij ik men
    """.split()
)

# Pronouns a statement-with-question-mark opens with: "Je vond het moeilijk?"
STATEMENT_SUBJECTS = frozenset(
    """
    je jij u jullie dat dit ze zij hij het we wij ik
    """.split()
)

# Greetings and forms of address that lead in: "Hoi Sam", "Beste ouders".
GREETINGS = frozenset(
    """
    hoi hallo hey hee hé hai dag goedemorgen goedemiddag goedenavond welkom beste lieve
    """.split()
)

# Words that fill out a question without changing it: "En", "Oké, dus".
FILLERS = frozenset(
    """
    en maar dus oké oke okee ok nou zeg eens goed ja nee trouwens even eh ehm uhm hm oh o ah zo dan tja kijk
    want
    """.split()
)

# Words that open a subordinate clause: "Als je terugdenkt aan vorig jaar, wat ...". "wanneer" only
# with a subject after it: "Wanneer je boos bent, ...".
SUBORDINATORS = frozenset(
    """
    als toen nu omdat terwijl zodra voordat nadat sinds hoewel stel indien zodat wanneer
    """.split()
)

# Prepositions that open a lead-in phrase ("Op een schaal van 0 tot 10") or an open question ("Met wie").
PREPOSITIONS = frozenset(
    """
    aan achter behalve bij buiten door in met na naar naast om onder op over rond sinds tegen tijdens tot uit
    van volgens voor zonder
    """.split()
)

# Imperatives that invite a story: "Vertel eens ...", "Leg eens uit ...", "Noem eens drie dingen ...".
INVITATIONS = frozenset(
    """
    vertel beschrijf leg noem laat
    """.split()
)

# Words that say nothing about what a question is about: left out when a question is matched with the bank.
STOPWORDS = frozenset(
    """
    de het een en of je jij jou jouw u uw jullie ik mij me mijn we wij ons onze hij zij ze zijn haar hem dat dit
    die deze er daar hier in op aan met van voor bij naar over om te tot uit als dan toen nog al wel ook niet
    geen eens nu zo heel erg echt iets wat hoe wie welke welk waar wanneer waarom is was ben bent heb hebt heeft
    had kun kunt kan wil wilt vind vindt vond ga gaat ging doe doet deed weet word wordt zou moet mag hoi hallo
    dag oké dus maar
    """.split()
)

# Tags that make any statement a yes/no question: "Dat was lastig, toch?"
TAGS = {("toch",), ("hè",), ("he",), ("of", "niet"), ("niet", "dan"), ("klopt", "dat"), ("klopt", "het"), ("right",)}

# Alternations for the open rewrites (regular expressions): participles, opinions, how things go, feelings.
PARTICIPLES = (
    "gemerkt|gezien|gehoord|geleerd|ontdekt|gevoeld|gemist|meegemaakt|gedaan|bedacht|beleefd|opgemerkt|"
    "ervaren|gelezen|gemaakt"
)
OPINIONS = (
    "leuk|fijn|moeilijk|makkelijk|gemakkelijk|lastig|spannend|saai|goed|prettig|belangrijk|lekker|mooi|eng|stom|"
    "interessant|zwaar|vervelend|gezellig|nuttig|duidelijk|aardig|lief|streng|rustig|druk|raar|gek|handig|erg|"
    "jammer|zinvol"
)
GOING = "goed|beter|slecht|slechter|lekker|fijn|makkelijk|moeilijk|soepel|prima|oké|ok|minder|vlot"
FEELINGS = "blij|boos|verdrietig|bang|zenuwachtig|moe|gespannen|bezorgd|ongerust|rustig|trots|tevreden|ontevreden"
