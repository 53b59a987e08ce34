//! The counter's decision on a paper dossier (Decree 61/2018 Art. 16, now
//! Decree 118/2025): receive it and give an appointment (Mẫu 01), guide the
//! applicant once, in writing, to complete it (Mẫu 02), or refuse it with
//! reasons (Mẫu 03).

use crate::text::required_text;
use crate::{CopyType, RequiredDocument, Violation, Violations};

/// A document handed in: which of the procedure's required documents (by its
/// position in the list), in which form, how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubmittedDocument {
    /// Position in the procedure's list of documents, from 0.
    pub index: usize,
    /// The form handed in.
    pub copy_type: CopyType,
    /// How many.
    pub count: u8,
}

/// Something the applicant must still bring.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MissingItem {
    /// The required document it concerns, if any.
    pub document: Option<String>,
    /// What to bring or fix.
    pub reason: String,
}

/// What the counter does with the dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntakeDecision {
    /// Complete and valid: receive it, allocate a code, start the clock.
    Receive,
    /// Incomplete: list everything missing, once (no dossier code is used).
    RequestSupplement(Vec<MissingItem>),
    /// Not receivable: refuse with reasons.
    Refuse(Vec<String>),
}

/// Decides intake from the documents handed in against the procedure's list,
/// the clerk's own supplement requests (a copy that must be certified, a form
/// filled in wrongly) and refusal reasons. A refusal wins; then anything
/// missing; otherwise the dossier is received.
pub fn decide_intake(
    required: &[RequiredDocument],
    submitted: &[SubmittedDocument],
    supplement_requests: &[String],
    refusal_reasons: &[String],
) -> Result<IntakeDecision, Vec<Violation>> {
    let mut v = Violations::new();
    let mut seen = vec![false; required.len()];
    for (i, doc) in submitted.iter().enumerate() {
        let at = format!("documents[{i}]");
        match seen.get_mut(doc.index) {
            None => v.push(Violation::new(
                format!("{at}.index"),
                "unknown_document",
                format!(
                    "the procedure lists {} documents (0 to {})",
                    required.len(),
                    required.len().saturating_sub(1)
                ),
            )),
            Some(true) => v.push(Violation::new(
                format!("{at}.index"),
                "duplicate",
                "each document is listed once",
            )),
            Some(slot) => *slot = true,
        }
        if !(1..=99).contains(&doc.count) {
            v.push(Violation::new(
                format!("{at}.count"),
                "out_of_range",
                "must be 1 to 99",
            ));
        }
    }
    let requests: Vec<String> = supplement_requests
        .iter()
        .enumerate()
        .filter_map(|(i, text)| {
            v.check(required_text(
                &format!("supplement_requests[{i}]"),
                text,
                1_000,
            ))
        })
        .collect();
    let reasons: Vec<String> = refusal_reasons
        .iter()
        .enumerate()
        .filter_map(|(i, text)| {
            v.check(required_text(&format!("refusal_reasons[{i}]"), text, 1_000))
        })
        .collect();
    if !v.is_empty() {
        return v.finish(|| None);
    }
    if !reasons.is_empty() {
        return Ok(IntakeDecision::Refuse(reasons));
    }
    let mut missing: Vec<MissingItem> = required
        .iter()
        .zip(&seen)
        .filter(|(doc, handed_in)| doc.mandatory && !**handed_in)
        .map(|(doc, _)| MissingItem {
            document: Some(doc.name.clone()),
            reason: format!(
                "Thiếu {} ({}, {} bản)",
                doc.name,
                doc.copy_type.label().to_lowercase(),
                doc.count
            ),
        })
        .collect();
    // What was handed in must be in the form and number the procedure asks
    // for: a plain copy where a certified copy or the original is required
    // is as good as missing, and so is one copy where two are.
    for doc in submitted {
        let Some(want) = required.get(doc.index) else {
            continue;
        };
        if !doc.copy_type.meets(want.copy_type) {
            missing.push(MissingItem {
                document: Some(want.name.clone()),
                reason: format!(
                    "{}: cần {}, đã nộp {}",
                    want.name,
                    want.copy_type.label().to_lowercase(),
                    doc.copy_type.label().to_lowercase()
                ),
            });
        } else if doc.count < want.count {
            missing.push(MissingItem {
                document: Some(want.name.clone()),
                reason: format!(
                    "{}: cần {} bản, đã nộp {} bản",
                    want.name, want.count, doc.count
                ),
            });
        }
    }
    missing.extend(requests.into_iter().map(|reason| MissingItem {
        document: None,
        reason,
    }));
    Ok(if missing.is_empty() {
        IntakeDecision::Receive
    } else {
        IntakeDecision::RequestSupplement(missing)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn required() -> Vec<RequiredDocument> {
        let doc = |name: &str, mandatory| RequiredDocument {
            name: name.into(),
            copy_type: CopyType::Original,
            count: 1,
            mandatory,
            form: None,
        };
        vec![
            doc("Tờ khai", true),
            doc("Giấy chứng sinh", true),
            doc("Văn bản ủy quyền", false),
        ]
    }

    fn handed(index: usize) -> SubmittedDocument {
        SubmittedDocument {
            index,
            copy_type: CopyType::Original,
            count: 1,
        }
    }

    #[test]
    fn a_complete_dossier_is_received() {
        assert_eq!(
            decide_intake(&required(), &[handed(0), handed(1)], &[], &[]),
            Ok(IntakeDecision::Receive)
        );
    }

    #[test]
    fn every_missing_mandatory_document_is_listed() {
        let IntakeDecision::RequestSupplement(items) = decide_intake(
            &required(),
            &[handed(2)],
            &["Ký tên vào tờ khai".into()],
            &[],
        )
        .unwrap() else {
            panic!("expected a supplement request");
        };
        let what: Vec<Option<&str>> = items.iter().map(|i| i.document.as_deref()).collect();
        assert_eq!(what, [Some("Tờ khai"), Some("Giấy chứng sinh"), None]);
    }

    #[test]
    fn a_copy_where_the_original_is_required_or_too_few_copies_are_not_enough() {
        let mut required = required();
        required[1].copy_type = CopyType::CertifiedCopy;
        required[1].count = 2;
        let copy = SubmittedDocument {
            copy_type: CopyType::Copy,
            ..handed(0)
        };
        let one_certified = SubmittedDocument {
            copy_type: CopyType::CertifiedCopy,
            ..handed(1)
        };
        let IntakeDecision::RequestSupplement(items) =
            decide_intake(&required, &[copy, one_certified], &[], &[]).unwrap()
        else {
            panic!("expected a supplement request");
        };
        let reasons: Vec<&str> = items.iter().map(|i| i.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "Tờ khai: cần bản chính, đã nộp bản sao",
                "Giấy chứng sinh: cần 2 bản, đã nộp 1 bản"
            ]
        );
        // The original meets a certified copy's requirement.
        let originals = SubmittedDocument {
            count: 2,
            ..handed(1)
        };
        assert_eq!(
            decide_intake(&required, &[handed(0), originals], &[], &[]),
            Ok(IntakeDecision::Receive)
        );
    }

    #[test]
    fn a_refusal_wins() {
        assert_eq!(
            decide_intake(&required(), &[], &[], &["Không thuộc thẩm quyền".into()]),
            Ok(IntakeDecision::Refuse(vec![
                "Không thuộc thẩm quyền".into()
            ]))
        );
    }

    #[test]
    fn unknown_and_duplicate_documents_are_violations() {
        let errors = decide_intake(
            &required(),
            &[handed(0), handed(0), handed(7)],
            &[],
            &[" ".into()],
        )
        .unwrap_err();
        let codes: Vec<&str> = errors.iter().map(|v| v.code).collect();
        assert_eq!(codes, ["duplicate", "unknown_document", "required"]);
    }
}
