//! The applicant's rating of the service (đánh giá mức độ hài lòng; Decree
//! 61/2018 Art. 30–31, Circular 01/2018 Ch. III): nine criteria, 0 to 2
//! points each, 18 in all.

use crate::Violation;

/// The nine criteria, in the order of the evaluation table.
pub const CRITERIA: [&str; 9] = [
    // 1. Total processing time against the legal limit.
    "total_time",
    // 2. Time taken by each agency involved, coordinating units included.
    "time_per_agency",
    // 3. Contacts with the reception point needed to complete the dossier.
    "contacts_needed",
    // 4. Agencies or units that had to be contacted.
    "agencies_contacted",
    // 5. Receiving, processing and returning at the one-stop section.
    "one_stop_section",
    // 6. Publication of the procedure.
    "procedure_publication",
    // 7. Staff attitude when guiding, receiving and processing.
    "staff_attitude",
    // 8. Receiving and answering feedback and complaints.
    "feedback_handling",
    // 9. Progress and quality of the online public service.
    "online_service",
];

/// A rating, parsed: a score of 0 (not satisfied), 1 (satisfied) or 2 (very
/// satisfied) for each criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rating {
    scores: [u8; 9],
}

impl Rating {
    /// Reads one score per criterion; every criterion must be scored, once.
    pub fn parse(scores: &[(String, i64)]) -> Result<Rating, Vec<Violation>> {
        let mut violations = Vec::new();
        let mut parsed = [None; 9];
        for (name, score) in scores {
            let field = format!("scores.{name}");
            let Some(index) = CRITERIA.iter().position(|c| c == name) else {
                violations.push(Violation::new(
                    field,
                    "unknown_criterion",
                    format!("expected one of {}", CRITERIA.join(", ")),
                ));
                continue;
            };
            if parsed[index].is_some() {
                violations.push(Violation::new(
                    field,
                    "duplicate",
                    "score each criterion once",
                ));
                continue;
            }
            match u8::try_from(*score) {
                Ok(score @ 0..=2) => parsed[index] = Some(score),
                _ => violations.push(Violation::new(
                    field,
                    "out_of_range",
                    "0 (not satisfied), 1 (satisfied) or 2 (very satisfied)",
                )),
            }
        }
        for (index, score) in parsed.iter().enumerate() {
            if score.is_none()
                && !violations
                    .iter()
                    .any(|v| v.field == format!("scores.{}", CRITERIA[index]))
            {
                violations.push(Violation::new(
                    format!("scores.{}", CRITERIA[index]),
                    "required",
                    "score every criterion",
                ));
            }
        }
        if !violations.is_empty() {
            return Err(violations);
        }
        Ok(Rating {
            scores: parsed.map(|s| s.unwrap_or(0)),
        })
    }

    /// The scores, in the order of [`CRITERIA`].
    pub fn scores(&self) -> [u8; 9] {
        self.scores
    }

    /// The rating of stored scores.
    pub fn from_scores(scores: [u8; 9]) -> Option<Rating> {
        scores.iter().all(|s| *s <= 2).then_some(Rating { scores })
    }

    /// Out of 18.
    pub fn total(&self) -> u32 {
        self.scores.iter().map(|s| u32::from(*s)).sum()
    }

    /// The band of the total, as one province's table grades it (the
    /// official thresholds are not published): above 15 excellent (xuất
    /// sắc), 12 to 15 good (tốt; the table leaves 15 itself open, and we
    /// count it good), 9 to 11 fair (khá), 6 to 8 average (trung bình),
    /// below 6 poor (yếu).
    pub fn band(&self) -> &'static str {
        match self.total() {
            16.. => "excellent",
            12..=15 => "good",
            9..=11 => "fair",
            6..=8 => "average",
            _ => "poor",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(score: i64) -> Vec<(String, i64)> {
        CRITERIA.iter().map(|c| ((*c).to_owned(), score)).collect()
    }

    #[test]
    fn nine_criteria_of_two_points_make_eighteen() {
        let top = Rating::parse(&all(2)).unwrap();
        assert_eq!(top.total(), 18);
        assert_eq!(top.band(), "excellent");
        assert_eq!(Rating::parse(&all(0)).unwrap().band(), "poor");
        let mut mixed = all(2);
        mixed[0].1 = 0;
        mixed[1].1 = 1;
        mixed[2].1 = 0;
        assert_eq!(Rating::parse(&mixed).unwrap().total(), 13);
        assert_eq!(Rating::parse(&mixed).unwrap().band(), "good");
        assert_eq!(Rating::from_scores(top.scores()), Some(top));
        assert_eq!(Rating::from_scores([3; 9]), None);
    }

    #[test]
    fn every_criterion_is_scored_once_within_range() {
        let mut missing = all(1);
        missing.pop();
        let errors = Rating::parse(&missing).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "scores.online_service");
        let mut wrong = all(1);
        wrong[0].1 = 3;
        wrong.push(("speed".into(), 1));
        let errors = Rating::parse(&wrong).unwrap_err();
        let codes: Vec<&str> = errors.iter().map(|v| v.code).collect();
        assert_eq!(codes, ["out_of_range", "unknown_criterion"]);
    }
}
