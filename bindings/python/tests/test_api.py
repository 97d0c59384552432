"""The binding's surface: shapes, options, errors as data, conversions of host objects."""

from __future__ import annotations

import collections
import datetime
import json
import pickle
import types
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict, Iterator, List, Mapping

import pytest
import yaml

import aksflow

REQUEST: Dict[str, Any] = {
    "clusterName": "payments-prod",
    "location": "westeurope",
    "nodePoolType": "memory-optimized",
    "kubernetesVersion": "1.32",
}


def test_the_installed_wheel_is_under_test() -> None:
    package = Path(aksflow.__file__).parent
    # The suite runs against the wheel installed in a fresh venv, never the source tree.
    assert "site-packages" in package.parts, package
    names = {p.name for p in package.iterdir()}
    assert {"__init__.py", "_errors.py", "_types.py", "_aksflow.pyi", "py.typed"} <= names
    assert any(n.startswith("_aksflow.") and n.endswith(".so") for n in names), names
    assert aksflow.__version__


def test_validate_returns_none_for_a_valid_request() -> None:
    assert aksflow.validate(REQUEST) is None


def test_a_validation_error_carries_every_violation_as_data() -> None:
    with pytest.raises(aksflow.ValidationError) as caught:
        aksflow.validate(
            {
                "clusterName": "Payments_Prod",
                "location": "westeurop",
                "nodePoolType": "gpu",
                "kubernetesVersion": 1.30,
                "dryrun": True,
            }
        )
    error = caught.value
    assert isinstance(error, ValueError) and isinstance(error, aksflow.AksflowError)
    assert error.error_count() == 5
    errors = error.errors()
    assert [e["loc"] for e in errors] == [
        ("dryrun",),
        ("kubernetesVersion",),
        ("clusterName",),
        ("location",),
        ("nodePoolType",),
    ]
    assert [e["type"] for e in errors] == [
        "unknown_field",
        "invalid_type",
        "pattern",
        "unknown_value",
        "unknown_value",
    ]
    assert all(set(e) == {"type", "loc", "msg", "path"} and e["msg"] for e in errors)
    assert str(error).startswith("5 violations\n")
    assert "location: " in str(error) and "[unknown_value]" in str(error)
    # errors() hands out copies.
    errors[0]["type"] = "changed"
    assert error.errors()[0]["type"] == "unknown_field"
    # Picklable, e.g. back from a process pool.
    clone = pickle.loads(pickle.dumps(error))
    assert type(clone) is aksflow.ValidationError
    assert clone.errors() == error.errors() and str(clone) == str(error)


def test_loc_holds_keys_and_list_indexes() -> None:
    request = {**REQUEST, "tags": {"team": ["a"], "a/b": "x"}}
    with pytest.raises(aksflow.ValidationError) as caught:
        aksflow.validate(request)
    locs = {e["loc"]: e["path"] for e in caught.value.errors()}
    assert locs[("tags", "team")] == "tags.team"
    assert locs[("tags", "a/b")] == 'tags["a/b"]'
    # List positions are ints: bundle-level paths start with the object's index, e.g.
    # (2, "spec", ...); the golden suite checks every loc against its path.


def test_render_bundle_outputs_agree() -> None:
    objects = aksflow.render_bundle(REQUEST)
    assert isinstance(objects, list) and all(isinstance(o, dict) for o in objects)
    kinds = [o["kind"] for o in objects]
    assert kinds[:2] == ["ResourceGroup", "ManagedCluster"] and "NodePool" in kinds
    assert json.loads(aksflow.render_bundle(REQUEST, output="json")) == objects
    # PyYAML reads the core's YAML to the same objects, keys in the same order.
    documents = list(yaml.safe_load_all(aksflow.render_bundle(REQUEST, output="yaml")))
    assert documents == objects
    assert [list(d) for d in documents] == [list(o) for o in objects]
    # apiVersion/kind come first, as kubectl writes them.
    assert list(objects[0])[:2] == ["apiVersion", "kind"]


def test_rbac_modes() -> None:
    def rbac_kinds(mode: Any) -> List[str]:
        return [
            o["kind"]
            for o in aksflow.render_bundle(REQUEST, rbac=mode)
            if o["apiVersion"].startswith("rbac.authorization.k8s.io/")
        ]

    assert "Role" in rbac_kinds("least-privilege")
    assert "ClusterRole" in rbac_kinds("compatible")
    assert rbac_kinds("none") == []
    with pytest.raises(ValueError, match="rbac must be"):
        aksflow.render_bundle(REQUEST, rbac="all")


