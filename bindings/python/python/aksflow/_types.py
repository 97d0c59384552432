"""The shapes aksflow's functions take and return, for type checkers (plain dicts at run time)."""

from __future__ import annotations

from typing import Any, Dict, Literal, Mapping, TypedDict, Union

__all__ = [
    "Comparison",
    "Migration",
    "NodePoolProfile",
    "Output",
    "Profiles",
    "Rbac",
    "Request",
    "WorkflowParameters",
]

Request = Union[Mapping[str, Any], str]
"""A cluster request: a mapping with the request's camelCase keys (as from ``json.load`` or
``yaml.safe_load``), or its YAML/JSON text, read by the core's own (YAML 1.2) reader."""

Profiles = Union[Mapping[str, Mapping[str, Any]], str]
"""A profiles file: name -> profile (``NodePoolProfile``'s keys), as a mapping or YAML/JSON text;
its profiles are added to the built-in ones (and win on a shared name)."""

Output = Literal["objects", "yaml", "json"]
"""What a render call returns: plain dicts/lists, YAML text, or JSON text."""

Rbac = Literal["least-privilege", "compatible", "none"]
"""Which RBAC objects a bundle carries."""


class NodePoolProfile(TypedDict):
    """One node pool profile, in the design's ``NODE_POOL_CONFIGURATIONS`` shape."""

    primaryVmSize: str
    secondaryVmSize: str
    skuFamily: str
    maxCpu: str
    maxMemory: str


WorkflowParameters = TypedDict(
    "WorkflowParameters",
    {
        "cluster-name": str,
        "location": str,
        "node-pool-type": str,
        "enable-nap": str,
        "dry-run": str,
        "kubernetes-version": str,
        "primary-vm-size": str,
        "secondary-vm-size": str,
        "sku-family": str,
        "max-cpu": str,
        "max-memory": str,
        "system-vm-size": str,
    },
)
"""The design's 12 flat Workflow parameters, string values (``"true"``/``"false"`` for flags)."""


class Migration(TypedDict):
    """One KRO instance migrated (``migrate_kro``)."""

    equivalent: bool
    """Nothing unexpected in the comparison."""
    report: Dict[str, Any]
    """The report (the CLI's ``comparison.json``): request, mapped/unmapped fields, comparison."""
    text: str
    """The report for people."""
    request_yaml: str
    """The extracted request as YAML."""
    bundle_yaml: str
    """The new bundle as a multi-document YAML stream."""


class Comparison(TypedDict):
    """Two object sets compared field by field (``diff``)."""

    equivalent: bool
    """Nothing unexpected."""
    comparison: Dict[str, Any]
    """Pairs with their differences, objects on one side only, each classified."""
    text: str
    """The comparison for people."""
