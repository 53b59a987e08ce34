//! Agencies (cơ quan) and their identifier codes.

use std::fmt;
use std::str::FromStr;

use crate::Violation;

/// An agency identifier code (mã định danh điện tử, Decision 20/2020/QĐ-TTg):
/// groups of digits and capital letters separated by dots, at most 35
/// characters, e.g. `000.00.15.H29`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct AgencyCode(String);

impl AgencyCode {
    /// The longest code the decision allows.
    pub const MAX_LENGTH: usize = 35;

    /// Parses a code; `field` names it in the violation.
    pub fn parse(field: &str, text: &str) -> Result<Self, Violation> {
        let invalid = |why: &str| {
            Violation::new(
                field,
                "invalid_agency_code",
                format!(
                    "{why}: an agency code is dot-separated groups of digits and capital letters, e.g. 000.00.15.H29"
                ),
            )
        };
        if text.is_empty() || text.len() > Self::MAX_LENGTH {
            return Err(invalid("must be 1 to 35 characters"));
        }
        let groups: Vec<&str> = text.split('.').collect();
        if groups.len() < 2 {
            return Err(invalid("needs at least two groups"));
        }
        if groups.iter().any(|g| {
            g.is_empty()
                || !g
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        }) {
            return Err(invalid(
                "has an empty group or a character other than 0-9 and A-Z",
            ));
        }
        Ok(AgencyCode(text.to_owned()))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AgencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for AgencyCode {
    type Err = Violation;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        AgencyCode::parse("agency_code", text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_codes_parse() {
        for code in [
            "000.00.15.H29",
            "000.A0.01.H26",
            "000.701.18.G12",
            "38.98.H29",
            "G09.20",
        ] {
            assert_eq!(AgencyCode::parse("c", code).unwrap().as_str(), code);
        }
    }

    #[test]
    fn malformed_codes_are_refused() {
        for code in [
            "",
            "H29",
            "000..H29",
            "000.00.h29",
            "000.00.H29.",
            "000-00-H29",
            &"1.".repeat(20),
        ] {
            let err = AgencyCode::parse("agency.code", code).unwrap_err();
            assert_eq!(
                (err.field.as_str(), err.code),
                ("agency.code", "invalid_agency_code"),
                "{code}"
            );
        }
    }
}
