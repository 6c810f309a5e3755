"""One OpenAPI component per Python class, whatever the routers call their classes.

django-ninja merges the definitions of every schema into `components/schemas` by short
name, so two classes of one name overwrite each other: the documents', 政策解读's and
依申请公开's `Status` enums became one (`GET /documents?status=` then announced the request
statuses). Here definitions are generated under their full Python path, and the schema is
then rewritten with the shortest name that is unique: the class name, or the app's name and
the class name (`DocumentsStatus`, `InterpretationsStatus`, `InforequestsStatus`) when
several classes share it. New routers get this without doing anything.
"""

from __future__ import annotations

from typing import Any

import ninja.openapi.schema as ninja_openapi
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.schema import NinjaGenerateJsonSchema
from pydantic.json_schema import CoreModeRef, DefsRef

REF_PREFIX = "#/components/schemas/"


class QualifiedNames(NinjaGenerateJsonSchema):
    """Definitions keyed by module path and class name (pydantic would shorten them to the
    class name whenever that is unique within one model, which it cannot see across models)."""

    def get_defs_ref(self, core_mode_ref: CoreModeRef) -> DefsRef:
        defs_ref = super().get_defs_ref(core_mode_ref)
        choices = self._prioritized_defsref_choices[defs_ref]
        # Drop the short choices (name, name-mode): keep module.qualname first.
        self._prioritized_defsref_choices[defs_ref] = choices[2:]
        return defs_ref


# ninja's OpenAPI builder names its generator at module level.
ninja_openapi.NinjaGenerateJsonSchema = QualifiedNames  # type: ignore[misc]


SEPARATOR = "__"  # pydantic's normalize_name turns the dots of a module path into this


def _short(qualified: str) -> str:
    return qualified.rsplit(SEPARATOR, 1)[-1]


# The documents' schemas were written in gongkai/api/schemas.py before they moved home
# (issue 10); the components they share a name with keep the names clients know (ApiOpinionIn).
STABLE_SCHEMA_PREFIXES = {"gongkai__documents__schemas": "Api"}


def _with_app(qualified: str) -> str:
    parts = qualified.split(SEPARATOR)
    module = SEPARATOR.join(parts[:-1])
    if module in STABLE_SCHEMA_PREFIXES:
        return STABLE_SCHEMA_PREFIXES[module] + parts[-1]
    app = parts[1] if len(parts) > 2 and parts[0] == "gongkai" else parts[0]
    return app.title().replace("_", "") + parts[-1]


def shorten_names(schema: dict[str, Any]) -> None:
    components = schema.get("components", {}).get("schemas", {})
    names = list(components)
    counts: dict[str, int] = {}
    for name in names:
        counts[_short(name)] = counts.get(_short(name), 0) + 1
    renamed = {
        name: _short(name) if counts[_short(name)] == 1 else _with_app(name) for name in names
    }
    schema["components"]["schemas"] = {renamed[n]: components[n] for n in names}

    def rewrite(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(REF_PREFIX):
                target = ref[len(REF_PREFIX) :]
                node["$ref"] = REF_PREFIX + renamed.get(target, target)
            for value in node.values():
                rewrite(value)
        elif isinstance(node, list):
            for value in node:
                rewrite(value)

    rewrite(schema)


# Every answer under /api/ that is not a success is in the one error envelope (`ErrorOut`,
# gongkai.api.errors and gongkai.api.middleware), whichever router the operation is in.
ERROR_STATUSES = (400, 401, 403, 404, 405, 409, 413, 422, 429, 500, 503)


def document_errors(schema: dict[str, Any], component: str = "ErrorOut") -> None:
    """Declare the error envelope on every operation for every error status it can answer,
    so that a new router is documented (and checked by schemathesis) without listing them."""
    if component not in schema.get("components", {}).get("schemas", {}):
        return
    body = {"application/json": {"schema": {"$ref": REF_PREFIX + component}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for status in ERROR_STATUSES:
                if status not in responses and str(status) not in responses:
                    responses[status] = {"description": "Error", "content": body}


# operationIds are ninja's `<module>_<function>`. The documents' endpoints were written in
# gongkai/api/documents.py before they moved home (issue 10); OA clients generated from the
# schema call them by those ids, so they keep them.
STABLE_OPERATION_PREFIXES = {"gongkai.documents.api": "gongkai_api_documents"}


class GongkaiNinjaAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        module = operation.view_func.__module__
        if module in STABLE_OPERATION_PREFIXES:
            return f"{STABLE_OPERATION_PREFIXES[module]}_{operation.view_func.__name__}"
        return super().get_openapi_operation_id(operation)

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
        shorten_names(schema)
        document_errors(schema)
        return schema


__all__ = ["GongkaiNinjaAPI", "QualifiedNames", "document_errors", "shorten_names"]
