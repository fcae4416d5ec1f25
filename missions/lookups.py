"""`field__any_of=[ids]`: membership in a list of ids as one array parameter on PostgreSQL
(`"col" = ANY(%s)`) instead of one placeholder per id. The access layer names a user's missions
in nearly every query of a request; with IN lists of 50 ids in three tiers a restricted query
carried 170 parameters, whose preparation cost more than the query itself. Elsewhere, IN."""

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.models import Lookup


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [value.pk if isinstance(value, models.Model) else value for value in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if not values:
            # As IN does: a condition nothing can meet, so a query that must meet it is not sent.
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, values]
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]


models.Field.register_lookup(AnyOf)
models.ForeignObject.register_lookup(AnyOf)
