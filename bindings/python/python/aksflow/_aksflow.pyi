# Type stub of the native module aksflow._aksflow (bindings/python/src/*.rs), written by hand.
# Checked against the built module by `python -m mypy.stubtest aksflow` and by `mypy --strict`
# over tests/typing_usage.py (bindings/python/test.sh): a stub that drifts from the module fails.

from typing import Any, Dict, List, Literal, Mapping, Optional, Union, overload

from aksflow._types import (
    Comparison,
    Migration,
    NodePoolProfile,
    Profiles,
    Rbac,
    Request,
    WorkflowParameters,
)

__all__ = [
    "_panic_for_tests",
    "builtin_profiles",
    "diff",
    "generate_workflow_parameters",
    "migrate_kro",
    "render_bundle",
    "render_workflow",
    "schema",
    "schema_names",
    "validate",
    "__version__",
]

__version__: str

def validate(request: Request, *, profiles: Optional[Profiles] = None) -> None:
    """Validates a cluster request; raises aksflow.ValidationError listing every violation."""

@overload
def render_bundle(
    request: Request,
    *,
    output: Literal["objects"] = "objects",
    rbac: Rbac = "least-privilege",
    profiles: Optional[Profiles] = None,
) -> List[Dict[str, Any]]: ...
@overload
def render_bundle(
    request: Request,
    *,
    output: Literal["yaml", "json"],
    rbac: Rbac = "least-privilege",
    profiles: Optional[Profiles] = None,
) -> str: ...
@overload
def render_workflow(
    request: Request,
    *,
    output: Literal["objects"] = "objects",
    template: bool = False,
    kubectl_image: Optional[str] = None,
    cluster_ready_timeout_seconds: Optional[int] = None,
    component_timeout_seconds: Optional[int] = None,
    profiles: Optional[Profiles] = None,
) -> Dict[str, Any]: ...
@overload
def render_workflow(
    request: Request,
    *,
    output: Literal["yaml", "json"],
    template: bool = False,
    kubectl_image: Optional[str] = None,
    cluster_ready_timeout_seconds: Optional[int] = None,
    component_timeout_seconds: Optional[int] = None,
    profiles: Optional[Profiles] = None,
) -> str: ...
def generate_workflow_parameters(
    request: Request, *, profiles: Optional[Profiles] = None
) -> WorkflowParameters:
    """The design's 12 flat Workflow parameters of a valid request."""

def builtin_profiles() -> Dict[str, NodePoolProfile]:
    """The built-in node pool profiles, a new dict on every call."""

def schema(name: str) -> Dict[str, Any]:
    """The JSON Schema named `name`; KeyError when there is none."""

def schema_names() -> List[str]:
    """The names schema() takes."""

def migrate_kro(
    rgd: Union[str, Mapping[str, Any]],
    instance: Union[str, Mapping[str, Any]],
    *,
    mapping: Optional[Union[str, Mapping[str, Any]]] = None,
) -> Migration:
    """Migrates one KRO instance; raises aksflow.MigrationError with the core's code and path."""

def diff(old: str, new: str) -> Comparison:
    """Compares two object sets (multi-document YAML/JSON) field by field."""

def _panic_for_tests() -> None: ...
