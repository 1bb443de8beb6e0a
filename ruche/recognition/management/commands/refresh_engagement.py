"""``ruche refresh-engagement``: what time alone changes (inactivity demotions, anniversaries)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ruche.recognition.services import engagement_refresh


class Command(BaseCommand):
    help = "Re-evaluate levels with a window (inactive members lose them) and anniversaries."

    def handle(self, *args, **options) -> None:
        result = engagement_refresh()
        self.stdout.write(
            f"{result['level_changes']} level changes, {result['anniversaries']} anniversaries."
        )
