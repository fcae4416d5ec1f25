"""Give a user a role for an entity on missions, or take it back, from scripts:

    python manage.py grant_membership USERNAME --entity UNDP --role agency_planner --missions UNMIL UNMISS
    python manage.py grant_membership USERNAME --entity UNDP --role agency_planner --missions UNMIL --revoke
    python manage.py grant_membership USERNAME --entity UNDP --role agency_planner --revoke   (deactivates)

Goes through the same services and permission sync as the admin.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from missions.access import covers, sync_user_permissions
from missions.choices import Role
from missions.models import Entity, Mission, MissionUserObjectPermission
from missions.services import membership_grant, membership_revoke


class Command(BaseCommand):
    help = "Grant (or with --revoke take back) a membership: user, entity, role, missions."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--entity", required=True, help="Entity code, e.g. UNDP.")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--missions", nargs="*", default=[], metavar="ACRONYM")
        parser.add_argument(
            "--revoke",
            action="store_true",
            help="Remove the missions from the membership, or deactivate it when no missions are given.",
        )

    def handle(self, *args, username, entity, role, missions, revoke, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        entity_obj = Entity.objects.filter(code=entity).first()
        if entity_obj is None:
            raise CommandError(f"No entity with code {entity!r}.")
        found = {m.acronym: m for m in Mission.objects.filter(acronym__in=missions)}
        unknown = sorted(set(missions) - set(found))
        if unknown:
            raise CommandError(f"No mission {', '.join(unknown)}.")
        mission_list = [found[acronym] for acronym in missions]
        if not revoke and not mission_list:
            raise CommandError("Name at least one mission with --missions.")
        try:
            with transaction.atomic():
                if revoke:
                    membership = membership_revoke(user=user, entity=entity_obj, role=role, missions=mission_list)
                    if membership is None:
                        raise CommandError(f"{username} has no {role} membership for {entity}.")
                else:
                    membership = membership_grant(user=user, entity=entity_obj, role=role, missions=mission_list)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        # The signals sync on commit; syncing again here is idempotent and makes the output exact.
        sync_user_permissions(user)
        for mission in mission_list:
            if not revoke and not covers(membership, mission):
                self.stderr.write(
                    self.style.WARNING(
                        f"{mission} is not led by {entity}: a headquarters planner of {entity} has no rights on it."
                    )
                )
        held = sorted(
            set(MissionUserObjectPermission.objects.filter(user=user).values_list("content_object__acronym", flat=True))
        )
        state = "deactivated" if revoke and not mission_list else ("updated" if revoke else "granted")
        self.stdout.write(
            self.style.SUCCESS(
                f"{username}: {role} for {entity} {state}. Rights on: {', '.join(held) if held else 'no mission'}."
            )
        )
