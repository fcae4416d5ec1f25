"""The OpenAPI schema of the API (drf-spectacular), with the refusals every operation can answer.

drf-spectacular documents the success answers only; the API also answers 400 (invalid input:
field -> messages, or `detail`), 401/403 (not signed in, or the role does not allow it: `detail`),
404 (not found or not visible: `detail`) and, for edits with an optimistic lock, 409 (someone saved
in between: `detail`, the current `updated_at` and what changed). Documenting them lets a client,
and the schema conformance run (tests/api/test_schema_fuzz.py), check every answer.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import get_doc

ERROR_SCHEMA = {
    "type": "object",
    "description": "`detail` says why; an invalid input names each field with its messages.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ERROR_SCHEMA}}}


REFUSALS = {
    "400": _error("Invalid input: each field with what is wrong with it."),
    "401": _error("Not signed in: no or an unknown token."),
    "403": _error("Your role does not allow this."),
    "404": _error("No such object, or not one you may see."),
}
WRITE_REFUSALS = {"409": _error("Someone saved this since the version you sent (updated_at): nothing was saved.")}


class WorkbenchSchema(AutoSchema):
    def get_description(self):
        # An endpoint's own docstring, or its action's: a base class's is about the code.
        action = getattr(self.view, getattr(self.view, "action", self.method.lower()), None)
        view = type(self.view)
        return get_doc(action) or (get_doc(view) if vars(view).get("__doc__") else "")

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if not vars(type(serializer)).get("__doc__"):  # likewise a serializer's
            schema.pop("description", None)
        return schema

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        refusals = {**REFUSALS, **(WRITE_REFUSALS if self.method in ("PUT", "PATCH", "POST") else {})}
        for code, response in refusals.items():
            responses.setdefault(code, response)
        return responses
