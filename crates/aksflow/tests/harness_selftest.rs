mod support;

#[test]
fn loads() {
    let Some(crds) = support::crds() else { return };
    let t = std::time::Instant::now();
    let f = crds.preparation_failures();
    eprintln!("prepared in {:?}: {f:#?}", t.elapsed());
}
