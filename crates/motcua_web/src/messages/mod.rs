//! Every text a person reads on a page, one catalogue per language.
//!
//! A catalogue is a value of [`Messages`]: a text missing from one language
//! is a compile error, not a key shown on a page. Texts with a number or a
//! name in them are functions, so each language orders its own words.

mod en;
pub mod staff;
mod staff_en;
mod staff_vi;
mod vi;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use std::convert::Infallible;
use std::future::{Ready, ready};

/// The cookie that remembers the language a person chose.
pub const LANG_COOKIE: &str = "lang";

/// The languages of the pages: Vietnamese first, English on request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Tiếng Việt, the default.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// From a cookie or a path segment: `vi` or `en`.
    pub fn parse(text: &str) -> Option<Lang> {
        match text {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The `lang` attribute and cookie value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// The other language, offered in the header.
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }

    /// This language's catalogue for the staff workspace.
    pub fn staff(self) -> &'static staff::StaffMessages {
        match self {
            Lang::Vi => &staff_vi::STAFF_VI,
            Lang::En => &staff_en::STAFF_EN,
        }
    }

    /// This language's catalogue.
    pub fn messages(self) -> &'static Messages {
        match self {
            Lang::Vi => &vi::VI,
            Lang::En => &en::EN,
        }
    }
}

/// The language of a request: the cookie's, else Vietnamese.
impl FromRequest for Lang {
    type Error = Infallible;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(of_request(req)))
    }
}

/// The language a request asks for.
pub fn of_request(req: &HttpRequest) -> Lang {
    req.cookie(LANG_COOKIE)
        .and_then(|c| Lang::parse(c.value()))
        .unwrap_or_default()
}

/// One language's texts.
pub struct Messages {
    // The frame of every page.
    pub service_name: &'static str,
    pub service_tagline: &'static str,
    pub skip_to_content: &'static str,
    /// On a training installation: how far ahead its clock runs, and the
    /// time it shows.
    pub training_clock: fn(&str, &str) -> String,
    pub nav_label: &'static str,
    pub nav_procedures: &'static str,
    pub nav_lookup: &'static str,
    pub switch_language: &'static str,
    pub switch_language_label: &'static str,
    pub footer_about: &'static str,
    pub footer_font: &'static str,

    // Home.
    pub home_title: &'static str,
    pub home_lead: &'static str,
    pub home_search_heading: &'static str,
    pub home_search_label: &'static str,
    pub home_search_hint: &'static str,
    pub home_lookup_heading: &'static str,
    pub home_lookup_hint: &'static str,
    pub home_fields_heading: &'static str,
    pub search_button: &'static str,
    pub lookup_button: &'static str,

    // The catalogue.
    pub catalogue_title: &'static str,
    pub catalogue_search_label: &'static str,
    pub catalogue_field_label: &'static str,
    pub catalogue_agency_label: &'static str,
    pub catalogue_any: &'static str,
    pub catalogue_filter_button: &'static str,
    pub catalogue_clear: &'static str,
    pub catalogue_none: &'static str,
    pub catalogue_none_hint: &'static str,
    pub catalogue_results: fn(i64) -> String,
    pub catalogue_page_of: fn(i64, i64) -> String,
    pub page_previous: &'static str,
    pub page_next: &'static str,
    pub pagination_label: &'static str,

    // A procedure.
    pub procedure_code: &'static str,
    pub procedure_field: &'static str,
    pub procedure_time: &'static str,
    pub procedure_result: &'static str,
    pub procedure_online: &'static str,
    pub procedure_agencies: &'static str,
    pub procedure_documents: &'static str,
    pub procedure_document: &'static str,
    pub procedure_copy: &'static str,
    pub procedure_count: &'static str,
    pub procedure_mandatory: &'static str,
    pub procedure_optional: &'static str,
    pub procedure_form: &'static str,
    pub procedure_fees: &'static str,
    pub procedure_no_fee: &'static str,
    pub procedure_fee_varies: &'static str,
    pub procedure_steps: &'static str,
    pub procedure_legal_basis: &'static str,
    pub procedure_source: &'static str,
    pub procedure_in_force_from: fn(&str) -> String,
    pub online_none: &'static str,
    pub online_partial: &'static str,
    pub online_full: &'static str,
    pub online_none_hint: &'static str,
    pub online_partial_hint: &'static str,
    pub online_full_hint: &'static str,
    pub copy_original: &'static str,
    pub copy_certified: &'static str,
    pub copy_copy: &'static str,
    pub back_to_catalogue: &'static str,

