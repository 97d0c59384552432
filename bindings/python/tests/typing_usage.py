"""Typed use of the aksflow API, checked by `mypy --strict` (bindings/python/test.sh) and run by
test_typing.py: the stubs must accept what the API accepts and give precise return types."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Mapping, assert_type

import aksflow
from aksflow import ErrorDetails, NodePoolProfile, WorkflowParameters


def main() -> None:
    request: Dict[str, Any] = {
        "clusterName": "payments-prod",
        "location": "westeurope",
        "nodePoolType": "memory-optimized",
        "kubernetesVersion": "1.32",
    }
    assert_type(aksflow.validate(request), None)
    assert_type(aksflow.render_bundle(request), List[Dict[str, Any]])
    assert_type(aksflow.render_bundle(request, output="objects", rbac="none"), List[Dict[str, Any]])
    assert_type(aksflow.render_bundle(request, output="yaml"), str)
    assert_type(aksflow.render_bundle(json.dumps(request), output="json", rbac="compatible"), str)
    assert_type(aksflow.render_workflow(request), Dict[str, Any])
    assert_type(aksflow.render_workflow(request, output="yaml", template=True), str)
    assert_type(
        aksflow.render_workflow(
            request,
            kubectl_image="registry.example/kubectl:1.34",
            cluster_ready_timeout_seconds=600,
            component_timeout_seconds=300,
        ),
        Dict[str, Any],
    )
    params = aksflow.generate_workflow_parameters(request, profiles=None)
    assert_type(params, WorkflowParameters)
    size: str = params["primary-vm-size"]
    profiles: Mapping[str, NodePoolProfile] = aksflow.NODE_POOL_CONFIGURATIONS
    family: str = profiles["standard"]["skuFamily"]
    assert_type(aksflow.builtin_profiles(), Dict[str, NodePoolProfile])
    assert_type(aksflow.schema("cluster-request"), Dict[str, Any])
    assert_type(aksflow.schema_names(), List[str])
    assert_type(aksflow.__version__, str)
    custom = {"batch": {"primaryVmSize": "Standard_D4s_v5", "secondaryVmSize": "Standard_D8s_v5",
                        "skuFamily": "D", "maxCpu": "64", "maxMemory": "256Gi"}}
    aksflow.validate({**request, "nodePoolType": "batch"}, profiles=custom)
    try:
        aksflow.validate({})
    except aksflow.ValidationError as error:
        errors = error.errors()
        assert_type(errors, List[ErrorDetails])
        first = errors[0]
        code: str = first["type"]
        where: tuple[str | int, ...] = first["loc"]
        message: str = first["msg"]
        path: str = first["path"]
        count: int = error.error_count()
        print(code, where, message, path, count, size, family)
    except aksflow.ParseError as parse_error:
        print(parse_error.loc, parse_error.msg)
    except aksflow.AksflowError:
        raise
    migration_usage()


def migration_usage() -> None:
    rgd = "apiVersion: kro.run/v1alpha1\nkind: ResourceGraphDefinition\nmetadata: {name: x}\nspec:\n  schema: {apiVersion: v1alpha1, kind: X}\n  resources: []\n"
    try:
        migration = aksflow.migrate_kro(rgd, {"apiVersion": "kro.run/v1alpha1", "kind": "X", "metadata": {"name": "x"}}, mapping="set: {}")
        assert_type(migration, aksflow.Migration)
        equivalent: bool = migration["equivalent"]
        report: Dict[str, Any] = migration["report"]
        print(equivalent, report, migration["text"], migration["request_yaml"], migration["bundle_yaml"])
    except aksflow.MigrationError as error:
        code: str = error.code
        path: str = error.path
        print(code, path)
    result = aksflow.diff("{}", "{}")
    assert_type(result, aksflow.Comparison)
    same: bool = result["equivalent"]
    print(same, result["comparison"], result["text"])


if __name__ == "__main__":
    main()
