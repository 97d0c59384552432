"""aksflow: typed, validated Kubernetes manifests and Argo provisioning Workflows for AKS clusters.

The Rust core validates a cluster request completely (every violation at once, each with its code
and path) and renders the objects it needs (ASO, Karpenter, RBAC) and its provisioning Workflow.
Requests are dicts with the same camelCase keys as every other interface (as from ``json.load`` or
``yaml.safe_load``), or YAML/JSON text read by the core's own reader::

    import aksflow

    request = {"clusterName": "payments-prod", "location": "westeurope",
               "nodePoolType": "memory-optimized", "kubernetesVersion": "1.32"}
    print(aksflow.render_bundle(request, output="yaml"))
    workflow = aksflow.render_workflow(request)          # a dict
    try:
        aksflow.validate({**request, "location": "atlantis"})
    except aksflow.ValidationError as error:
        print(error.errors())   # [{'type': 'unknown_value', 'loc': ('location',), 'msg': ..., 'path': 'location'}]
"""

from __future__ import annotations

from typing import Mapping

from ._aksflow import (
    __version__,
    builtin_profiles,
    diff,
    generate_workflow_parameters,
    migrate_kro,
    render_bundle,
    render_workflow,
    schema,
    schema_names,
    validate,
)
from ._errors import (
    AksflowError,
    ErrorDetails,
    InternalError,
    Loc,
    MigrationError,
    ParseError,
    ValidationError,
)
from ._types import (
    Comparison,
    Migration,
    NodePoolProfile,
    Output,
    Profiles,
    Rbac,
    Request,
    WorkflowParameters,
)

NODE_POOL_CONFIGURATIONS: Mapping[str, NodePoolProfile] = builtin_profiles()
"""The built-in node pool profiles (the design's table): name -> ``{primaryVmSize,
secondaryVmSize, skuFamily, maxCpu, maxMemory}``. ``builtin_profiles()`` returns a fresh copy."""


__all__ = [
    "NODE_POOL_CONFIGURATIONS",
    "AksflowError",
    "Comparison",
    "ErrorDetails",
    "InternalError",
    "Loc",
    "Migration",
    "MigrationError",
    "NodePoolProfile",
    "Output",
    "ParseError",
    "Profiles",
    "Rbac",
    "Request",
    "ValidationError",
    "WorkflowParameters",
    "__version__",
    "builtin_profiles",
    "diff",
    "generate_workflow_parameters",
    "migrate_kro",
    "render_bundle",
    "render_workflow",
    "schema",
    "schema_names",
    "validate",
]
