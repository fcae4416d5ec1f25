"""Demo data for the workbench: five real UN presences from public facts (with illustrative detail
flagged as such), one demo user per role, and synthetic missions for volume.

`seed(scale=N)` loads it all idempotently; `python manage.py seed_demo` is the command around it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Model

from planning.demo.facts import DEMO_PASSWORD, DEMO_USERS, anchor

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "anchor", "counted_models", "demo_logins", "row_counts", "seed"]


def seed(*, scale: int = 0, use_copy: bool | None = None, today: dt.date | None = None) -> Counter:
    """Load the demo dataset and `scale` synthetic missions, their reporting ending last month (see
    `facts.anchor`); returns rows created per model."""
    from django.utils import timezone

    from benchmarks.models import MandateReview
    from benchmarks.standing import standings_rebuild
    from planning.demo.loader import DemoLoader
    from planning.demo.reviews import load_reviews
    from planning.demo.synthetic import SyntheticLoader

    today = today or timezone.localdate()
    created = DemoLoader(today=today).load()
    created += __import__("planning.demo.lessons", fromlist=["load"]).load()
    if scale:
        created += SyntheticLoader(use_copy=use_copy, today=today).load(scale)
    # The loaders write updates in bulk, past the services: the kept standings are computed once.
    standings_rebuild(today=today)
    created[MandateReview] += load_reviews()  # after the standings: the snapshots read them
    return created


def counted_models() -> list[type[Model]]:
    """Users and every table of missions, frameworks and benchmarks (history and m2m tables too)."""
    models = [get_user_model()]
    for label in ("missions", "frameworks", "benchmarks"):
        models += sorted(
            apps.get_app_config(label).get_models(include_auto_created=True), key=lambda m: m._meta.db_table
        )
    return models


def row_counts() -> dict[str, int]:
    """Rows per table, for the tables that exist in the database (a model may await its migration)."""
    tables = set(connection.introspection.table_names())
    return {m._meta.db_table: m._default_manager.count() for m in counted_models() if m._meta.db_table in tables}


def demo_logins() -> list[dict[str, str]]:
    """The demo logins with role, entity and the missions their memberships cover (synthetic ones
    counted, not listed), as the command prints them."""
    from missions.choices import Role
    from missions.models import Mission

    rows = []
    for username, _first, _last, role, entity, acronyms, superuser in DEMO_USERS:
        covered = set(
            Mission.objects.filter(
                memberships__user__username=username, memberships__role=role, memberships__entity__code=entity
            ).values_list("acronym", flat=True)
        )
        synthetic = sum(1 for acronym in covered if acronym.startswith("SYN"))
        missions = ", ".join(a for a in acronyms if a in covered)
        if synthetic:
            missions += f" + {synthetic} synthetic"
        rows.append(
            {
                "username": username,
                "role": str(Role(role).label) + (" (superuser)" if superuser else ""),
                "entity": entity,
                "missions": "all (superuser)" if superuser else missions or "none",
            }
        )
    return rows
