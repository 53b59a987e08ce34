//! Finding a dossier among the agency's: by its code, by a number the
//! applicant reads out (ID number, tax code, phone), or by words of the
//! applicant's name or organisation, with or without diacritics.

use motcua_db::dossiers::{self as store, Search};
use motcua_domain::{DossierCode, PhoneNumber, Violation, fold_for_search, required_text};

use crate::app::App;
use crate::dossiers::reads::{DossierSummary, STAFF, summaries};
use crate::error::{AppError, AppResult};
use crate::staff::principal::Principal;

/// The most a search returns: enough to pick from, few enough to read;
/// a longer list means the words should be more precise.
pub const SEARCH_LIMIT: i64 = 100;

/// What a staff member typed into the search box, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierSearch(Search);

impl DossierSearch {
    /// A dossier code finds that dossier; digits (spaces, dots and dashes
    /// aside) an ID number, a tax code or a phone; anything else at least
    /// two letters of the applicant's name or organisation.
    pub fn parse(field: &str, text: &str) -> Result<DossierSearch, Violation> {
        let text = required_text(field, text, 100)?;
        let text = text.as_str();
        if let Ok(code) = DossierCode::parse(field, text) {
            return Ok(DossierSearch(Search::Code(code.to_string())));
        }
        let digits: String = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-'))
            .collect();
        let numeric = digits
            .strip_prefix('+')
            .unwrap_or(&digits)
            .bytes()
            .all(|b| b.is_ascii_digit());
        if numeric && digits.len() >= 9 {
            let phone = PhoneNumber::parse(field, text)
                .ok()
                .map(|p| p.as_str().to_owned());
            return Ok(DossierSearch(Search::Number {
                // A tax code's branch suffix is written with a dash.
                digits: if text.contains('-') && digits.len() == 13 {
                    format!("{}-{}", &digits[..10], &digits[10..])
                } else {
                    digits
                },
                phone,
            }));
        }
        let words = fold_for_search(text);
        if words.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
            return Err(Violation::new(
                field,
                "too_short",
                "a dossier code, a number, or at least two letters of a name",
            ));
        }
        Ok(DossierSearch(Search::Name(words)))
    }
}

impl App {
    /// The agency's dossiers `search` finds (received or held), the most
    /// recently received first, at most [`SEARCH_LIMIT`].
    pub async fn search_dossiers(
        &self,
        principal: Principal,
        search: DossierSearch,
        limit: i64,
    ) -> AppResult<Vec<DossierSummary>> {
        principal.require(&STAFF)?;
        if !(1..=SEARCH_LIMIT).contains(&limit) {
            return Err(AppError::invalid(
                "limit",
                "out_of_range",
                format!("1 to {SEARCH_LIMIT}"),
            ));
        }
        self.blocking(move |s| {
            let now = s.clock.now();
            let mut conn = s.db.get()?;
            let rows = store::search(&mut conn, &principal.agency_id, &search.0, limit)?;
            summaries(&mut conn, &rows, now)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Search {
        DossierSearch::parse("q", text).unwrap().0
    }

    #[test]
    fn a_code_a_number_or_words_of_a_name() {
        assert_eq!(
            parsed(" 000.25.01.H26-260302-0001 "),
            Search::Code("000.25.01.H26-260302-0001".into())
        );
        assert_eq!(
            parsed("001 203 004 567"),
            Search::Number {
                digits: "001203004567".into(),
                phone: None
            }
        );
        assert_eq!(
            parsed("+84 912 345 678"),
            Search::Number {
                digits: "+84912345678".into(),
                phone: Some("0912345678".into())
            }
        );
        assert_eq!(
            parsed("0101234567-001"),
            Search::Number {
                digits: "0101234567-001".into(),
                phone: None
            }
        );
        assert_eq!(
            parsed("Nguyễn  VĂN an"),
            Search::Name("nguyen van an".into())
        );
        assert_eq!(parsed("ĐỨC"), Search::Name("duc".into()));
    }

    #[test]
    fn too_little_to_search_for_is_said() {
        for text in ["", " ", "a", "%", "-- -", "x\u{0}y"] {
            assert!(DossierSearch::parse("q", text).is_err(), "{text:?}");
        }
    }
}
