"""The assistant's tools: typed (JSON-schema parameters), each one a call to the services, run
with the asking user's permissions.

Both the MiniMax tool loop and the offline router go through `run_tool`, so the same argument
checks, permission checks and answers apply whichever mode is active.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from ..db import session_scope
from ..models import User
from ..services import permissions
from ..services.errors import DomainError, PermissionDenied, ValidationFailed
from ..services.permissions import Perm
from .results import ToolResult

log = logging.getLogger(__name__)


@dataclass
class ToolContext:
    """Who is asking. `user` is a detached row: tools only read its id and role."""

    user: User
    preferred_warehouse: str | None = None
    conversation_id: int | None = None


Runner = Callable[[Session, ToolContext, dict[str, Any]], ToolResult]


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    properties: dict[str, dict[str, Any]]
    required: tuple[str, ...]
    run: Runner
    permission: Perm = Perm.READ
    refusal: str = "use this"  # "Your role (readonly) cannot <refusal>."

    @property
    def parameters(self) -> dict[str, Any]:
        return {"type": "object", "properties": self.properties, "required": list(self.required),
                "additionalProperties": False}

    def schema(self) -> dict[str, Any]:
        """The OpenAI-style function declaration MiniMax takes in `tools`."""
        return {"type": "function",
                "function": {"name": self.name, "description": self.description, "parameters": self.parameters}}


REGISTRY: dict[str, Tool] = {}


def tool(name: str, description: str, properties: dict[str, dict[str, Any]] | None = None, *,
         required: tuple[str, ...] = (), permission: Perm = Perm.READ,
         refusal: str = "use this") -> Callable[[Runner], Runner]:
    """Register `fn(session, ctx, args) -> ToolResult` as a tool."""

    def register(fn: Runner) -> Runner:
        REGISTRY[name] = Tool(name, description, properties or {}, required, fn, permission, refusal)
        return fn

    return register


def tool_schemas() -> list[dict[str, Any]]:
    _load_toolsets()
    return [t.schema() for t in REGISTRY.values()]


# --- argument checks (the subset of JSON schema the tools use) ---------------------------------

def _coerce(name: str, value: Any, spec: dict[str, Any]) -> Any:
    kind = spec.get("type")
    if kind == "string":
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise ValidationFailed.for_field(name, "must be non-empty text")
        value = value.strip()
        if len(value) > spec.get("maxLength", 200):
            raise ValidationFailed.for_field(name, f"must be at most {spec.get('maxLength', 200)} characters")
        if "enum" in spec and value.lower() not in spec["enum"]:
            raise ValidationFailed.for_field(name, f"must be one of: {', '.join(spec['enum'])}")
        return value.lower() if "enum" in spec else value
    if kind == "integer":
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value.strip())
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationFailed.for_field(name, "must be a whole number")
        lo, hi = spec.get("minimum"), spec.get("maximum")
        if lo is not None and value < lo or hi is not None and value > hi:
            raise ValidationFailed.for_field(name, f"must be between {lo} and {hi}")
        return value
    if kind == "boolean":
        if not isinstance(value, bool):
            raise ValidationFailed.for_field(name, "must be true or false")
        return value
    if kind == "array":
        if not isinstance(value, list) or not value:
            raise ValidationFailed.for_field(name, "must be a non-empty list")
        if len(value) > spec.get("maxItems", 50):
            raise ValidationFailed.for_field(name, f"must have at most {spec.get('maxItems', 50)} items")
        return [_coerce(f"{name}[{i}]", v, spec["items"]) for i, v in enumerate(value)]
    if kind == "object":
        if not isinstance(value, dict):
            raise ValidationFailed.for_field(name, "must be an object")
        return _check_object(value, spec["properties"], tuple(spec.get("required", ())), prefix=f"{name}.")
    raise ValueError(f"unsupported schema type {kind!r}")  # a mistake in a tool declaration


def _check_object(args: dict[str, Any], properties: dict[str, dict[str, Any]], required: tuple[str, ...], *,
                  prefix: str = "") -> dict[str, Any]:
    for key in args:
        if key not in properties:
            raise ValidationFailed.for_field(prefix + key, f"is not a parameter (use: {', '.join(properties)})")
    clean: dict[str, Any] = {}
    for key, spec in properties.items():
        value = args.get(key)
        if value is None or value == "":
            if key in required:
                raise ValidationFailed.for_field(prefix + key, "is required")
            if "default" in spec:
                clean[key] = spec["default"]
            continue
        clean[key] = _coerce(prefix + key, value, spec)
    return clean


def check_arguments(t: Tool, args: dict[str, Any] | None) -> dict[str, Any]:
    """The arguments with defaults filled in, or ValidationFailed naming the bad field."""
    if args is not None and not isinstance(args, dict):
        raise ValidationFailed.for_field("arguments", "must be a JSON object")
    return _check_object(args or {}, t.properties, t.required)


# --- running ---------------------------------------------------------------------------------

def run_tool(name: str, arguments: dict[str, Any] | None, ctx: ToolContext) -> ToolResult:
    """Run one tool in its own transaction. Refusals come back as `ToolResult.error`, never raised."""
    _load_toolsets()
    t = REGISTRY.get(name)
    if t is None:
        return ToolResult(name, arguments or {}, error=f"There is no tool named {name!r}.")
    try:
        if not permissions.has_perm(ctx.user, t.permission):
            raise PermissionDenied(f"Your role ({ctx.user.role}) cannot {t.refusal}.")
        args = check_arguments(t, arguments)
        with session_scope() as session:
            return t.run(session, ctx, args)
    except DomainError as exc:
        return ToolResult(name, arguments if isinstance(arguments, dict) else {}, error=exc.message)
    except Exception:  # a bug must not end the conversation; it is logged with its traceback
        log.exception("assistant tool %s failed", name)
        return ToolResult(name, arguments if isinstance(arguments, dict) else {},
                          error="The tool failed unexpectedly; the error has been logged.")


_loaded = False


def _load_toolsets() -> None:
    """Import the tool modules once (they register themselves with @tool)."""
    global _loaded
    if not _loaded:
        from . import toolset_catalog, toolset_forecast, toolset_purchasing, toolset_sales  # noqa: F401

        _loaded = True
