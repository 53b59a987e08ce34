//! SMS text: how many messages a text costs, and how to make it fit.
//!
//! A text in the GSM 7-bit alphabet fits 160 characters in one message and
//! 153 per part when split; anything else (Vietnamese with its marks) is sent
//! as UCS-2: 70 in one, 67 per part.

use unicode_normalization::UnicodeNormalization as _;

/// The GSM 03.38 default alphabet (one septet each).
const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// Its extension table (an escape plus one septet: two each).
const GSM_EXTENDED: &str = "^{}\\[~]|€\u{c}";

fn septets(c: char) -> Option<usize> {
    if GSM_BASIC.contains(c) {
        Some(1)
    } else if GSM_EXTENDED.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// Whether `text` can go in the 7-bit alphabet.
pub fn is_gsm7(text: &str) -> bool {
    text.chars().all(|c| septets(c).is_some())
}

/// How many messages `text` takes (0 for an empty text).
pub fn segments(text: &str) -> usize {
    let gsm: Option<usize> = text.chars().map(septets).sum();
    let (length, single, part) = match gsm {
        Some(septets) => (septets, 160, 153),
        None => (text.encode_utf16().count(), 70, 67),
    };
    match length {
        0 => 0,
        n if n <= single => 1,
        n => n.div_ceil(part),
    }
}

/// `text` without Vietnamese marks: `Hồ sơ đã được tiếp nhận` becomes
/// `Ho so da duoc tiep nhan`. Letters are decomposed (NFD), the combining
/// marks dropped, and `đ`/`Đ`, which do not decompose, mapped by hand.
pub fn fold_diacritics(text: &str) -> String {
    text.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            '–' | '—' => '-',
            '‘' | '’' => '\'',
            '“' | '”' => '"',
            '…' => '.',
            other => other,
        })
        .collect()
}

/// `text` cut, if need be, so that it takes at most `max_segments` messages;
/// a cut text ends with an ellipsis.
pub fn fit(text: &str, max_segments: usize) -> String {
    if segments(text) <= max_segments {
        return text.to_owned();
    }
    let ellipsis = if is_gsm7(text) { "..." } else { "…" };
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>().trim_end().to_owned() + ellipsis;
        if segments(&candidate) <= max_segments {
            return candidate;
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_marks_are_folded() {
        assert_eq!(
            fold_diacritics("Hồ sơ đã được tiếp nhận. ĐƯỢC ƯU TIÊN"),
            "Ho so da duoc tiep nhan. DUOC UU TIEN"
        );
        assert_eq!(
            fold_diacritics("Xin lỗi — hẹn mới: 09:00 ngày 01/12/2026"),
            "Xin loi - hen moi: 09:00 ngay 01/12/2026"
        );
        assert!(is_gsm7(&fold_diacritics(
            "ắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
        )));
    }

    #[test]
    fn segments_follow_the_two_alphabets() {
        assert_eq!(segments(""), 0);
        assert_eq!(segments(&"a".repeat(160)), 1);
        assert_eq!(segments(&"a".repeat(161)), 2);
        assert_eq!(segments(&"a".repeat(306)), 2);
        assert_eq!(segments(&"a".repeat(307)), 3);
        // An extension character counts twice.
        assert_eq!(segments(&format!("{}[", "a".repeat(158))), 1);
        assert_eq!(segments(&format!("{}[", "a".repeat(159))), 2);
        // One Vietnamese letter makes it UCS-2.
        assert_eq!(segments(&"ệ".repeat(70)), 1);
        assert_eq!(segments(&"ệ".repeat(71)), 2);
        assert_eq!(segments(&"ệ".repeat(134)), 2);
        assert_eq!(segments(&"ệ".repeat(135)), 3);
    }

    #[test]
    fn long_texts_are_cut_to_fit() {
        let ascii = fit(&"word ".repeat(100), 2);
        assert_eq!(segments(&ascii), 2);
        assert!(ascii.ends_with("..."));
        let unicode = fit(&"tiếng ".repeat(100), 2);
        assert_eq!(segments(&unicode), 2);
        assert!(unicode.ends_with('…'));
        assert_eq!(fit("ngắn", 1), "ngắn");
    }
}
