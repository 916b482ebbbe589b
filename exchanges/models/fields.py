"""The marketplace's own fields: who helped at the desk, a list of ids."""

import json

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models


def _helped_by_field(verbose_name) -> models.ForeignKey:
    """The moderator who wrote this for a resident at the desk (none when the
    resident wrote it); the record stays if the moderator's account goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class IdListField(ArrayField):
    """A list of integer ids: an `integer[]` on PostgreSQL, which a GIN index
    can search (`overlap`), and a JSON list in a text column elsewhere
    (SQLite), read and written as the same Python list."""

    def __init__(self, **kwargs):
        kwargs.pop("base_field", None)
        super().__init__(models.IntegerField(), **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        del kwargs["base_field"], kwargs["size"]
        return name, "exchanges.models.IdListField", args, kwargs

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return super().db_type(connection)
        return "text"

    def cast_db_type(self, connection):
        if connection.vendor == "postgresql":
            return super().cast_db_type(connection)
        return "text"

    def get_placeholder(self, value, compiler, connection):
        if connection.vendor == "postgresql":
            return super().get_placeholder(value, compiler, connection)
        return "%s"

    def get_db_prep_value(self, value, connection, prepared=False):
        value = super().get_db_prep_value(value, connection, prepared)
        if connection.vendor == "postgresql" or value is None:
            return value
        return json.dumps(value)

    def from_db_value(self, value, expression, connection):
        if isinstance(value, str):
            return json.loads(value)
        return value
