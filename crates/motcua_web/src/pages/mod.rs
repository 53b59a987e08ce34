//! One module per part of the site; each handler reads the request, calls
//! one `motcua_app` use case and renders one template.

pub mod account;
pub mod application;
pub mod apply;
pub mod catalogue;
pub mod home;
pub mod lookup;
pub mod my_dossiers;
pub mod payment;

use motcua_domain::{CopyType, DossierStatus, ProcessingUnit};

use crate::messages::{Lang, Messages};

/// One input of a form, as `templates/macros.html` draws it: label, hint,
/// the error at the field, and the value typed (never a password's).
#[derive(Debug, Clone)]
pub struct Input {
    /// Its `id` and `name`.
    pub id: &'static str,
    /// The label.
    pub label: &'static str,
    /// A hint under the label (empty: none).
    pub hint: &'static str,
    /// What was typed.
    pub value: String,
    /// What is wrong with it.
    pub error: Option<String>,
    /// The input's `type`.
    pub kind: &'static str,
    /// Its `autocomplete` token (empty: none).
    pub autocomplete: &'static str,
    /// Its `inputmode` (empty: none).
    pub inputmode: &'static str,
    /// A width class for inputs whose answers are short.
    pub width: &'static str,
}

impl Input {
    /// A text input.
    pub fn text(id: &'static str, label: &'static str, value: &str) -> Input {
        Input {
            id,
            label,
            hint: "",
            value: value.to_owned(),
            error: None,
            kind: "text",
            autocomplete: "",
            inputmode: "",
            width: "",
        }
    }

    /// With a hint.
    pub fn hint(mut self, hint: &'static str) -> Input {
        self.hint = hint;
        self
    }

    /// Of another `type`.
    pub fn kind(mut self, kind: &'static str) -> Input {
        self.kind = kind;
        self
    }

    /// With an `autocomplete` token.
    pub fn autocomplete(mut self, token: &'static str) -> Input {
        self.autocomplete = token;
        self
    }

    /// Digits: the numeric keyboard on phones.
    pub fn numeric(mut self) -> Input {
        self.inputmode = "numeric";
        self
    }

    /// Narrower than the column.
    pub fn width(mut self, class: &'static str) -> Input {
        self.width = class;
        self
    }

    /// With the error at it, if any.
    pub fn error(mut self, error: Option<String>) -> Input {
        self.error = error;
        self
    }

    /// With the error a posted form has at this input's id, if any.
    pub fn checked(self, errors: &crate::form::FormErrors) -> Input {
        let error = errors.at(self.id).map(str::to_owned);
        self.error(error)
    }

    /// A new password, its hint and the browser's password manager told so.
    pub fn new_password(label: &'static str, m: &crate::messages::Messages) -> Input {
        Input::text("password", label, "")
            .hint(m.new_password_hint)
            .kind("password")
            .autocomplete("new-password")
    }

    /// The new password again.
    pub fn password_again(m: &crate::messages::Messages) -> Input {
        Input::text("password_again", m.password_again_label, "")
            .kind("password")
            .autocomplete("new-password")
    }

    /// The ids that describe the input: its hint and its error.
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if !self.hint.is_empty() {
            ids.push(format!("{}-hint", self.id));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.id));
        }
        ids.join(" ")
    }
}

/// Where a dossier stands, in a citizen's words, and the colour of its tag.
pub(crate) struct DossierState {
    /// The status.
    pub status: DossierStatus,
    /// Its name for citizens.
    pub text: &'static str,
    /// What happens next.
    pub next: &'static str,
    /// The tag's class: `done`, `waiting` (on the applicant), `ended`, or
    /// none while the agency works.
    pub class: &'static str,
}

impl DossierState {
    /// The state of national status `code` (1–10).
    pub fn of(m: &Messages, code: u8) -> DossierState {
        let status = DossierStatus::ALL
            .into_iter()
            .find(|s| s.code() == code)
            .unwrap_or(DossierStatus::Received);
        let index = usize::from(status.code().saturating_sub(1)).min(9);
        let class = match status {
            DossierStatus::Finished | DossierStatus::Returned => "done",
            DossierStatus::SupplementRequested
            | DossierStatus::PaymentRequested
            | DossierStatus::WithdrawalRequested => "waiting",
            DossierStatus::Refused | DossierStatus::Stopped => "ended",
            _ => "",
        };
        DossierState {
            status,
            text: m.status_texts[index],
            next: m.status_next[index],
            class,
        }
    }
}

/// How a dossier came in, by its national channel code (1 counter, 2
/// online, 3 post), in the page's words.
pub(crate) fn channel_name(m: &Messages, code: u8) -> &'static str {
    match code {
        2 => m.channel_online,
        3 => m.channel_post,
        _ => m.channel_counter,
    }
}

/// "3 ngày làm việc" / "3 working days".
pub(crate) fn processing_time(lang: Lang, value: i64, unit: ProcessingUnit) -> String {
    let plural = if value == 1 { "" } else { "s" };
    match (lang, unit) {
        (Lang::Vi, unit) => unit.describe(u32::try_from(value).unwrap_or(0)),
        (Lang::En, ProcessingUnit::WorkingDays) => format!("{value} working day{plural}"),
        (Lang::En, ProcessingUnit::WorkingHours) => format!("{value} working hour{plural}"),
        (Lang::En, ProcessingUnit::CalendarDays) => format!("{value} day{plural}"),
        (Lang::En, ProcessingUnit::Months) => format!("{value} month{plural}"),
        (Lang::En, ProcessingUnit::WithinTheDay) => {
            "Within the day (after 3 p.m.: the next working day)".to_owned()
        }
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

/// The address of one of the citizen's applications.
pub(crate) fn application_path(id: &str) -> String {
    format!("/ho-so-cua-toi/{}", segment(id))
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
