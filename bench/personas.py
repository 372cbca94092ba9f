"""A person with typical, harmless sleep starts: the answers every persona starts from.

Plain data without Django, shared by the tests (tests/conftest.py), the simulated patients of
``make bench`` (locustfile.py) and its single-URL setup (run.py).
"""

TYPICAL = {
    "age": "25_44",
    "sex": "male",
    "timing": ["falling_asleep"],
    "muscles": ["legs"],
    "frequency": "some_nights",
    "duration": "2_weeks_to_3_months",
    "sleep_impact": "none",
    "daytime_impact": "none",
    "sensations": ["falling"],
    "warning_signs": ["none"],
    "triggers": ["none"],
    "magnesium": ["none"],
    "medicines": "no",
}
