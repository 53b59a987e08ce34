//! Text rules shared by every field.

use unicode_normalization::UnicodeNormalization;

use crate::Violation;

/// Trimmed, NFC-normalised text of 1 to `max` characters without control
/// characters: the rule for every name, address and title.
pub fn required_text(field: &str, value: &str, max: usize) -> Result<String, Violation> {
    let text: String = value.trim().nfc().collect();
    if text.is_empty() {
        return Err(Violation::new(field, "required", "must not be empty"));
    }
    if text.chars().count() > max {
        return Err(Violation::new(
            field,
            "too_long",
            format!("must be at most {max} characters"),
        ));
    }
    if text.chars().any(char::is_control) {
        return Err(Violation::new(
            field,
            "control_characters",
            "must not contain control characters",
        ));
    }
    Ok(text)
}

/// Lower case without diacritics, so that "dang ky khai sinh" finds
/// "Đăng ký khai sinh": what people type into a search box.
pub fn fold_for_search(text: &str) -> String {
    text.nfd()
        .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text made safe to put in HTML, in an element or a quoted attribute: the
/// one escape every printed form and e-mail uses for what people typed.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_vietnamese_diacritics() {
        assert_eq!(fold_for_search("Đăng ký  KHAI SINH"), "dang ky khai sinh");
        assert_eq!(fold_for_search("Chứng thực bản sao"), "chung thuc ban sao");
    }

    #[test]
    fn required_text_is_trimmed_and_bounded() {
        assert_eq!(required_text("name", "  Hà Nội ", 10), Ok("Hà Nội".into()));
        assert_eq!(
            required_text("name", "   ", 10).unwrap_err().code,
            "required"
        );
        assert_eq!(
            required_text("name", "abcdefghijk", 10).unwrap_err().code,
            "too_long"
        );
        assert_eq!(
            required_text("name", "a\u{0}b", 10).unwrap_err().code,
            "control_characters"
        );
    }
}
