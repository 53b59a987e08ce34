//! How numbers, money and instants are written for people in Vietnam: the
//! same on the pages, in the e-mails and on the forms.

use chrono::{DateTime, Datelike, FixedOffset, Timelike, Utc};
use motcua_calendar::VIETNAM_OFFSET;

/// An instant as the clock on a wall in Vietnam shows it (UTC+7 all year).
pub fn vietnam_time(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&VIETNAM_OFFSET)
}

/// `1.250.000`: thousands grouped with dots, the Vietnamese way.
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        grouped.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    grouped
}

/// `1.250.000 đồng`.
pub fn format_vnd(amount: i64) -> String {
    format!("{} đồng", group_thousands(amount))
}

/// `05/03/2026`, Vietnam time.
pub fn format_date(at: DateTime<Utc>) -> String {
    format_day(vietnam_time(at).date_naive())
}

/// A calendar day as forms print it: `05/03/2026`.
pub fn format_day(day: chrono::NaiveDate) -> String {
    format!("{:02}/{:02}/{}", day.day(), day.month(), day.year())
}

/// `05/03/2026 09:00`, Vietnam time.
pub fn format_date_time(at: DateTime<Utc>) -> String {
    let local = vietnam_time(at);
    format!(
        "{} {:02}:{:02}",
        format_date(at),
        local.hour(),
        local.minute()
    )
}

/// The `Content-Disposition` of a file sent for saving, never for showing:
/// `attachment`, an ASCII fallback name for old clients, and the real
/// (Vietnamese) name percent-encoded as RFC 6266 and RFC 5987 say.
pub fn attachment_disposition(file_name: &str) -> String {
    let fallback: String = file_name
        .chars()
        .map(|c| {
            if c == ' ' || (c.is_ascii_graphic() && c != '"' && c != '\\') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = file_name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;

    #[test]
    fn a_file_is_sent_for_saving_under_its_own_name() {
        assert_eq!(
            attachment_disposition("Tờ khai \"mới\".pdf"),
            "attachment; filename=\"T_ khai _m_i_.pdf\"; filename*=UTF-8''T%E1%BB%9D%20khai%20%22m%E1%BB%9Bi%22.pdf"
        );
    }

    #[test]
    fn amounts_are_grouped_by_thousands_with_dots() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1_000), "1.000");
        assert_eq!(group_thousands(-1_250_000), "-1.250.000");
        assert_eq!(format_vnd(100_000), "100.000 đồng");
    }

    #[test]
    fn instants_are_written_as_a_clock_in_vietnam_shows_them() {
        let at = Utc
            .with_ymd_and_hms(2026, 3, 4, 19, 5, 0)
            .single()
            .unwrap_or_default();
        assert_eq!(format_date(at), "05/03/2026");
        assert_eq!(format_date_time(at), "05/03/2026 02:05");
    }
}
