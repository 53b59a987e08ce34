//! The applicant (người nộp hồ sơ): personal data, parsed once at the edge.

use chrono::NaiveDate;
use std::fmt;

use crate::text::required_text;
use crate::{Violation, Violations};

/// A person's full name (họ và tên), 1–100 characters.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct PersonName(String);

impl PersonName {
    /// Parses a full name.
    pub fn parse(field: &str, text: &str) -> Result<Self, Violation> {
        required_text(field, text, 100).map(PersonName)
    }

    /// The name as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name the public may see: the family name, then each other word's
    /// initial followed by two stars ("Nguyễn V** A**").
    pub fn masked(&self) -> String {
        mask_name(&self.0)
    }
}

/// Masks a name for the public lookup: "Nguyễn Văn An" → "Nguyễn V** A**".
/// A name of one word is all that names the person, so it is masked too:
/// "Madonna" → "M**".
pub fn mask_name(name: &str) -> String {
    let mut words = name.split_whitespace().peekable();
    let Some(family) = words.next() else {
        return String::new();
    };
    if words.peek().is_none() {
        return initial(family);
    }
    let mut masked = family.to_owned();
    for word in words {
        masked.push(' ');
        masked.push_str(&initial(word));
    }
    masked
}

/// "An" → "A**".
fn initial(word: &str) -> String {
    word.chars().take(1).chain("**".chars()).collect()
}

/// A citizen identity number (số định danh cá nhân / CCCD): 12 digits.
#[derive(Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct CitizenId(String);

impl CitizenId {
    /// Parses 12 digits.
    pub fn parse(field: &str, text: &str) -> Result<Self, Violation> {
        let text = text.trim();
        if text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit()) {
            Ok(CitizenId(text.to_owned()))
        } else {
            Err(Violation::new(
                field,
                "invalid_citizen_id",
                "a citizen identity number is exactly 12 digits",
            ))
        }
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

// Never print an identity number in a log by accident.
impl fmt::Debug for CitizenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CitizenId(********{})", &self.0[8..])
    }
}

