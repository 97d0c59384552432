//! Offline KRO rendering: the CEL cases (defaults, references, includeWhen, unresolved run-time
//! values, errors with positions).

use serde_json::json;

use super::*;

const RGD: &str = r#"
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata: {name: app}
spec:
  schema:
    apiVersion: v1alpha1
    kind: App
    spec:
      name: string | required=true
      location: string | default=eastus
      replicas: integer | default=3
      monitoring: boolean | default=false
      sizes:
        vm: string | default=Standard_DS2_v2
    status:
      endpoint: ${config.status.endpoint}
      rg: ${rg.metadata.name}
  resources:
  - id: config
    template:
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: ${rg.metadata.name}-config
      data:
        replicas: ${schema.spec.replicas}
        replicasText: "n=${string(schema.spec.replicas)}"
        vm: ${schema.spec.sizes.vm}
        principal: ${rg.status.principalId}
        upper: ${schema.spec.name.upperAscii()}
        instance: ${schema.metadata.name}
  - id: rg
    template:
      apiVersion: resources.azure.com/v1api20200601
      kind: ResourceGroup
      metadata:
        name: rg-${schema.spec.name}
      spec:
        location: ${schema.spec.location}
  - id: monitor
    includeWhen:
    - ${schema.spec.monitoring}
    template:
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: monitor}
  - id: dashboard
    template:
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: "${monitor.metadata.name}-dashboard"}
"#;

fn instance(spec: serde_json::Value) -> serde_json::Value {
    json!({"apiVersion": "kro.run/v1alpha1", "kind": "App", "metadata": {"name": "demo"}, "spec": spec})
}

#[test]
fn renders_in_dependency_order_with_defaults_and_types() {
    let rgd = Rgd::from_yaml(RGD).unwrap();
    let render = render_instance(&rgd, &instance(json!({"name": "shop"}))).unwrap();
    let ids: Vec<&str> = render.resources.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        ["rg", "config"],
        "rg first (config references it); monitor and dashboard left out"
    );
    let rg = &render.resources[0].object;
    assert_eq!(rg["metadata"]["name"], "rg-shop");
    assert_eq!(rg["spec"]["location"], "eastus", "the SimpleSchema default");
    let config = &render.resources[1].object;
    assert_eq!(
        config["metadata"]["name"], "rg-shop-config",
        "a reference to another resource"
    );
    assert_eq!(
        config["data"]["replicas"],
        json!(3),
        "a standalone expression keeps its type"
    );
    assert_eq!(config["data"]["replicasText"], "n=3", "interpolation");
    assert_eq!(
        config["data"]["vm"], "Standard_DS2_v2",
        "a nested default, its object left out"
    );
    assert_eq!(config["data"]["upper"], "SHOP", "the strings extension");
    assert_eq!(config["data"]["instance"], "demo", "schema.metadata");
    assert_eq!(render.excluded.len(), 2);
    assert_eq!(render.excluded[0].id, "monitor");
    assert!(
        render.excluded[1].reason.contains("monitor"),
        "{:?}",
        render.excluded[1]
    );
}

#[test]
fn run_time_values_are_unresolved_not_guessed() {
    let rgd = Rgd::from_yaml(RGD).unwrap();
    let render = render_instance(&rgd, &instance(json!({"name": "shop"}))).unwrap();
    let config = &render.resources[1].object;
    assert_eq!(
        config["data"]["principal"], "${rg.status.principalId}",
        "kept as written"
    );
    let unresolved: Vec<(&str, &str, &str)> = render
        .unresolved
        .iter()
        .map(|u| (u.resource.as_str(), u.path.as_str(), u.reference.as_str()))
        .collect();
    assert_eq!(
        unresolved,
        [
            ("config", "data.principal", "rg.status.principalId"),
            ("status", "endpoint", "config.status.endpoint"),
        ]
    );
    assert_eq!(
        render.status["rg"], "rg-shop",
        "a status field known offline"
    );
}

#[test]
fn include_when_true_includes_the_resource_and_its_dependents() {
    let rgd = Rgd::from_yaml(RGD).unwrap();
    let render =
        render_instance(&rgd, &instance(json!({"name": "shop", "monitoring": true}))).unwrap();
    let ids: Vec<&str> = render.resources.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["rg", "config", "monitor", "dashboard"]);
    assert_eq!(
        render.resources[3].object["metadata"]["name"],
        "monitor-dashboard"
    );
}

#[test]
fn instance_problems_are_all_reported() {
    let rgd = Rgd::from_yaml(RGD).unwrap();
    let mut bad = instance(json!({"replicas": "three"}));
    bad["kind"] = json!("Other");
    let Err(MigrateError::Instance { problems }) = render_instance(&rgd, &bad) else {
        panic!()
    };
    let paths: Vec<&str> = problems.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(paths, ["kind", "spec.name", "spec.replicas"]);
}

fn rgd_with(resources: &str) -> String {
    format!(
        "apiVersion: kro.run/v1alpha1\nkind: ResourceGraphDefinition\nmetadata: {{name: x}}\nspec:\n  schema:\n    apiVersion: v1alpha1\n    kind: X\n    spec:\n      name: string | default=n\n  resources:\n{resources}"
    )
}

#[test]
fn syntax_errors_name_the_expression_path_and_position() {
    let text = rgd_with(
        "  - id: a\n    template:\n      apiVersion: v1\n      kind: ConfigMap\n      metadata:\n        name: ${schema.spec.name +}\n",
    );
    let Err(MigrateError::CelSyntax {
        path,
        expression,
        line,
        column,
        ..
    }) = Rgd::from_yaml(&text)
    else {
        panic!("expected a syntax error")
    };
    assert_eq!(path, "spec.resources[0].template.metadata.name");
    assert_eq!(expression, "schema.spec.name +");
    assert_eq!(line, 1);
    assert!(column > 1, "column {column}");
}

