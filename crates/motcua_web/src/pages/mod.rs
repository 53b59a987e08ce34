//! One module per part of the site; each handler reads the request, calls
//! one `motcua_app` use case and renders one template.

pub mod catalogue;
pub mod home;
pub mod lookup;

use motcua_domain::{CopyType, ProcessingUnit};

use crate::messages::{Lang, Messages};

/// "3 ngày làm việc" / "3 working days".
pub(crate) fn processing_time(lang: Lang, value: i64, unit: ProcessingUnit) -> String {
    match (lang, unit) {
        (Lang::Vi, ProcessingUnit::WorkingDays) => format!("{value} ngày làm việc"),
        (Lang::Vi, ProcessingUnit::WorkingHours) => format!("{value} giờ làm việc"),
        (Lang::En, ProcessingUnit::WorkingDays) if value == 1 => "1 working day".to_owned(),
        (Lang::En, ProcessingUnit::WorkingDays) => format!("{value} working days"),
        (Lang::En, ProcessingUnit::WorkingHours) if value == 1 => "1 working hour".to_owned(),
        (Lang::En, ProcessingUnit::WorkingHours) => format!("{value} working hours"),
    }
}

/// "Bản chính" / "Original".
pub(crate) fn copy_type(m: &Messages, copy: CopyType) -> &'static str {
    match copy {
        CopyType::Original => m.copy_original,
        CopyType::CertifiedCopy => m.copy_certified,
        CopyType::Copy => m.copy_copy,
    }
}

/// A link with its query, as `/thu-tuc?q=..&trang=2`.
pub(crate) fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .copied()
        .filter(|(_, v)| !v.is_empty())
        .collect();
    if pairs.is_empty() {
        return path.to_owned();
    }
    match serde_urlencoded::to_string(&pairs) {
        Ok(query) => format!("{path}?{query}"),
        Err(_) => path.to_owned(),
    }
}

/// A path segment, escaped.
pub(crate) fn segment(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, SEGMENT).to_string()
}

const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_only_the_filters_that_are_set() {
        assert_eq!(
            with_query("/thu-tuc", &[("q", ""), ("trang", "")]),
            "/thu-tuc"
        );
        assert_eq!(
            with_query(
                "/thu-tuc",
                &[("q", "khai sinh"), ("linh-vuc", ""), ("trang", "2")]
            ),
            "/thu-tuc?q=khai+sinh&trang=2"
        );
        assert_eq!(
            segment("000.25.01.H26-260305-0001"),
            "000.25.01.H26-260305-0001"
        );
        assert_eq!(segment("a/b c"), "a%2Fb%20c");
    }

    #[test]
    fn processing_times_read_naturally_in_both_languages() {
        assert_eq!(
            processing_time(Lang::Vi, 3, ProcessingUnit::WorkingDays),
            "3 ngày làm việc"
        );
        assert_eq!(
            processing_time(Lang::En, 1, ProcessingUnit::WorkingDays),
            "1 working day"
        );
        assert_eq!(
            processing_time(Lang::En, 8, ProcessingUnit::WorkingHours),
            "8 working hours"
        );
    }
}
