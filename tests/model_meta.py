"""What every app's model tests check the same way: a rule refused by full_clean() on the right
field with a readable message, a rule the database enforces when clean() is bypassed, and the
metadata every domain model carries (a name, an order, a human name, a docstring)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, models, transaction
from simple_history.models import HistoricalChanges


def refused(instance, field: str) -> str:
    """The message full_clean() gives on `field`; fails when the value passes or the error lands elsewhere."""
    with pytest.raises(ValidationError) as info:
        instance.full_clean()
    errors = info.value.message_dict
    assert field in errors, f"expected an error on {field!r}, got {errors}"
    assert NON_FIELD_ERRORS not in errors, f"the rule is also reported without a field: {errors}"
    message = " ".join(errors[field])
    assert "constraint" not in message.lower(), f"not a readable message: {message}"
    return message


def db_refuses(write, constraint: str) -> None:
    """`write` (which bypasses clean) must be stopped by the database constraint `constraint`."""
    with pytest.raises(IntegrityError) as info, transaction.atomic():
        write()
    text = str(info.value)
    # SQLite names check constraints but reports unique ones by their columns.
    assert constraint in text or (connection.vendor == "sqlite" and "UNIQUE constraint failed" in text), text


def domain_models(app_label: str, *, exclude=()) -> list[type[models.Model]]:
    """The app's models, without the history tables simple-history generates and `exclude`."""
    return [
        model
        for model in apps.get_app_config(app_label).get_models()
        if not issubclass(model, HistoricalChanges) and model not in exclude
    ]


def model_meta_tests(app_label: str, *, factories, exclude=()):
    """The two checks every domain model of an app must pass, as test functions for the app's test
    module to bind to test names (pytest collects them there, under the app's database marker)."""

    @pytest.mark.parametrize("model", domain_models(app_label, exclude=exclude), ids=lambda model: model.__name__)
    def test_model_has_str_ordering_and_verbose_names(model):
        assert model.__str__ is not models.Model.__str__, f"{model.__name__} needs __str__"
        assert model._meta.ordering, f"{model.__name__} needs Meta.ordering"
        assert "verbose_name" in model._meta.original_attrs, f"{model.__name__} needs Meta.verbose_name"
        assert "verbose_name_plural" in model._meta.original_attrs, f"{model.__name__} needs Meta.verbose_name_plural"
        assert model.__doc__ and not model.__doc__.startswith(f"{model.__name__}("), (
            f"{model.__name__} needs a docstring"
        )

    @pytest.mark.parametrize("factory", factories, ids=lambda factory: factory._meta.model.__name__)
    def test_str_reads_as_the_domain_object(factory):
        text = str(factory())
        assert text and "object (" not in text

    return test_model_has_str_ordering_and_verbose_names, test_str_reads_as_the_domain_object