/// A Vietnamese phone number, kept as 0 followed by 9 digits.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Parses `0912345678`, `+84912345678` or `84 912 345 678` (spaces, dots
    /// and dashes ignored).
    pub fn parse(field: &str, text: &str) -> Result<Self, Violation> {
        let digits: String = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-'))
            .collect();
        let national = if let Some(rest) = digits.strip_prefix("+84") {
            format!("0{rest}")
        } else if digits.len() == 11 && digits.starts_with("84") {
            format!("0{}", &digits[2..])
        } else {
            digits
        };
        if national.len() == 10
            && national.starts_with('0')
            && national.bytes().all(|b| b.is_ascii_digit())
        {
            Ok(PhoneNumber(national))
        } else {
            Err(Violation::new(
                field,
                "invalid_phone",
                "a phone number is 10 digits starting with 0, or +84 and 9 digits",
            ))
        }
    }

    /// The number as 0xxxxxxxxx.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An e-mail address, checked for shape (the mail server has the last word).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Parses `local@domain.tld`, at most 254 characters.
    pub fn parse(field: &str, text: &str) -> Result<Self, Violation> {
        let text = text.trim();
        let invalid = || {
            Violation::new(
                field,
                "invalid_email",
                "expected an e-mail address such as an@example.vn",
            )
        };
        let (local, domain) = text.rsplit_once('@').ok_or_else(invalid)?;
        let shape_ok = text.len() <= 254
            && !local.is_empty()
            && local.len() <= 64
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !text
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
            && !local.contains('@');
        if shape_ok {
            Ok(EmailAddress(text.to_owned()))
        } else {
            Err(invalid())
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A tax code (mã số thuế): 10 digits, or 10 digits, a dash and 3 digits for a branch.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct TaxCode(String);

impl TaxCode {
    /// Parses a tax code.
    pub fn parse(field: &str, text: &str) -> Result<Self, Violation> {
        let text = text.trim();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let ok = match text.split_once('-') {
            Some((main, branch)) => digits(main, 10) && digits(branch, 3),
            None => digits(text, 10),
        };
        if ok {
            Ok(TaxCode(text.to_owned()))
        } else {
            Err(Violation::new(
                field,
                "invalid_tax_code",
                "a tax code is 10 digits, or 10 digits-3 digits",
            ))
        }
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An organisation that applies (tổ chức): its name and tax code.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Organization {
    /// Its registered name.
    pub name: String,
    /// Its tax code.
    pub tax_code: TaxCode,
}

/// Who submits the dossier. A citizen gives a 12-digit identity number; an
/// organisation gives its name and tax code (its representative's number is
/// then optional). A phone number or an e-mail address is optional, but
/// without either the applicant hears nothing until they ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant {
    /// Full name of the person (or the organisation's representative).
    pub full_name: PersonName,
    /// Citizen identity number.
    pub id_number: Option<CitizenId>,
    /// Date of birth.
    pub birth_date: Option<NaiveDate>,
    /// Phone number.
    pub phone: Option<PhoneNumber>,
    /// E-mail address.
    pub email: Option<EmailAddress>,
    /// Postal address.
    pub address: String,
    /// The organisation applying, if it is one.
    pub organization: Option<Organization>,
}

/// The raw fields of an applicant, as a request carries them.
#[derive(Debug, Clone, Default)]
pub struct ApplicantFields<'a> {
    /// Full name.
    pub full_name: &'a str,
    /// Identity number.
    pub id_number: Option<&'a str>,
    /// Date of birth.
    pub birth_date: Option<NaiveDate>,
    /// The phone number, as given (personal data: shown to staff and its owner only, never logged).
    pub phone: Option<&'a str>,
    /// The e-mail address, as given (personal data: shown to staff and its owner only, never logged).
    pub email: Option<&'a str>,
    /// The postal address, as given (personal data: shown to staff and its owner only).
    pub address: &'a str,
    /// Organisation name and tax code.
    pub organization: Option<(&'a str, &'a str)>,
}

impl Applicant {
    /// Parses every field, reporting all that are wrong. The date of birth is
    /// checked against today by [`Applicant::check_birth_date`], which needs
    /// the clock.
    pub fn parse(fields: &ApplicantFields<'_>) -> Result<Applicant, Vec<Violation>> {
        let mut v = Violations::new();
        let full_name = v.check(PersonName::parse("full_name", fields.full_name));
        let id_number = match fields.id_number.filter(|s| !s.trim().is_empty()) {
            Some(text) => v.check(CitizenId::parse("id_number", text)).map(Some),
            None if fields.organization.is_none() => {
                v.push(Violation::new(
                    "id_number",
                    "required",
                    "a citizen applicant needs a 12-digit identity number",
                ));
                None
            }
            None => Some(None),
        };
        let phone = match fields.phone.filter(|s| !s.trim().is_empty()) {
            Some(text) => v.check(PhoneNumber::parse("phone", text)).map(Some),
            None => Some(None),
        };
        let email = match fields.email.filter(|s| !s.trim().is_empty()) {
            Some(text) => v.check(EmailAddress::parse("email", text)).map(Some),
            None => Some(None),
        };
        let address = v.check(required_text("address", fields.address, 300));
        let organization = match fields.organization {
            Some((name, tax_code)) => {
                let name = v.check(required_text("organization.name", name, 300));
                let tax_code = v.check(TaxCode::parse("organization.tax_code", tax_code));
                name.zip(tax_code)
                    .map(|(name, tax_code)| Some(Organization { name, tax_code }))
            }
            None => Some(None),
        };
        v.finish(|| {
            Some(Applicant {
                full_name: full_name?,
                id_number: id_number?,
                birth_date: fields.birth_date,
                phone: phone?,
                email: email?,
                address: address?,
                organization: organization?,
            })
        })
    }
}

impl Applicant {
    /// The date of birth, if given, must lie in the 150 years before `today`.
    pub fn check_birth_date(&self, today: NaiveDate) -> Result<(), Violation> {
        match self.birth_date {
            Some(born)
                if born > today || today.years_since(born).is_some_and(|years| years > 150) =>
            {
                Err(Violation::new(
                    "birth_date",
                    "implausible",
                    "the date of birth must lie in the past 150 years",
                ))
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_masked_for_the_public() {
        assert_eq!(mask_name("Nguyễn Văn An"), "Nguyễn V** A**");
        assert_eq!(mask_name("  Lê   Thị  Ánh Tuyết "), "Lê T** Á** T**");
        assert_eq!(mask_name("Bảo"), "B**");
        assert_eq!(mask_name(" Madonna "), "M**");
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn phone_numbers_are_normalised() {
        for text in [
            "0912345678",
            "+84912345678",
            "84 912 345 678",
            "091.234.5678",
        ] {
            assert_eq!(
                PhoneNumber::parse("p", text).unwrap().as_str(),
                "0912345678",
                "{text}"
            );
        }
        for text in ["912345678", "+8491234567", "09123456789", "091234567a"] {
            assert!(PhoneNumber::parse("p", text).is_err(), "{text}");
        }
    }

    #[test]
    fn identity_numbers_and_tax_codes() {
        assert!(CitizenId::parse("i", "001203004567").is_ok());
        assert!(CitizenId::parse("i", "00120300456").is_err());
        assert_eq!(
            format!("{:?}", CitizenId::parse("i", "001203004567").unwrap()),
            "CitizenId(********4567)"
        );
        assert!(TaxCode::parse("t", "0101234567").is_ok());
        assert!(TaxCode::parse("t", "0101234567-001").is_ok());
        assert!(TaxCode::parse("t", "010123456").is_err());
    }

    #[test]
    fn emails_are_checked_for_shape() {
        assert!(EmailAddress::parse("e", "an.nguyen@example.vn").is_ok());
        for text in [
            "an",
            "an@",
            "@example.vn",
            "an@example",
            "an @example.vn",
            "a@b@c.vn",
        ] {
            assert!(EmailAddress::parse("e", text).is_err(), "{text}");
        }
    }

    #[test]
    fn an_applicant_reports_every_wrong_field() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let fields = ApplicantFields {
            full_name: " ",
            id_number: Some("123"),
            phone: Some("12"),
            email: Some("x"),
            address: "",
            birth_date: NaiveDate::from_ymd_opt(2030, 1, 1),
            ..Default::default()
        };
        let errors = Applicant::parse(&fields).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(
            fields,
            ["full_name", "id_number", "phone", "email", "address"]
        );
        let good = ApplicantFields {
            full_name: "Nguyễn Văn An",
            id_number: Some("001203004567"),
            address: "Hà Nội",
            birth_date: NaiveDate::from_ymd_opt(2030, 1, 1),
            ..Default::default()
        };
        let applicant = Applicant::parse(&good).unwrap();
        assert_eq!(
            applicant.check_birth_date(today).unwrap_err().field,
            "birth_date"
        );
    }
}
