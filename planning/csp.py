"""The Content-Security-Policy middleware (django-csp) with the one exception third-party pages need.

The browsable API (rest_framework/base.html: the Extra Actions and Filters buttons) and the
admin's history list (django-simple-history's object_history_list.html) carry a few fixed
`style="..."` attributes. Rather than copy those templates, their exact values are allowed, by hash,
in style attributes only and only on HTML pages under their paths ('unsafe-hashes' lets nothing else through:
no script, no <style> element, no other attribute value).
"""

from __future__ import annotations

from csp.constants import UNSAFE_HASHES
from csp.middleware import CSPMiddleware, PolicyParts

STYLE_ATTRIBUTE_HASHES = {
    # "float: right; margin-right: 10px"
    "/api/": ["'sha256-OfgyIBrd+/vP79JdFMYP+re4T+fIenvkrHPD2HZ8/cs='"],
    # "border-top: 0"
    "/admin/": ["'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"],
}


class WorkbenchCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        page = response.get("Content-Type", "").startswith("text/html")
        for prefix, hashes in STYLE_ATTRIBUTE_HASHES.items():
            if page and request.path_info.startswith(prefix):
                parts.update = {**(parts.update or {}), "style-src-attr": [UNSAFE_HASHES, *hashes]}
        return parts
