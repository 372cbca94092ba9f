"""A person with typical, harmless sleep starts: the answers every persona starts from.

Plain data without Django. The tests use it (tests/conftest.py), and so does ``make bench``
(bench/personas.py reads it from here: the tests never depend on bench/). Questions that are not
asked of a person (the pregnancy question after 64, the follow-ups) are simply never read.
"""

TYPICAL = {
    "age": "25_44",
    "emergency": ["none"],
    "same_day": ["none"],
    "spreading": ["none"],
    "head_injury": ["none"],
    "pregnancy": ["neither"],
    "pregnancy_signs": ["none"],
    "medicine_signs": ["none"],
    "timing": ["falling_asleep"],
    "muscles": ["legs"],
    "character": ["flicker"],
    "awake_duration": "under_2_weeks",
    "night_movements": ["single_jerks"],
    "strength": "wakes",
    "frequency": "some_nights",
    "duration": "2_weeks_to_3_months",
    "onset": "gradual",
    "course": "comes_and_goes",
    "with_it": ["falling_flash_bang"],
    "restless_legs": ["none"],
    "sleep": ["none"],
    "health": ["none"],
    "medication": ["none"],
    "family": ["none"],
    "triggers": ["none"],
}
