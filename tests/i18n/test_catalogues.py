"""Every catalogue in locale/ is complete: no string of the code is missing from it (what
`makemessages` would add), none is untranslated or fuzzy, the placeholders match (msgfmt
--check-format) and the compiled .mo holds what the .po says."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))
# What makemessages reads: the code and the templates, not the tools or the generated files.
SKIP = {".venv", "node_modules", "staticfiles", "media", "media-test", ".git", "locale", "tests", "docs"}


def _key(entry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[tuple[str | None, str]]:
    """The msgids makemessages finds in the code, from a copy of the tree (the real catalogues
    are left as they are)."""
    copy = tmp_path_factory.mktemp("messages") / "tree"
    shutil.copytree(
        ROOT,
        copy,
        symlinks=True,
        ignore=lambda directory, names: [n for n in names if n in SKIP or n.endswith((".pyc", ".sqlite3"))],
    )
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--keep-pot", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        text=True,
    )
    pot = polib.pofile(str(copy / "locale" / "django.pot"))
    return {_key(entry) for entry in pot if entry.msgid}


def test_there_is_a_catalogue_for_every_offered_language_but_english():
    offered = {code for code, _name in settings.LANGUAGES} - {"en"}
    found = {path.parent.parent.name.replace("_", "-").lower() for path in CATALOGUES}
    assert found == offered


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_catalogue_has_every_string_of_the_code(path, extracted):
    catalogue = {_key(entry) for entry in polib.pofile(str(path)) if not entry.obsolete}
    missing = sorted(extracted - catalogue, key=lambda k: k[1])
    assert not missing, f"{len(missing)} strings missing from {path} (run make messages): {missing[:10]}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_catalogue_is_translated_checked_and_compiled(path):
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries() if not entry.obsolete]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries() if not entry.obsolete]
    assert not untranslated, f"{len(untranslated)} untranslated in {path}: {untranslated[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {path}: {fuzzy[:10]}"
    check = subprocess.run(
        ["msgfmt", "--check-format", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    assert "untranslated" not in check.stderr and "fuzzy" not in check.stderr, check.stderr
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(path.with_suffix(".mo")))}
    for entry in catalogue.translated_entries():
        assert (entry.msgctxt, entry.msgid) in compiled, f"{path.with_suffix('.mo')} is older than its .po: compile"
