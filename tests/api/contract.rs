//! `openapi.yaml` and the routes the server registers stay in step, and the
//! document carries examples everywhere a client needs one.

use serde_json::Value;
use std::collections::BTreeSet;

fn document() -> Value {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml")).unwrap();
    serde_norway::from_str(&text).unwrap()
}

const METHODS: [&str; 4] = ["get", "post", "put", "delete"];

#[test]
fn every_route_is_documented_and_every_documented_route_exists() {
    let doc = document();
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                let id = operation["operationId"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{method} {path} has no operationId"));
                documented.insert((method.to_owned(), path.clone(), id.to_owned()));
            }
        }
    }
    let served: BTreeSet<(String, String, String)> = motcua_api::ROUTES
        .iter()
        .map(|(m, p, id)| ((*m).to_owned(), (*p).to_owned(), (*id).to_owned()))
        .collect();
    let missing: Vec<_> = served.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&served).collect();
    assert!(
        missing.is_empty(),
        "served but not in openapi.yaml: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "in openapi.yaml but not served: {extra:?}"
    );
}

fn has_example(content: &Value) -> bool {
    content.get("example").is_some()
        || content
            .get("examples")
            .is_some_and(|e| e.as_object().is_some_and(|o| !o.is_empty()))
}

#[test]
fn every_operation_has_examples_and_problem_answers() {
    let doc = document();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let at = format!("{method} {path}");
            assert!(operation["summary"].is_string(), "{at}: no summary");
            // A JSON body needs an example; file uploads are bytes.
            if let Some(json) = operation
                .get("requestBody")
                .and_then(|body| body["content"].get("application/json"))
            {
                assert!(has_example(json), "{at}: request body without an example");
                // The extractor answers 415 to any other content type, so the
                // answer must be documented (schemathesis sends none at all).
                assert!(
                    operation["responses"].get("415").is_some(),
                    "{at}: a JSON body without its 415 answer"
                );
            }
            let responses = operation["responses"]
                .as_object()
                .unwrap_or_else(|| panic!("{at}: no responses"));
            let mut success = false;
            for (status, response) in responses {
                let response = match response.get("$ref").and_then(Value::as_str) {
                    Some(reference) => {
                        &doc["components"]["responses"][reference.rsplit('/').next().unwrap()]
                    }
                    None => response,
                };
                if status.starts_with('2') {
                    success = true;
                    if let Some(json) = response["content"].get("application/json") {
                        assert!(has_example(json), "{at} {status}: no example");
                    }
                } else if status.starts_with('4') || status.starts_with('5') {
                    assert!(
                        response["content"]
                            .get("application/problem+json")
                            .is_some(),
                        "{at} {status}: error answers are problem+json"
                    );
                }
            }
            assert!(success, "{at}: no success response");
        }
    }
}

#[test]
fn every_reason_a_use_case_gives_is_documented_in_order() {
    let doc = document();
    let documented: Vec<&str> =
        doc["components"]["schemas"]["Problem"]["properties"]["reason"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
    let given: Vec<&str> = motcua_app::Reason::ALL.iter().map(|r| r.as_str()).collect();
    assert_eq!(documented, given);
}
