#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twitchguide.settings")
    # Commands (migrations, the daily purge) may run statements longer than a patient should wait
    # for: no statement timeout for them unless asked (settings.DATABASE_STATEMENT_TIMEOUT).
    os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "0")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
