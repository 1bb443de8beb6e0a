from django.core.management.base import BaseCommand

from ruche.forum.services import escalate_unanswered


class Command(BaseCommand):
    help = "Escalate questions left unanswered past RUCHE_ESCALATION_DELAY_HOURS (for cron)."

    def handle(self, *args, **options) -> None:
        count = escalate_unanswered()
        self.stdout.write(f"{count} question(s) escalated to support.")
