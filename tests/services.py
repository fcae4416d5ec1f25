"""Find PostgreSQL and Redis for the test suite and print shell exports for them.

Used by `make test`: DATABASE_URL and REDIS_URL are kept when set; otherwise the local servers are
used when they answer on 127.0.0.1. What is missing is said loudly; tests that need it are skipped,
or fail when WORKBENCH_REQUIRE_SERVICES=1 (as in CI).
"""

import os
import shutil
import socket
import sys


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def main() -> None:
    exports = {}
    missing = []
    if not os.environ.get("DATABASE_URL"):
        if reachable("127.0.0.1", 5432):
            exports["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/workbench"
        else:
            missing.append("PostgreSQL (tests run on SQLite; PostgreSQL-only tests are skipped)")
    if not os.environ.get("REDIS_URL"):
        if reachable("127.0.0.1", 6379):
            exports["REDIS_URL"] = "redis://127.0.0.1:6379/15"
        else:
            missing.append("Redis (Celery runs in-process; worker tests are skipped)")
    if not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"):
        missing.append("chromium (browser tests are skipped; apt-get install chromium)")
    for name, value in exports.items():
        print(f"export {name}='{value}'")
    for what in missing:
        print(f"echo '*** SERVICE MISSING: {what}' >&2")


if __name__ == "__main__":
    sys.exit(main())