def test_unknown_output_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="output must be"):
        aksflow.render_bundle(REQUEST, output="xml")  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="output must be"):
        aksflow.render_workflow(REQUEST, output="toml")  # type: ignore[call-overload]


def test_render_workflow_and_its_options() -> None:
    workflow = aksflow.render_workflow(REQUEST)
    assert workflow["kind"] == "Workflow"
    assert workflow["metadata"]["generateName"] == "provision-payments-prod-"
    assert json.loads(aksflow.render_workflow(REQUEST, output="json")) == workflow
    assert yaml.safe_load(aksflow.render_workflow(REQUEST, output="yaml")) == workflow

    template = aksflow.render_workflow(REQUEST, template=True)
    assert template["kind"] == "WorkflowTemplate"
    assert template["metadata"]["name"] == "aksflow-payments-prod"

    custom = aksflow.render_workflow(
        REQUEST,
        kubectl_image="registry.example/kubectl:1.34",
        cluster_ready_timeout_seconds=600,
        component_timeout_seconds=300,
    )
    text = json.dumps(custom)
    assert "registry.example/kubectl:1.34" in text
    assert text != json.dumps(workflow)
    with pytest.raises(OverflowError):
        aksflow.render_workflow(REQUEST, cluster_ready_timeout_seconds=-1)


def test_generate_workflow_parameters_gives_the_designs_12_keys_in_order() -> None:
    params = aksflow.generate_workflow_parameters({**REQUEST, "enableNAP": False})
    assert list(params) == [
        "cluster-name",
        "location",
        "node-pool-type",
        "enable-nap",
        "dry-run",
        "kubernetes-version",
        "primary-vm-size",
        "secondary-vm-size",
        "sku-family",
        "max-cpu",
        "max-memory",
        "system-vm-size",
    ]
    assert params["enable-nap"] == "false" and params["sku-family"] == "E"
    assert all(isinstance(v, str) for v in params.values())


def test_node_pool_configurations_is_the_designs_table() -> None:
    assert aksflow.NODE_POOL_CONFIGURATIONS == {
        "standard": {
            "primaryVmSize": "Standard_DS2_v2",
            "secondaryVmSize": "Standard_DS3_v2",
            "skuFamily": "D",
            "maxCpu": "1000",
            "maxMemory": "1000Gi",
        },
        "memory-optimized": {
            "primaryVmSize": "Standard_E2s_v3",
            "secondaryVmSize": "Standard_E4s_v3",
            "skuFamily": "E",
            "maxCpu": "1000",
            "maxMemory": "2000Gi",
        },
        "compute-optimized": {
            "primaryVmSize": "Standard_F2s_v2",
            "secondaryVmSize": "Standard_F4s_v2",
            "skuFamily": "F",
            "maxCpu": "2000",
            "maxMemory": "1000Gi",
        },
    }
    fresh = aksflow.builtin_profiles()
    fresh["standard"]["skuFamily"] = "X"
    assert aksflow.builtin_profiles()["standard"]["skuFamily"] == "D"


def test_profiles_as_mapping_or_text() -> None:
    profile = {
        "primaryVmSize": "Standard_D4s_v5",
        "secondaryVmSize": "Standard_D8s_v5",
        "skuFamily": "D",
        "maxCpu": "64",
        "maxMemory": "256Gi",
    }
    request = {**REQUEST, "nodePoolType": "batch"}
    with pytest.raises(aksflow.ValidationError):
        aksflow.validate(request)
    for profiles in ({"batch": profile}, yaml.safe_dump({"batch": profile})):
        params = aksflow.generate_workflow_parameters(request, profiles=profiles)
        assert params["primary-vm-size"] == "Standard_D4s_v5"
    with pytest.raises(aksflow.ValidationError) as caught:
        aksflow.validate(request, profiles={"batch": {**profile, "maxCpu": "lots"}})
    assert [e["loc"] for e in caught.value.errors()] == [("batch", "maxCpu")]


def test_schemas() -> None:
    names = aksflow.schema_names()
    assert names[:2] == ["cluster-request", "node-pool-profiles"]
    request_schema = aksflow.schema("cluster-request")
    assert "clusterName" in request_schema["properties"]
    assert aksflow.schema("karpenter.sh/v1/NodePool") == aksflow.schema("karpenter.sh_v1_NodePool")
    for name in names:
        assert isinstance(aksflow.schema(name), dict)
    with pytest.raises(KeyError):
        aksflow.schema("no-such-schema")


