"""``ruche seed-demo``: the Medora demo community, and optionally benchmark volumes."""

from __future__ import annotations

from argparse import ArgumentParser

from django.core.management.base import BaseCommand, CommandError

from ruche.accounts.roles import Role
from ruche.demo.data import DEFAULT_MEMBERS, DEMO_LOGINS
from ruche.demo.large_seed import demo_seed_large
from ruche.demo.services import bench_member_count, demo_seed


class Command(BaseCommand):
    help = (
        "Seed the demo community of Medora (members, staff, spaces, a year of activity) and "
        "print the demo logins. --scale large adds benchmark volumes."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument(
            "--members",
            type=int,
            default=DEFAULT_MEMBERS,
            help=f"Generated members besides the demo logins (default {DEFAULT_MEMBERS}).",
        )
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo data first, then seed again."
        )
        parser.add_argument(
            "--scale",
            choices=["normal", "large"],
            default="normal",
            help="large: also add benchmark volumes (50,000 members, 2,000,000 activity rows, "
            "100,000 topics, 1,000,000 replies).",
        )
        parser.add_argument("--large-members", type=int, default=50_000)
        parser.add_argument("--large-activities", type=int, default=2_000_000)
        parser.add_argument(
            "--large-topics", type=int, default=None, help="Forum topics (2 per large member)."
        )
        parser.add_argument(
            "--large-replies", type=int, default=None, help="Forum replies (20 per large member)."
        )

    def handle(self, *args, **options) -> None:
        if options["members"] < 0 or options["large_members"] < 0:
            raise CommandError("Member counts cannot be negative.")
        if options["large_activities"] < 0:
            raise CommandError("The activity count cannot be negative.")
        if (options["large_topics"] or 0) < 0 or (options["large_replies"] or 0) < 0:
            raise CommandError("Topic and reply counts cannot be negative.")
        result = demo_seed(
            seed=options["seed"],
            members=options["members"],
            reset=options["reset"],
            stdout=self.stdout,
        )
        if options["scale"] == "large":
            # Like the normal seed, the large one runs once unless --reset removed it.
            existing = bench_member_count()
            if existing and not result.created:
                self.stdout.write(
                    f"{existing} benchmark members exist already: nothing to add "
                    "(use --reset to start again)."
                )
            else:
                demo_seed_large(
                    members=options["large_members"],
                    activities=options["large_activities"],
                    topics=options["large_topics"],
                    replies=options["large_replies"],
                    seed=options["seed"],
                    stdout=self.stdout,
                )
        self._print_logins()

    def _print_logins(self) -> None:
        rows = [("E-mail", "Role", "Password", "")]
        rows += [
            (login.email, Role(login.role).label, login.password, login.note)
            for login in DEMO_LOGINS
        ]
        widths = [max(len(str(row[column])) for row in rows) for column in range(3)]
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo logins"))
        for index, (email, role, password, note) in enumerate(rows):
            line = (
                f"  {email:<{widths[0]}}  {role!s:<{widths[1]}}  {password:<{widths[2]}}".rstrip()
            )
            if note:
                line += f"  ({note})"
            self.stdout.write(self.style.SUCCESS(line) if index else line)
