"""``ruche recompute-engagement``: rebuild points, levels and badges from the ledger alone."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ruche.recognition.services import engagement_recompute


class Command(BaseCommand):
    help = (
        "Rebuild every member's points, scores, level, rule badges and challenge completions "
        "from the activity ledger (hand-granted badges are kept)."
    )

    def handle(self, *args, **options) -> None:
        result = engagement_recompute()
        self.stdout.write(
            self.style.SUCCESS(
                f"Recomputed {result.members} members from {result.ledger_rows} ledger rows: "
                f"{result.credits} credits, {result.scores} scores, {result.badges} badges "
                f"in {result.seconds:.1f} s."
            )
        )
