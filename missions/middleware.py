"""Request middleware of the access layer."""

from missions.access import rights_read_once


class RightsReadOnceMiddleware:
    """Each request reads a user's mission permissions at most once (missions.access)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with rights_read_once():
            return self.get_response(request)
