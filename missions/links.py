"""Links that leave the site: e-mails carry absolute addresses, built from WORKBENCH_SITE_URL."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` (from `reverse`) on the site's public address (settings WORKBENCH["SITE_URL"])."""
    if path.startswith(("http://", "https://")):
        return path
    base = settings.WORKBENCH.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    return f"{base}/{path.lstrip('/')}"
