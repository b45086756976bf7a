import pytest

from conversations.models import BankQuestion

pytestmark = pytest.mark.django_db


def test_shared_question_bank_uses_singular_wie():
    """Copy review C3: 'wie' takes a singular verb in the shared question bank."""
    texts = set(BankQuestion.objects.filter(school=None).values_list("text", flat=True))
    assert "Wie helpt je als iets lastig is?" in texts
    assert "Wie helpen je als iets lastig is?" not in texts
