//! How an applicant wants to hear about their dossier: by e-mail, by SMS,
//! both or neither (at the counter only), and in which language.

use crate::{Applicant, NoticeChannels, Violation};

/// The language of notices to the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NoticeLanguage {
    /// Tiếng Việt (the default).
    #[default]
    Vi,
    /// English.
    En,
}

impl NoticeLanguage {
    /// `vi` or `en`.
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeLanguage::Vi => "vi",
            NoticeLanguage::En => "en",
        }
    }

    /// The language of a stored code.
    pub fn from_stored(code: &str) -> Option<NoticeLanguage> {
        match code {
            "vi" => Some(NoticeLanguage::Vi),
            "en" => Some(NoticeLanguage::En),
            _ => None,
        }
    }
}

/// A language code that is not `vi` or `en`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?}: expected vi or en")]
pub struct UnknownLanguage(pub String);

impl std::str::FromStr for NoticeLanguage {
    type Err = UnknownLanguage;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        NoticeLanguage::from_stored(text).ok_or_else(|| UnknownLanguage(text.to_owned()))
    }
}

/// The applicant's choice, checked against the contacts they gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NoticePreferences {
    /// Notices by e-mail.
    pub by_email: bool,
    /// Notices by SMS.
    pub by_sms: bool,
    /// In which language.
    pub language: NoticeLanguage,
}

impl NoticePreferences {
    /// Parses the channels (`email`, `sms`) and language (`vi`, `en`) asked
    /// for. Without channels: e-mail when the applicant gave an address, else
    /// SMS when they gave a phone (an SMS costs the agency; an e-mail does
    /// not). A channel asked for needs its contact.
    pub fn parse(
        channels: Option<&[String]>,
        language: Option<&str>,
        applicant: &Applicant,
    ) -> Result<NoticePreferences, Vec<Violation>> {
        let mut violations = Vec::new();
        let (has_email, has_phone) = (applicant.email.is_some(), applicant.phone.is_some());
        let (mut by_email, mut by_sms) = match channels {
            None => (has_email, !has_email && has_phone),
            Some(_) => (false, false),
        };
        for channel in channels.unwrap_or_default() {
            match channel.as_str() {
                "email" if has_email => by_email = true,
                "sms" if has_phone => by_sms = true,
                "email" => violations.push(Violation::new(
                    "applicant.email",
                    "required",
                    "notices by e-mail need the applicant's e-mail address",
                )),
                "sms" => violations.push(Violation::new(
                    "applicant.phone",
                    "required",
                    "notices by SMS need the applicant's phone number",
                )),
                other => violations.push(Violation::new(
                    "notify_by",
                    "unknown_channel",
                    format!("{other:?}: expected email or sms"),
                )),
            }
        }
        let language = match language {
            None | Some("vi") => NoticeLanguage::Vi,
            Some("en") => NoticeLanguage::En,
            Some(other) => {
                violations.push(Violation::new(
                    "notice_language",
                    "unknown_language",
                    format!("{other:?}: expected vi or en"),
                ));
                NoticeLanguage::Vi
            }
        };
        if violations.is_empty() {
            Ok(NoticePreferences {
                by_email,
                by_sms,
                language,
            })
        } else {
            Err(violations)
        }
    }

    /// The channels chosen.
    pub fn channels(&self) -> NoticeChannels {
        NoticeChannels {
            email: self.by_email,
            sms: self.by_sms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ApplicantFields;

    fn applicant(phone: Option<&str>, email: Option<&str>) -> Applicant {
        Applicant::parse(&ApplicantFields {
            full_name: "Nguyễn Văn An",
            id_number: Some("001090000001"),
            phone,
            email,
            address: "Hà Nội",
            ..ApplicantFields::default()
        })
        .unwrap_or_else(|v| panic!("{v:?}"))
    }

    fn channels(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn without_a_choice_email_comes_first_then_sms() {
        let both = applicant(Some("0912345678"), Some("an@example.vn"));
        let p = NoticePreferences::parse(None, None, &both);
        assert_eq!(p.map(|p| p.channels().as_str()), Ok("email"));
        let phone = applicant(Some("0912345678"), None);
        let p = NoticePreferences::parse(None, None, &phone);
        assert_eq!(p.map(|p| p.channels().as_str()), Ok("sms"));
        let neither = applicant(None, None);
        let p = NoticePreferences::parse(None, None, &neither);
        assert_eq!(p.map(|p| p.channels().as_str()), Ok(""));
    }

    #[test]
    fn a_choice_needs_its_contact() {
        let both = applicant(Some("0912345678"), Some("an@example.vn"));
        let p = NoticePreferences::parse(Some(&channels(&["sms", "email"])), Some("en"), &both);
        assert_eq!(
            p,
            Ok(NoticePreferences {
                by_email: true,
                by_sms: true,
                language: NoticeLanguage::En
            })
        );
        assert_eq!(
            NoticePreferences::parse(Some(&[]), None, &both).map(|p| p.channels().as_str()),
            Ok("")
        );
        let phone = applicant(Some("0912345678"), None);
        let errors =
            NoticePreferences::parse(Some(&channels(&["email", "fax"])), Some("fr"), &phone)
                .err()
                .unwrap_or_default();
        let codes: Vec<_> = errors.iter().map(|v| (v.field.as_str(), v.code)).collect();
        assert_eq!(
            codes,
            [
                ("applicant.email", "required"),
                ("notify_by", "unknown_channel"),
                ("notice_language", "unknown_language")
            ]
        );
    }
}
