//! Request bodies and query strings of `routes::citizens`, and what each becomes.

use crate::requests::dossiers::OrganizationRequest;
use motcua_app::{AppError, Registration};
use motcua_domain::{
    EmailAddress, NewPassword, NoticeLanguage, Organization, PersonName, PhoneNumber, TaxCode,
    Violations, required_text,
};

/// `POST /api/v1/citizens` body.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    pub(crate) email: String,
    pub(crate) password: String,
    pub(crate) full_name: String,
    pub(crate) phone: Option<String>,
    pub(crate) organization: Option<OrganizationRequest>,
    /// `vi` (default) or `en`: the language of the account e-mails.
    pub(crate) language: Option<String>,
}

pub(crate) fn language(v: &mut Violations, text: Option<&str>) -> Option<NoticeLanguage> {
    match text {
        None | Some("vi") => Some(NoticeLanguage::Vi),
        Some("en") => Some(NoticeLanguage::En),
        Some(other) => {
            v.push(motcua_domain::Violation::new(
                "language",
                "unknown_language",
                format!("{other:?}: expected vi or en"),
            ));
            None
        }
    }
}

impl TryFrom<RegisterRequest> for Registration {
    type Error = AppError;

    fn try_from(r: RegisterRequest) -> Result<Self, Self::Error> {
        let mut v = Violations::new();
        let email = v.check(EmailAddress::parse("email", &r.email));
        let password = v.check(NewPassword::parse("password", &r.password));
        let full_name = v.check(PersonName::parse("full_name", &r.full_name));
        let phone = match r.phone.as_deref().filter(|p| !p.trim().is_empty()) {
            Some(text) => v.check(PhoneNumber::parse("phone", text)).map(Some),
            None => Some(None),
        };
        let organization = match &r.organization {
            Some(o) => {
                let (name, tax_code) = o.fields();
                let name = v.check(required_text("organization.name", name, 300));
                let tax_code = v.check(TaxCode::parse("organization.tax_code", tax_code));
                name.zip(tax_code)
                    .map(|(name, tax_code)| Some(Organization { name, tax_code }))
            }
            None => Some(None),
        };
        let language = language(&mut v, r.language.as_deref());
        v.finish(|| {
            Some(Registration {
                email: email?,
                password: password?,
                full_name: full_name?,
                organization: organization?,
                phone: phone?,
                language: language?,
            })
        })
        .map_err(AppError::Validation)
    }
}

/// `GET /api/v1/citizens/verify-email` query.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenQuery {
    pub(crate) token: String,
}

/// `POST /api/v1/citizens/login` body.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CitizenLoginRequest {
    pub(crate) email: String,
    pub(crate) password: String,
}

/// `POST /api/v1/citizens/password-reset` body.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResetRequest {
    pub(crate) email: String,
    pub(crate) language: Option<String>,
}

/// `POST /api/v1/citizens/password-reset/confirm` body.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfirmResetRequest {
    pub(crate) token: String,
    pub(crate) password: String,
}
