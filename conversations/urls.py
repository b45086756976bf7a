from django.urls import path

from .views import conversations, outcomes, rounds

app_name = "conversations"

urlpatterns = [
    # One conversation about one pupil (views/conversations.py).
    path("gesprekken/", conversations.conversation_list, name="conversation_list"),
    path("leerlingen/<int:pk>/gesprekken/", conversations.pupil_conversations, name="pupil_conversations"),
    path("leerlingen/<int:pk>/gesprekken/nieuw/", conversations.conversation_create, name="conversation_create"),
    path("gesprekken/<int:pk>/", conversations.conversation_detail, name="conversation_detail"),
    path("gesprekken/<int:pk>/wijzigen/", conversations.conversation_edit, name="conversation_edit"),
    path("gesprekken/<int:pk>/aantekeningen/", conversations.notes_edit, name="notes_edit"),
    path("gesprekken/<int:pk>/vergelijken/", conversations.notes_compare, name="notes_compare"),
    path("gesprekken/<int:pk>/pdf/", conversations.conversation_pdf, name="conversation_pdf"),
    # What came out of it: scaling answers, question technique, needs and agreements (views/outcomes.py).
    path("gesprekken/<int:pk>/schaalvragen/", outcomes.scale_answers, name="scale_answers"),
    path("gesprekken/<int:pk>/vragen/", outcomes.questions, name="questions"),
    path("gesprekken/<int:pk>/uitkomsten/", outcomes.outcomes, name="outcomes"),
    path("vragenbank/", outcomes.question_bank, name="question_bank"),
    # Rounds of conversations for a group (views/rounds.py).
    path("gespreksrondes/", rounds.round_list, name="round_list"),
    path("gespreksrondes/nieuw/", rounds.round_create, name="round_create"),
    path("gespreksrondes/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("gespreksrondes/<int:pk>/wijzigen/", rounds.round_edit, name="round_edit"),
    path("gespreksrondes/<int:pk>/plannen/", rounds.round_schedule, name="round_schedule"),
    path("gespreksrondes/<int:pk>/brieven/", rounds.round_letters, name="round_letters"),
    path("gespreksrondes/<int:pk>/samenvatting/", rounds.round_summary, name="round_summary"),
    path("gesprekken/<int:pk>/verplaatsen/", rounds.slot_move, name="slot_move"),
]
