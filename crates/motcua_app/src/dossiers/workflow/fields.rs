//! The fields of the workflow's actions, parsed the same way whether they
//! came as the API's JSON or as a page's form: a violation names the field,
//! so each caller says it where its user typed it.

use motcua_domain::{Violation, Violations, required_text};

use super::commands::ReturnMethod;

/// An optional remark: trimmed, at most 2000 characters, none when blank.
pub fn note(v: &mut Violations, field: &str, text: Option<String>) -> Option<String> {
    text.and_then(|t| {
        if t.chars().count() > 2000 {
            v.push(Violation::new(field, "too_long", "at most 2000 characters"));
            None
        } else {
            Some(t.trim().to_owned()).filter(|t| !t.is_empty())
        }
    })
}

/// A required reason the applicant reads: trimmed, 1 to 2000 characters.
pub fn reason(v: &mut Violations, field: &str, text: &str) -> Option<String> {
    v.check(required_text(field, text, 2000))
}

/// A list the applicant reads (what to bring, why refused): 1 to 50 items
/// of 1 to 1000 characters each; a violation names the item (`items[2]`).
pub fn list(v: &mut Violations, field: &str, items: &[String]) -> Option<Vec<String>> {
    if items.is_empty() || items.len() > 50 {
        v.push(Violation::new(field, "out_of_range", "give 1 to 50 items"));
        return None;
    }
    let parsed: Vec<Option<String>> = items
        .iter()
        .enumerate()
        .map(|(i, item)| v.check(required_text(&format!("{field}[{i}]"), item, 1000)))
        .collect();
    parsed.into_iter().collect()
}

/// An optional id, which must be a UUID (a unit, a colleague).
pub fn id(v: &mut Violations, field: &str, text: Option<String>) -> Option<String> {
    text.and_then(|t| match uuid::Uuid::parse_str(&t) {
        Ok(uuid) => Some(uuid.to_string()),
        Err(_) => {
            v.push(Violation::new(field, "invalid_id", "expected a UUID"));
            None
        }
    })
}

/// How the result was handed over (`counter`, `post` or `online`); only a
/// result sent by post has, and must have, a tracking number.
pub fn return_method(
    v: &mut Violations,
    method: &str,
    tracking_number: Option<&str>,
) -> Option<ReturnMethod> {
    let violation = match (method, tracking_number) {
        ("counter", None) => return Some(ReturnMethod::Counter),
        ("online", None) => return Some(ReturnMethod::Online),
        ("post", Some(number)) => {
            return v
                .check(required_text("tracking_number", number, 40))
                .map(|tracking_number| ReturnMethod::Post { tracking_number });
        }
        ("post", None) => Violation::new(
            "tracking_number",
            "required",
            "a result sent by post needs its tracking number",
        ),
        ("counter" | "online", Some(_)) => Violation::new(
            "tracking_number",
            "not_allowed",
            "only a result sent by post has a tracking number",
        ),
        (other, _) => Violation::new(
            "method",
            "unknown_method",
            format!("{other:?}: expected counter, post or online"),
        ),
    };
    v.push(violation);
    None
}
