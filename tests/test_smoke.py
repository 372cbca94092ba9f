from tests.conftest import TYPICAL
from triage.models import Assessment


def test_typical_run(patient, advice_content):
    page = patient.complete(TYPICAL)
    assert page.status_code == 200
    assert Assessment.objects.count() == 1