#[test]
fn cycles_and_unknown_ids_are_errors() {
    let cycle = rgd_with(
        "  - id: a\n    template: {apiVersion: v1, kind: ConfigMap, metadata: {name: '${b.metadata.name}'}}\n  - id: b\n    template: {apiVersion: v1, kind: ConfigMap, metadata: {name: '${a.metadata.name}'}}\n",
    );
    let err = Rgd::from_yaml(&cycle).unwrap_err();
    assert_eq!(
        err,
        MigrateError::Cycle {
            cycle: vec!["a".into(), "b".into(), "a".into()]
        }
    );
    let unknown = rgd_with(
        "  - id: a\n    template: {apiVersion: v1, kind: ConfigMap, metadata: {name: '${nope.metadata.name}'}}\n",
    );
    let err = Rgd::from_yaml(&unknown).unwrap_err();
    assert_eq!(err.code(), "unknown_reference");
    assert_eq!(err.path(), "spec.resources[0].template.metadata.name");
}

#[test]
fn unsupported_features_are_rejected_with_paths() {
    let text = rgd_with(
        "  - id: a\n    externalRef: {apiVersion: v1, kind: ConfigMap, metadata: {name: x}}\n",
    );
    let err = Rgd::from_yaml(&text).unwrap_err();
    assert_eq!(
        (err.code(), err.path().as_str()),
        ("unsupported", "spec.resources[0].externalRef")
    );
    let text =
        rgd_with("  - id: a\n    forEach: []\n    template: {apiVersion: v1, kind: ConfigMap}\n");
    assert_eq!(Rgd::from_yaml(&text).unwrap_err().code(), "unsupported");
}

#[test]
fn evaluation_errors_name_the_expression() {
    let text = rgd_with(
        "  - id: a\n    template: {apiVersion: v1, kind: ConfigMap, metadata: {name: x}, data: {v: '${schema.spec.missing}'}}\n",
    );
    let rgd = Rgd::from_yaml(&text).unwrap();
    let err = render_instance(
        &rgd,
        &json!({"apiVersion": "kro.run/v1alpha1", "kind": "X", "metadata": {"name": "i"}}),
    )
    .unwrap_err();
    let MigrateError::CelEvaluation {
        path,
        expression,
        message,
    } = err
    else {
        panic!("{err}")
    };
    assert_eq!(
        (path.as_str(), expression.as_str()),
        ("spec.resources[0].template.data.v", "schema.spec.missing")
    );
    assert!(message.contains("missing"), "{message}");
    let text = rgd_with(
        "  - id: a\n    template: {apiVersion: v1, kind: ConfigMap, metadata: {name: 'x-${1 + 1}'}}\n",
    );
    let rgd = Rgd::from_yaml(&text).unwrap();
    let err = render_instance(
        &rgd,
        &json!({"apiVersion": "kro.run/v1alpha1", "kind": "X", "metadata": {"name": "i"}}),
    )
    .unwrap_err();
    assert!(err.to_string().contains("must be a string"), "{err}");
}

#[test]
fn unresolved_values_stay_unresolved_downstream_and_left_out_resources_in_the_status() {
    let text = "apiVersion: kro.run/v1alpha1\nkind: ResourceGraphDefinition\nmetadata: {name: x}\nspec:\n  schema:\n    apiVersion: v1alpha1\n    kind: X\n    spec:\n      on: boolean | default=false\n    status:\n      extra: ${extra.metadata.name}\n  resources:\n  - id: a\n    template:\n      apiVersion: v1\n      kind: ConfigMap\n      metadata:\n        name: a\n        labels:\n          app.kubernetes.io/id: ${a2.status.id}\n      data:\n        id: ${a2.status.id}\n        list: ['${a2.status.id}', plain]\n  - id: a2\n    template: {apiVersion: v1, kind: ConfigMap, metadata: {name: a2}}\n  - id: b\n    template:\n      apiVersion: v1\n      kind: ConfigMap\n      metadata: {name: b}\n      data:\n        fromLabel: ${a.metadata.labels['app.kubernetes.io/id']}\n        fromData: ${a.data.id}\n        fromList: ${a.data.list[1]}\n        name: ${a.metadata.name}\n  - id: extra\n    includeWhen: ['${schema.spec.on}']\n    template: {apiVersion: v1, kind: ConfigMap, metadata: {name: extra}}\n";
    let rgd = Rgd::from_yaml(text).unwrap();
    let render = render_instance(
        &rgd,
        &json!({"apiVersion": "kro.run/v1alpha1", "kind": "X", "metadata": {"name": "i"}}),
    )
    .unwrap();
    let b = &render
        .resources
        .iter()
        .find(|r| r.id == "b")
        .unwrap()
        .object;
    assert_eq!(
        b["data"]["name"], "a",
        "a resolved field of a partly unresolved resource"
    );
    for field in ["fromLabel", "fromData", "fromList"] {
        assert!(
            b["data"][field].as_str().unwrap().starts_with("${a."),
            "{field}: {}",
            b["data"][field]
        );
    }
    let references: Vec<&str> = render
        .unresolved
        .iter()
        .map(|u| u.reference.as_str())
        .collect();
    assert_eq!(
        references,
        [
            "a2.status.id",
            "a2.status.id",
            "a2.status.id",
            "a.metadata.labels.app.kubernetes.io/id",
            "a.data.id",
            "a.data.list",
            "extra.metadata.name (its resource is left out)",
        ]
    );
    assert_eq!(render.excluded.len(), 1);
}
