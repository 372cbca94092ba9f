"""``make vignettes``: run the regression and validation sets on a fresh test database, print both tables,
and write them into docs/clinical-validation.md. Exits non-zero if a target is missed."""

import os
import sys

import django


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twitchguide.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    from tests.vignettes import suite

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_advice_content", verbosity=0)
        sets = {
            suite.VALIDATION: suite.score(suite.run_all(suite.load_validation()), suite.VALIDATION),
            suite.REGRESSION: suite.score(suite.run_all(suite.load_regression()), suite.REGRESSION),
        }
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    text = suite.DOC.read_text(encoding="utf-8")
    for name, scores in sets.items():
        table = suite.report(scores)
        print(f"== {name}\n{table}")
        text = suite.document_with(table, text, name)
    suite.DOC.write_text(text, encoding="utf-8")
    print(f"Wrote both tables into {suite.DOC.relative_to(suite.DOC.parents[1])}.")
    return 0 if all(scores.targets_met for scores in sets.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
