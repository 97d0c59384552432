"""migrate_kro and diff: the examples/kro migration gives the Rust suite's reports
(examples/kro/expected/), failures raise MigrationError with the core's code and path."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
import yaml

import aksflow

KRO = Path(__file__).resolve().parents[3] / "examples" / "kro"
RGD = (KRO / "rgd.yaml").read_text()
INSTANCES = ["analytics-staging", "batch-jobs", "legacy-private", "payments-prod", "web-dev"]


@pytest.mark.parametrize("name", INSTANCES)
def test_migrate_kro_matches_the_golden_report(name: str) -> None:
    migration = aksflow.migrate_kro(RGD, (KRO / "instances" / f"{name}.yaml").read_text())
    assert migration["text"] == (KRO / "expected" / f"{name}.txt").read_text()
    assert migration["report"] == json.loads((KRO / "expected" / f"{name}.json").read_text())
    assert migration["request_yaml"] == (KRO / "expected" / f"{name}.request.yaml").read_text()
    assert migration["equivalent"] is (name != "legacy-private")
    assert "kind: ManagedCluster" in migration["bundle_yaml"]


def test_migrate_kro_takes_mappings_and_a_mapping_file() -> None:
    instance = yaml.safe_load((KRO / "instances" / "web-dev.yaml").read_text())
    migration = aksflow.migrate_kro(yaml.safe_load(RGD), instance, mapping={"set": {"enableNAP": False}})
    assert migration["report"]["request"]["enableNAP"] is False
    assert migration["equivalent"], migration["text"]


def test_migration_errors_carry_code_and_path() -> None:
    instance = {"apiVersion": "kro.run/v1alpha1", "kind": "AKSCluster", "metadata": {"name": "x"}, "spec": {}}
    with pytest.raises(aksflow.MigrationError) as caught:
        aksflow.migrate_kro(RGD, instance)
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, aksflow.AksflowError)
    assert (caught.value.code, caught.value.path) == ("instance", "spec.clusterName")
    again = pickle.loads(pickle.dumps(caught.value))
    assert (again.code, again.path, str(again)) == ("instance", "spec.clusterName", str(caught.value))
    broken = RGD.replace("${schema.spec.location}", "${schema.spec.location +}")
    with pytest.raises(aksflow.MigrationError) as caught:
        aksflow.migrate_kro(broken, (KRO / "instances" / "web-dev.yaml").read_text())
    assert (caught.value.code, caught.value.path) == ("cel_syntax", "spec.resources[0].template.spec.location")


def test_diff_classifies() -> None:
    old = {"apiVersion": "resources.azure.com/v1api20200601", "kind": "ResourceGroup", "metadata": {"name": "rg-a"}, "spec": {"location": "westeurope"}}
    moved = {**old, "spec": {"location": "northeurope"}}
    result = aksflow.diff(yaml.safe_dump(old), yaml.safe_dump(moved))
    assert result["equivalent"] is False
    difference = result["comparison"]["pairs"][0]["differences"][0]
    assert (difference["path"], difference["verdict"]["verdict"]) == ("spec.location", "unexpected")
    assert aksflow.diff(yaml.safe_dump(old), yaml.safe_dump(old))["equivalent"] is True
    with pytest.raises(aksflow.MigrationError):
        aksflow.diff("a: [", "")
