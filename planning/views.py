from django.db import connection
from django.http import JsonResponse
from django.views.generic import TemplateView

from missions.models import Mission


class HomeView(TemplateView):
    """The landing page: what the workbench is and, for a signed-in user, their missions."""

    template_name = "planning/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["missions"] = (
            Mission.objects.restrict(user, "view") if user.is_authenticated else Mission.objects.none()
        )
        return context


def health(request):
    """Liveness and database check for load balancers and the benchmark's trivial view."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok"})