    // The lookup.
    pub lookup_title: &'static str,
    pub lookup_lead: &'static str,
    pub lookup_code_label: &'static str,
    pub lookup_code_hint: &'static str,
    pub lookup_code_missing: &'static str,
    pub lookup_result_title: fn(&str) -> String,
    pub lookup_status: &'static str,
    pub lookup_procedure: &'static str,
    pub lookup_agency: &'static str,
    pub lookup_applicant: &'static str,
    pub lookup_channel: &'static str,
    pub lookup_received: &'static str,
    pub lookup_appointment: &'static str,
    pub lookup_first_appointment: &'static str,
    pub lookup_no_appointment_yet: &'static str,
    pub lookup_no_appointment_refused: &'static str,
    pub lookup_clock: &'static str,
    pub lookup_clock_time: fn(&str, &str) -> String,
    pub lookup_clock_first: &'static str,
    pub lookup_clock_days_off: &'static str,
    pub lookup_clock_weekends: fn(u32) -> String,
    pub lookup_clock_paused: fn(i64, i64) -> String,
    pub lookup_apologies: &'static str,
    pub lookup_apology_line: fn(&str, &str) -> String,
    pub lookup_apology_reason: &'static str,
    pub lookup_timeline: &'static str,
    pub lookup_another: &'static str,
    pub lookup_print_hint: &'static str,
    pub channel_counter: &'static str,
    pub channel_online: &'static str,
    pub channel_post: &'static str,
    pub status_texts: [&'static str; 10],
    pub status_next: [&'static str; 10],

    // The header's account link.
    pub nav_sign_in: &'static str,
    pub nav_account: &'static str,

    // Forms.
    pub error_prefix: &'static str,
    pub violation: fn(&str, &str) -> String,
    pub try_again_later: fn(u64) -> String,
    pub email_label: &'static str,
    pub password_label: &'static str,
    pub password_again_label: &'static str,
    pub not_given: &'static str,

    // Registration and the e-mail address.
    pub register_title: &'static str,
    pub register_lead: &'static str,
    pub register_kind: &'static str,
    pub register_kind_hint: &'static str,
    pub register_kind_person: &'static str,
    pub register_kind_organization: &'static str,
    pub register_full_name: &'static str,
    pub register_full_name_hint: &'static str,
    pub register_organization_group: &'static str,
    pub register_organization_hint: &'static str,
    pub register_organization_name: &'static str,
    pub register_tax_code: &'static str,
    pub register_tax_code_hint: &'static str,
    pub register_email_hint: &'static str,
    pub register_phone: &'static str,
    pub register_phone_hint: &'static str,
    pub register_button: &'static str,
    pub register_have_account: &'static str,
    pub sign_in_link: &'static str,
    pub check_email_title: &'static str,
    pub check_email_text: &'static str,
    pub check_email_spam: &'static str,
    pub check_email_again: &'static str,
    pub verified_title: &'static str,
    pub verified_text: &'static str,
    pub link_refused_title: &'static str,
    pub verify_refused_text: &'static str,
    pub new_link_button: &'static str,

    // Signing in and out.
    pub sign_in_title: &'static str,
    pub sign_in_button: &'static str,
    pub sign_in_refused: &'static str,
    pub sign_in_unverified: &'static str,
    pub forgotten_link: &'static str,
    pub no_account_heading: &'static str,
    pub no_account_text: &'static str,
    pub register_link: &'static str,
    pub banner_new_password: &'static str,
    pub banner_signed_out: &'static str,
    pub sign_out_button: &'static str,

    // Passwords.
    pub forgotten_title: &'static str,
    pub forgotten_lead: &'static str,
    pub forgotten_button: &'static str,
    pub reset_sent_title: &'static str,
    pub reset_sent_text: &'static str,
    pub reset_title: &'static str,
    pub reset_refused_text: &'static str,
    pub change_password_title: &'static str,
    pub current_password_label: &'static str,
    pub current_password_wrong: &'static str,
    pub new_password_label: &'static str,
    pub new_password_hint: &'static str,
    pub new_password_ends_sessions: &'static str,
    pub new_password_button: &'static str,

    // The account.
    pub account_title: &'static str,
    pub account_heading: fn(&str) -> String,
    pub account_details: &'static str,
    pub account_since: &'static str,
    pub my_dossiers_title: &'static str,
    pub my_dossiers_card: &'static str,
    pub apply_card_title: &'static str,
    pub apply_card_text: &'static str,
    pub account_phone: &'static str,

    // Applying online.
    pub back: &'static str,
    pub applicant_title: &'static str,
    pub applicant_lead: &'static str,
    pub agency_legend: &'static str,
    pub id_number_label: &'static str,
    pub id_number_hint: &'static str,
    pub birth_date_label: &'static str,
    pub birth_date_hint: &'static str,
    pub birth_date_short: &'static str,
    pub applicant_email_hint: &'static str,
    pub address_label: &'static str,
    pub address_hint: &'static str,
    pub delivery_legend: &'static str,
    pub delivery_hint: &'static str,
    /// Online, at the counter, by post.
    pub delivery_choices: [&'static str; 3],
    pub post_address_label: &'static str,
    pub post_address_hint: &'static str,
    pub save_continue_button: &'static str,
    pub draft_limit: &'static str,
    pub changed_meanwhile: &'static str,
    pub banner_saved: &'static str,
    pub banner_uploaded: &'static str,
    pub banner_deleted: &'static str,
    pub documents_title: &'static str,
    pub no_files_yet: &'static str,
    pub choose_files: &'static str,
    pub replace_files: &'static str,
    pub upload_button: &'static str,
    pub upload_hint: fn(&str) -> String,
    pub upload_wrong_type: &'static str,
    pub upload_quota: &'static str,
    pub upload_empty: &'static str,
    pub upload_none: &'static str,
    pub upload_too_many: &'static str,
    pub upload_file_too_large: fn(&str) -> String,
    pub upload_too_large: fn(&str) -> String,
    pub change_answers: &'static str,
    pub check_title: &'static str,
    pub check_lead: &'static str,
    pub check_button: &'static str,
    pub document_missing: fn(&str) -> String,
    pub declaration_title: &'static str,
    pub declaration_text: &'static str,
    pub submit_button: &'static str,
    pub resubmit_button: &'static str,
    pub delete_draft_button: &'static str,
    pub supplement_title: &'static str,
    pub supplement_lead: &'static str,
    pub supplement_asked: &'static str,
    pub submitted_title: &'static str,
    pub submitted_email: fn(&str) -> String,
    pub what_next: &'static str,
    pub submitted_next: &'static str,
    pub view_application: &'static str,
    pub lookup_public_link: &'static str,
    pub apply_online_button: &'static str,
    pub apply_online_hint: &'static str,
    pub fees_title: &'static str,
    pub fee_line: fn(&str, &str) -> String,
    pub fee_paid: fn(&str, &str) -> String,
    pub pay_button: &'static str,
    pub pay_hint: &'static str,
    pub bank_title: &'static str,
    pub bank_warning: &'static str,
    pub bank_amount: &'static str,
    pub bank_reference: &'static str,
    pub bank_pay: &'static str,
    pub bank_cancel: &'static str,
    pub payment_paid_title: &'static str,
    pub payment_paid_text: fn(&str, &str) -> String,
    pub payment_pending_title: &'static str,
    pub payment_pending_text: &'static str,
    pub payment_failed_title: &'static str,
    pub payment_failed_text: &'static str,
    pub payment_unsigned_title: &'static str,
    pub payment_unsigned_text: &'static str,
    pub results_title: &'static str,
    pub rating_title: &'static str,
    pub rating_lead: &'static str,
    pub rating_criteria: [&'static str; 9],
    pub rating_scores: [&'static str; 3],
    pub rating_missing: &'static str,
    pub rating_missing_for: fn(usize, &str) -> String,
    pub comment_label: &'static str,
    pub comment_too_long: &'static str,
    pub rating_button: &'static str,
    pub rated_summary: fn(u32, &str) -> String,
    pub banner_rated: &'static str,
    pub banner_withdrawal_asked: &'static str,
    pub withdraw_title: &'static str,
    pub withdraw_reason_label: &'static str,
    pub withdraw_reason_hint: &'static str,
    pub withdraw_button: &'static str,
    pub my_dossiers_none: &'static str,
    pub my_dossiers_count: fn(i64) -> String,
    pub dossier_code: &'static str,
    pub started_on: &'static str,
    pub draft_state: &'static str,
    pub draft_todo: &'static str,
    pub supplement_todo: &'static str,
    pub fee_todo: fn(&str) -> String,
    pub result_todo: &'static str,

    // When something goes wrong.
    pub stale_form_title: &'static str,
    pub stale_form_text: &'static str,
    pub error_summary_title: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub dossier_not_found_title: &'static str,
    pub dossier_not_found_text: fn(&str) -> String,
    pub dossier_not_found_check: &'static str,
    pub procedure_not_found_title: &'static str,
    pub procedure_not_found_text: &'static str,
    pub rate_limited_title: &'static str,
    pub rate_limited_text: fn(u64) -> String,
    pub not_now_title: &'static str,
    pub not_now_text: &'static str,
    pub forbidden_title: &'static str,
    pub forbidden_text: &'static str,
    pub bad_request_title: &'static str,
    pub bad_request_text: &'static str,
    pub unexpected_title: &'static str,
    pub unexpected_text: &'static str,
    pub go_home: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogues_say_every_status_and_number_their_texts() {
        for lang in [Lang::Vi, Lang::En] {
            let m = lang.messages();
            assert!(m.status_texts.iter().all(|t| !t.is_empty()));
            assert!(m.status_next.iter().all(|t| !t.is_empty()));
            assert!(
                (m.catalogue_results)(1_234).contains("1.234")
                    || (m.catalogue_results)(1_234).contains("1,234")
            );
            assert!((m.rate_limited_text)(60).contains("60"));
        }
    }

    #[test]
    fn a_language_comes_from_its_code_and_nothing_else() {
        assert_eq!(Lang::parse("vi"), Some(Lang::Vi));
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse("EN"), None);
        assert_eq!(Lang::Vi.other(), Lang::En);
    }
}
