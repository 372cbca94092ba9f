"""``make vignettes``: run the vignette suite on a fresh test database, print the table, and write it
into docs/clinical-validation.md. Exits non-zero if a target is missed."""

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
        scores = suite.score(suite.run_all())
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    table = suite.report(scores)
    print(table)
    suite.DOC.write_text(suite.document_with(table, suite.DOC.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"Wrote the table into {suite.DOC.relative_to(suite.DOC.parents[1])}.")
    return 0 if scores.targets_met else 1


if __name__ == "__main__":
    sys.exit(main())
