"""Print the access matrix as Markdown, or write it to docs/ACCESS.md."""

from pathlib import Path

from django.core.management.base import BaseCommand

from missions.access_matrix import render_markdown


class Command(BaseCommand):
    help = "Render the access matrix (role x object kind x action x framework status) as Markdown."

    def add_arguments(self, parser):
        parser.add_argument("--write", metavar="PATH", help="Write to this file (e.g. docs/ACCESS.md).")
        parser.add_argument("--check", metavar="PATH", help="Fail if this file differs from the matrix.")

    def handle(self, *args, write=None, check=None, **options):
        text = render_markdown()
        if check:
            if Path(check).read_text() != text:
                self.stderr.write(f"{check} is out of date: run manage.py access_matrix --write {check}")
                raise SystemExit(1)
            self.stdout.write(f"{check} is up to date.")
        elif write:
            Path(write).write_text(text)
            self.stdout.write(f"Wrote {write}.")
        else:
            self.stdout.write(text, ending="")
