"""The locks say what is installed: every top-level pin of requirements*.txt is in its lock at the
same version, every locked package carries hashes, and both `make` and the Dockerfile install the
lock with --require-hashes (`make lock` rebuilds the locks after a change of pins)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line.startswith("-r "):
            found.update(pins(path.parent / line[3:].strip()))
        elif match := PIN.match(line):
            found[_name(match[1])] = match[2]
    return found


def locked(path: Path) -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes)."""
    entries: dict[str, tuple[str, int]] = {}
    current = None
    for line in path.read_text().splitlines():
        if match := PIN.match(line):
            current = _name(match[1])
            entries[current] = (match[2], 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, hashes = entries[current]
            entries[current] = (version, hashes + 1)
    return entries


@pytest.mark.parametrize(
    "source,lock", [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")]
)
def test_every_pin_is_locked_at_its_version_with_hashes(source, lock):
    wanted, have = pins(ROOT / source), locked(ROOT / lock)
    stale = {
        name: (version, have.get(name, ("missing", 0))[0])
        for name, version in wanted.items()
        if have.get(name, ("",))[0] != version
    }
    assert not stale, f"{lock} is out of date with {source} (pin, locked); run `make lock`: {stale}"
    unhashed = [name for name, (_version, hashes) in have.items() if hashes == 0]
    assert not unhashed, f"locked without a hash: {unhashed}"
    assert len(have) > len(wanted)  # the whole tree, not only the top level


def test_make_and_the_image_install_the_lock_with_hashes():
    assert "--require-hashes -r requirements-dev.lock" in (ROOT / "Makefile").read_text()
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "--require-hashes -r requirements.lock" in dockerfile and "requirements.txt" not in dockerfile


def test_the_lock_reader_sees_a_stale_pin(tmp_path):
    (tmp_path / "r.txt").write_text("Django==5.2.19\n")
    (tmp_path / "r.lock").write_text("django==5.2.18 \\\n    --hash=sha256:00\n")
    assert pins(tmp_path / "r.txt") == {"django": "5.2.19"}
    assert locked(tmp_path / "r.lock") == {"django": ("5.2.18", 1)}
