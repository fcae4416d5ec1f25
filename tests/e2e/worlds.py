"""Worlds the browser journeys share."""

import datetime as dt

from frameworks.choices import FrameworkStatus
from tests.frameworks.isf_world import make_world


def endorsed_world(**framework):
    """`make_world` with named people and an endorsed version 1 (two priorities of two results,
    each led by UNDP) to revise: (world, version 1)."""
    world = make_world()
    for user, first, last in (
        (world.planner, "Amina", "Diallo"),
        (world.undp_planner, "Jonas", "Berg"),
        (world.unicef_planner, "Grace", "Mensah"),
    ):
        user.first_name, user.last_name = first, last
        user.save()
    source = world.framework(
        status=FrameworkStatus.ENDORSED,
        endorsed_on=dt.date(2024, 6, 1),
        priorities=2,
        results=2,
        label="Joint Vision",
        **framework,
    )
    return world, source
