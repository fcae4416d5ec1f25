"""`python manage.py seed_demo [--scale N]`: load the demo data, idempotently, and print what is there."""

import time

from django.core.management.base import BaseCommand, CommandError

from planning.demo import DEMO_PASSWORD, demo_logins, row_counts, seed


class Command(BaseCommand):
    help = (
        "Load the demo data: five real UN presences (UNIPSIL, BINUB, UNMIL, UNMISS, UNSMIL) from public facts "
        "with illustrative detail, and one demo user per role. With --scale N, also N synthetic missions "
        "(SYN001...) of 200 indicators with monthly updates each. Safe to run again: existing rows are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help="Add N synthetic missions (existing ones are skipped). 50 gives 10,000 indicators and over "
            "a million progress updates.",
        )
        parser.add_argument(
            "--no-copy",
            action="store_true",
            help="Write synthetic progress updates with plain INSERTs instead of COPY on PostgreSQL (slower).",
        )

    def handle(self, *args, scale: int, no_copy: bool, **options):
        if scale < 0:
            raise CommandError("--scale must be 0 or more.")
        started = time.monotonic()
        before = row_counts()
        seed(scale=scale, use_copy=False if no_copy else None)
        after = row_counts()
        elapsed = time.monotonic() - started

        width = max(len(name) for name in after)
        self.stdout.write(f"\n{'table':<{width}}  {'rows':>10}  {'new':>10}")
        for table, rows in after.items():
            self.stdout.write(f"{table:<{width}}  {rows:>10,}  {rows - before.get(table, 0):>10,}")
        self.stdout.write(
            f"{'total':<{width}}  {sum(after.values()):>10,}  {sum(after.values()) - sum(before.values()):>10,}"
        )
        self.stdout.write(self.style.SUCCESS(f"\nDemo data ready in {elapsed:.1f} s (scale {scale})."))

        logins = demo_logins()
        columns = ["username", "role", "entity", "missions"]
        widths = {c: max(len(c), *(len(row[c]) for row in logins)) for c in columns}
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        self.stdout.write("  ".join(c.ljust(widths[c]) for c in columns))
        self.stdout.write("  ".join("-" * widths[c] for c in columns))
        for row in logins:
            self.stdout.write("  ".join(row[c].ljust(widths[c]) for c in columns))