def test_text_requests_yaml_and_json() -> None:
    as_json = json.dumps(REQUEST)
    as_yaml = yaml.safe_dump(REQUEST)
    expected = aksflow.render_bundle(REQUEST, output="yaml")
    assert aksflow.render_bundle(as_json, output="yaml") == expected
    assert aksflow.render_bundle(as_yaml, output="yaml") == expected


def test_malformed_text_is_a_parse_error() -> None:
    with pytest.raises(aksflow.ParseError) as caught:
        aksflow.validate("clusterName: [unclosed")
    error = caught.value
    assert isinstance(error, ValueError) and isinstance(error, aksflow.AksflowError)
    assert error.loc == () and "line 1" in error.msg
    clone = pickle.loads(pickle.dumps(error))
    assert (clone.loc, clone.msg, str(clone)) == (error.loc, error.msg, str(error))


def test_yaml_11_and_12_readers_differ_and_both_are_reported_faithfully() -> None:
    # The core reads YAML 1.2: `yes` is a string, so a flag written `yes` is the wrong type.
    text = yaml.safe_dump(REQUEST) + "enableNAP: yes\n"
    with pytest.raises(aksflow.ValidationError) as caught:
        aksflow.validate(text)
    assert [(e["path"], e["type"]) for e in caught.value.errors()] == [("enableNAP", "invalid_type")]
    # PyYAML reads YAML 1.1, where `yes` is True: the dict it makes is valid.
    assert aksflow.validate(yaml.safe_load(text)) is None


class FrozenRequest(Mapping[str, Any]):
    """A Mapping that is not a dict."""

    def __init__(self, data: Dict[str, Any]) -> None:
        self._data = data

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


def test_any_mapping_and_tuples_are_accepted() -> None:
    expected = aksflow.render_bundle(REQUEST, output="yaml")
    assert aksflow.render_bundle(FrozenRequest(REQUEST), output="yaml") == expected
    assert aksflow.render_bundle(types.MappingProxyType(REQUEST), output="yaml") == expected
    assert aksflow.render_bundle(collections.OrderedDict(REQUEST), output="yaml") == expected
    gitops = {"url": "https://github.com/org/fleet", "branch": "main"}
    with_gitops = aksflow.render_bundle({**REQUEST, "gitops": gitops}, output="yaml")
    assert "FluxConfiguration" in with_gitops


def test_host_values_without_a_json_form_are_type_errors_naming_where() -> None:
    with pytest.raises(TypeError, match=r'request\["tags"\]\["created"\]: a value of type datetime.date has no JSON form'):
        aksflow.validate({**REQUEST, "tags": {"created": datetime.date(2024, 1, 1)}})
    with pytest.raises(TypeError, match=r'request\["tags"\]: a key of type int'):
        aksflow.validate({**REQUEST, "tags": {1: "x"}})
    with pytest.raises(TypeError, match=r"^request: a value of type object has no JSON form"):
        aksflow.validate(object())  # type: ignore[arg-type]
    # A JSON value of the wrong shape is the core's to judge.
    with pytest.raises(aksflow.ValidationError) as caught:
        aksflow.validate(42)  # type: ignore[arg-type]
    assert [(e["loc"], e["type"]) for e in caught.value.errors()] == [((), "invalid_type")]


def test_a_dict_containing_itself_is_an_error_not_a_crash() -> None:
    looped: Dict[str, Any] = dict(REQUEST)
    looped["tags"] = looped
    with pytest.raises(ValueError, match="nested deeper than"):
        aksflow.validate(looped)


def test_numbers_reach_the_core_as_json_numbers() -> None:
    # A huge int becomes a float (as the core's JSON reader has it); bools are not ints; a
    # non-finite float has no JSON form and becomes null (the core then finds the field missing).
    for value, code in ((2**70, "invalid_type"), (1, "invalid_type"), (True, "invalid_type"), (float("nan"), "required")):
        with pytest.raises(aksflow.ValidationError) as caught:
            aksflow.validate({**REQUEST, "clusterName": value})
        assert [e["type"] for e in caught.value.errors()] == [code], value


def test_threads_render_concurrently_and_identically() -> None:
    requests = [{**REQUEST, "clusterName": f"cluster-{i:03}"} for i in range(64)]
    serial = [aksflow.render_workflow(r, output="yaml") for r in requests]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(lambda r: aksflow.render_workflow(r, output="yaml"), requests))
    assert parallel == serial
