"""The ``ruche`` command: Django's manage.py, with dashed sub-command names (``seed-demo``)."""

import os
import sys

from django.core.management import execute_from_command_line


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruche.settings")
    argv = list(sys.argv)
    argv[0] = "ruche"
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
