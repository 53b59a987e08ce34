//! English, for those who choose it.

use super::Messages;
use motcua_domain::group_thousands;

pub(super) static EN: Messages = Messages {
    service_name: "One-stop public services",
    service_tagline: "Submit and track administrative procedure dossiers",
    skip_to_content: "Skip to main content",
    training_clock: |shift, now| {
        format!(
            "Training installation: the clock runs {shift} ahead of the real time; it is {now} here. Dossiers here are not real."
        )
    },
    nav_label: "Main navigation",
    nav_procedures: "Procedures",
    nav_lookup: "Track a dossier",
    switch_language: "Tiếng Việt",
    switch_language_label: "Chuyển sang tiếng Việt",
    footer_about: "An electronic one-stop system, built on the open-source Motcua.",
    footer_font: "Font: Be Vietnam Pro, under the SIL Open Font License 1.1.",

    home_title: "One-stop public services",
    home_lead: "Find an administrative procedure, see which documents to prepare, and track a dossier you have handed in.",
    home_search_heading: "Find a procedure",
    home_search_label: "Name, field or code of the procedure",
    home_search_hint: "For example: khai sinh (birth registration), kết hôn (marriage), 1.001193. Diacritics are optional.",
    home_lookup_heading: "Track a dossier",
    home_lookup_hint: "The dossier code is printed on your receipt.",
    home_fields_heading: "Fields",
    search_button: "Search",
    lookup_button: "Track",

    catalogue_title: "Procedures",
    catalogue_search_label: "Search by name, field or code",
    catalogue_field_label: "Field",
    catalogue_agency_label: "Handling agency",
    catalogue_any: "All",
    catalogue_filter_button: "Filter",
    catalogue_clear: "Clear filters",
    catalogue_none: "No procedure matches.",
    catalogue_none_hint: "Try a shorter word, type without diacritics, or remove a filter.",
    catalogue_results: |n| {
        let grouped = group_thousands(n).replace('.', ",");
        if n == 1 {
            "1 procedure".to_owned()
        } else {
            format!("{grouped} procedures")
        }
    },
    catalogue_page_of: |page, pages| format!("Page {page} of {pages}"),
    page_previous: "Previous page",
    page_next: "Next page",
    pagination_label: "Pages",

    procedure_code: "Procedure code",
    procedure_field: "Field",
    procedure_time: "Processing time",
    procedure_result: "Result",
    procedure_online: "Online service",
    procedure_agencies: "Handling agencies",
    procedure_documents: "Documents to hand in",
    procedure_document: "Document",
    procedure_copy: "Form",
    procedure_count: "Copies",
    procedure_mandatory: "Required",
    procedure_optional: "If any",
    procedure_form: "Blank form",
    procedure_fees: "Fees and charges",
    procedure_no_fee: "No fee.",
    procedure_fee_varies: "Depends on the case",
    procedure_steps: "How it is handled",
    procedure_legal_basis: "Legal basis",
    procedure_source: "See it in the National Database on Administrative Procedures",
    procedure_in_force_from: |date| format!("In force from {date}"),
    online_none: "In person",
    online_partial: "Partly online",
    online_full: "Fully online",
    online_none_hint: "Hand this dossier in at the one-stop counter or by post.",
    online_partial_hint: "Submit online; collect the result at the one-stop counter.",
    online_full_hint: "Submit, pay and receive the result online, without visiting an office.",
    copy_original: "Original",
    copy_certified: "Certified copy",
    copy_copy: "Copy",
    back_to_catalogue: "Back to the procedures",

    lookup_title: "Track a dossier",
    lookup_lead: "Enter the dossier code to see where your dossier is and when the result is due.",
    lookup_code_label: "Dossier code",
    lookup_code_hint: "Printed on your receipt, for example 000.25.01.H26-260305-0001.",
    lookup_code_missing: "Enter the dossier code printed on your receipt",
    lookup_result_title: |code| format!("Dossier {code}"),
    lookup_status: "Status",
    lookup_procedure: "Procedure",
    lookup_agency: "Receiving agency",
    lookup_applicant: "Applicant",
    lookup_channel: "Handed in",
    lookup_received: "Received",
    lookup_appointment: "Result due",
    lookup_first_appointment: "First due date",
    lookup_no_appointment_yet: "The due date is set when the dossier is accepted.",
    lookup_no_appointment_refused: "There is no due date: the dossier was refused.",
    lookup_clock: "How the due date was worked out",
    lookup_clock_time: |time, start| format!("Processing time {time}, counted from {start}."),
    lookup_clock_first: "By that time, the result was due",
    lookup_clock_days_off: "Days off not counted",
    lookup_clock_weekends: |n| format!("{n} Saturdays and Sundays"),
    lookup_clock_paused: |hours, minutes| {
        let length = match (hours, minutes) {
            (0, m) => format!("{m} min"),
            (h, 0) => format!("{h} h"),
            (h, m) => format!("{h} h {m} min"),
        };
        format!(
            "Time spent waiting for the applicant (documents to add, a fee) is not counted: the due date moved by {length} of office time."
        )
    },
    lookup_apologies: "Apologies and new due dates",
    lookup_apology_line: |issued, new_date| {
        format!(
            "On {issued}, the agency apologised for the delay and set a new due date: {new_date}."
        )
    },
    lookup_apology_reason: "Reason",
    lookup_timeline: "What has happened",
    lookup_another: "Track another dossier",
    lookup_print_hint: "The applicant's name is partly hidden to protect personal data.",
    channel_counter: "At the counter",
    channel_online: "Online",
    channel_post: "By post",
    status_texts: [
        "Submitted online, waiting to be accepted",
        "Accepted",
        "Refused",
        "Being processed",
        "More documents needed",
        "Waiting for the fee",
        "Withdrawal being considered",
        "Stopped",
        "Result ready",
        "Result handed over",
    ],
    status_next: [
        "A clerk will check the dossier. Once it is accepted, the due date will appear here.",
        "The dossier has been accepted and goes to the unit that handles it.",
        "The dossier was not accepted. The reasons are in the refusal notice sent to the applicant.",
        "The agency is working on the dossier. You will be told when the result is ready.",
        "The agency needs more documents. Time spent waiting for them does not count against the deadline.",
        "The dossier waits for the applicant to pay the fee. Time spent waiting does not count against the deadline.",
        "The agency is considering the applicant's request to withdraw.",
        "Processing has stopped.",
        "The result is ready. The applicant receives it the way they chose.",
        "The result has been handed over.",
    ],

    nav_sign_in: "Sign in",
    nav_account: "Account",

    error_prefix: "Error",
    violation,
    try_again_later: |seconds| {
        let minutes = seconds.div_ceil(60).max(1);
        if minutes == 1 {
            "Too many attempts. Please try again in 1 minute.".to_owned()
        } else {
            format!("Too many attempts. Please try again in {minutes} minutes.")
        }
    },
    email_label: "Email address",
    password_label: "Password",
    password_again_label: "Confirm password",
    not_given: "Not given",

    register_title: "Create an account",
    register_lead: "An account lets you apply online, follow your applications, pay fees and receive results.",
    register_kind: "Who is the account for?",
    register_kind_hint: "Organisations and businesses register through their representative.",
    register_kind_person: "A person",
    register_kind_organization: "An organisation or business",
    register_full_name: "Full name",
    register_full_name_hint: "For an organisation: the representative's full name.",
    register_organization_group: "The organisation",
    register_organization_hint: "Only if you register for an organisation or business.",
    register_organization_name: "Organisation name",
    register_tax_code: "Tax code",
    register_tax_code_hint: "10 digits, or 13 with a branch (for example 0101234567-001).",
    register_email_hint: "We send the confirmation and news of your applications to this address.",
    register_phone: "Mobile number (optional)",
    register_phone_hint: "For example 0912345678.",
    register_button: "Create account",
    register_have_account: "Already have an account?",
    sign_in_link: "Sign in",
    check_email_title: "Check your email",
    check_email_text: "We have sent an email to the address you entered. Open it and follow the link to confirm your address; the link works for 48 hours.",
    check_email_spam: "If it has not arrived in a few minutes, look in your spam folder too.",
    check_email_again: "Once confirmed, you can sign in and apply online.",
    verified_title: "Email address confirmed",
    verified_text: "Thank you. Your account is ready: sign in to apply and follow your applications.",
    link_refused_title: "This link cannot be used",
    verify_refused_text: "The confirmation link has expired, has been replaced by a newer one, or is not right. You can get a new link by resetting your password: that confirms your address too.",
    new_link_button: "Get a new link",

    sign_in_title: "Sign in",
    sign_in_button: "Sign in",
    sign_in_refused: "The email address or password is not right",
    sign_in_unverified: "You have not confirmed your email address yet. Follow the link in the email we sent, then sign in again.",
    forgotten_link: "Forgotten your password?",
    no_account_heading: "No account yet?",
    no_account_text: "Registering with your email address is free and takes a few minutes.",
    register_link: "Create an account",
    banner_new_password: "Your password has been changed. Sign in with your new password.",
    banner_signed_out: "You have signed out.",
    sign_out_button: "Sign out",

    forgotten_title: "Forgotten password",
    forgotten_lead: "Enter your account's email address. We will send you a link to set a new password.",
    forgotten_button: "Send link",
    reset_sent_title: "Check your email",
    reset_sent_text: "If this address has an account, we have sent it a link to set a new password. The link works for 1 hour, once.",
    reset_title: "Set a new password",
    reset_refused_text: "The password reset link has expired, has been used, or is not right. Ask for a new one.",
    change_password_title: "Change password",
    current_password_label: "Current password",
    current_password_wrong: "The current password is not right",
    new_password_label: "New password",
    new_password_hint: "At least 10 characters. A sentence you remember makes a good password.",
    new_password_ends_sessions: "Changing your password signs you out everywhere, on every device.",
    new_password_button: "Save new password",

    account_title: "Your account",
    account_heading: |name| format!("Hello, {name}"),
    account_details: "Account details",
    account_since: "Registered on",
    my_dossiers_title: "My applications",
    my_dossiers_card: "Drafts, submitted applications and results",
    apply_card_title: "Apply for something new",
    apply_card_text: "Choose a procedure from the catalogue",

    account_phone: "Mobile number",
    my_dossiers_none: "You have no applications yet. Find the procedure you need in the catalogue to apply online.",
    my_dossiers_count: |n| {
        if n == 1 {
            "1 application".to_owned()
        } else {
            format!("{} applications", group_thousands(n).replace('.', ","))
        }
    },
    dossier_code: "Dossier code",
    started_on: "Started on",
    draft_state: "Draft, not yet submitted",
    draft_todo: "Finish and submit it",
    supplement_todo: "You need to add documents",
    fee_todo: |amount| format!("You need to pay the fee: {amount}"),
    result_todo: "The result is ready: download it and rate the service",
    back: "Back",
    applicant_title: "About the applicant",
    applicant_lead: "We have filled in what your account holds. Check it and complete it as your identity papers show.",
    agency_legend: "The agency to apply to",
    id_number_label: "Personal identification number",
    id_number_hint: "12 digits, printed on your identity card.",
    birth_date_label: "Date of birth (optional)",
    birth_date_hint: "As day/month/year, for example 17/05/1990.",
    birth_date_short: "Date of birth",
    applicant_email_hint: "News of the application is sent to this address.",
    address_label: "Address",
    address_hint: "House number, street, ward or commune, province or city.",
    delivery_legend: "How do you want to receive the result?",
    delivery_hint: "Only the ways this procedure allows.",
    delivery_choices: [
        "As a file on this portal",
        "At the one-stop counter",
        "By post",
    ],
    post_address_label: "Postal address for the result",
    post_address_hint: "Only if you choose to receive it by post.",
    save_continue_button: "Save and continue",
    draft_limit: "You have too many applications not yet submitted. Submit or delete a draft in My applications.",
    changed_meanwhile: "The application was just changed in another window. Check the answers below, then save again.",
    banner_saved: "The applicant's details are saved.",
    banner_uploaded: "The files are uploaded.",
    banner_deleted: "The draft is deleted.",
    documents_title: "Documents",
    no_files_yet: "No file yet.",
    choose_files: "Choose files",
    replace_files: "Replace with other files",
    upload_button: "Upload",
    upload_hint: |most| {
        format!(
            "PDF, JPG or PNG; you may choose several files (a page each, say), each at most {most}."
        )
    },
    upload_wrong_type: "The file must be a PDF, JPG or PNG",
    upload_quota: "Your account has used all the space it may. Delete a draft you no longer need",
    upload_empty: "The file you chose is empty",
    upload_none: "Choose at least one file",
    upload_too_many: "A document has at most 20 files",
    upload_file_too_large: |most| format!("Each file must be at most {most}"),
    upload_too_large: |most| format!("The files chosen together must be at most {most}"),
    change_answers: "Change",
    check_title: "Check and submit",
    check_lead: "Look over every answer and document before you submit.",
    check_button: "Check and submit",
    document_missing: |name| format!("No file yet for a required document: {name}"),
    declaration_title: "Declaration",
    declaration_text: "By submitting, I declare that the information and documents above are true, and I am responsible for them before the law.",
    submit_button: "Submit application",
    resubmit_button: "Submit the additions",
    delete_draft_button: "Delete draft",
    supplement_title: "Add documents",
    supplement_lead: "The agency has asked you to add or replace documents. Upload the files, then check and submit again.",
    supplement_asked: "The agency asks for:",
    submitted_title: "Application submitted",
    submitted_email: |address| format!("We have sent a confirmation to {address}."),
    what_next: "What happens next",
    submitted_next: "The agency will check the application and tell you whether it is accepted, needs more documents, or is refused. Once accepted, the processing time starts and you get the date your result is due.",
    view_application: "View the application",
    lookup_public_link: "The application's public status page",
    apply_online_button: "Apply online",
    apply_online_hint: "You need to sign in. Have an electronic copy (PDF or photo) of each document ready.",
    fees_title: "Fees",
    fee_line: |amount, at| format!("{amount}, asked for on {at}"),
    fee_paid: |amount, receipt| format!("{amount}: paid, receipt number {receipt}"),
    pay_button: "Pay online",
    pay_hint: "You will go to the payment gateway, then come back here.",
    bank_title: "Test bank",
    bank_warning: "This is the system's test payment gateway: no real money moves.",
    bank_amount: "Amount",
    bank_reference: "Transaction reference",
    bank_pay: "Pay",
    bank_cancel: "Cancel the payment",
    payment_paid_title: "Payment received",
    payment_paid_text: |amount, code| {
        format!("You have paid {amount} for dossier {code}. Its processing goes on.")
    },
    payment_pending_title: "Waiting for confirmation",
    payment_pending_text: "The bank has not told us the result yet. Reload this page in a few minutes.",
    payment_failed_title: "Not paid",
    payment_failed_text: "The payment failed or was cancelled; no money was taken. You can try again from the application's page.",
    payment_unsigned_title: "Not a valid payment result",
    payment_unsigned_text: "This address carries no result signed by the payment gateway. Open the application's page to see whether the fee is paid.",
    results_title: "Result",
    rating_title: "Rate the service",
    rating_lead: "Your answers count towards the agency's service quality (the nine criteria the regulations set).",
    rating_criteria: [
        "Total processing time against the legal limit",
        "Time taken by each agency and unit",
        "Contacts needed to complete the application",
        "Agencies and units you had to contact",
        "Receiving, processing and returning at the one-stop counter",
        "Publication of the procedure",
        "Staff attitude when guiding, receiving and processing",
        "Handling of feedback and complaints",
        "Progress and quality of the online service",
    ],
    rating_scores: ["Not satisfied", "Satisfied", "Very satisfied"],
    rating_missing: "Choose a rating for this criterion",
    rating_missing_for: |n, label| format!("Choose a rating for criterion {n}: {label}"),
    comment_label: "Further remarks (optional)",
    comment_too_long: "Remarks must be 2,000 characters or fewer",
    rating_button: "Send rating",
    rated_summary: |total, at| {
        format!("You rated the service on {at}: {total} out of 18. Thank you.")
    },
    banner_rated: "Thank you for your rating.",
    banner_withdrawal_asked: "Your request to withdraw is sent. The one-stop section will confirm it.",
    withdraw_title: "Withdraw the application",
    withdraw_reason_label: "Why you withdraw it",
    withdraw_reason_hint: "The one-stop section looks at the request and confirms the withdrawal.",
    withdraw_button: "Ask to withdraw",
    stale_form_title: "This form has expired",
    stale_form_text: "We could not accept this form, perhaps because the page was open for a long time or your browser cleared its cookies. Nothing has changed. Go back, reload the page and send it again.",

    error_summary_title: "There is a problem",
    not_found_title: "Page not found",
    not_found_text: "There is no page at this address. If you typed it, check it.",
    dossier_not_found_title: "Dossier not found",
    dossier_not_found_text: |code| format!("There is no dossier with the code {code}."),
    dossier_not_found_check: "Check the code printed on your receipt: the agency's code, the date received and a number, joined by hyphens.",
    procedure_not_found_title: "Procedure not found",
    procedure_not_found_text: "There is no procedure with this code. Search for it by name.",
    rate_limited_title: "Too many lookups",
    rate_limited_text: |seconds| {
        format!(
            "To protect the service, each device may look up only so many dossiers a minute. Please try again in {seconds} seconds."
        )
    },
    not_now_title: "This cannot be done now",
    not_now_text: "What you asked for does not fit where things stand now (for example, the refusal notice of a dossier that was not refused). Nothing changed.",
    forbidden_title: "You may not do this",
    forbidden_text: "This page or action is for another role or another agency. If you need it, ask your agency's administrator.",
    bad_request_title: "This request cannot be handled",
    bad_request_text: "The page did not understand this request. Go back and try again.",
    unexpected_title: "Something went wrong",
    unexpected_text: "The fault is ours, not yours. Please try again in a few minutes.",
    go_home: "Go to the home page",
};

/// What is wrong with a field, said as what to do about it.
fn violation(field: &str, code: &str) -> String {
    let what = match field {
        "email" => "your email address",
        "password" => "a password",
        "password_again" => "the password again",
        "current_password" => "your current password",
        "full_name" => "your full name",
        "organization_name" => "the organisation's name",
        "tax_code" => "the tax code",
        "id_number" => "the identification number",
        "birth_date" => "the date of birth",
        "address" => "the address",
        "post_address" => "the postal address",
        "withdraw_reason" => "why you withdraw it",
        "phone" => "the mobile number",
        _ => "this",
    };
    match (field, code) {
        ("kind-person", _) => "Choose a person or an organisation".to_owned(),
        ("agency-0", _) => "Choose the agency to apply to".to_owned(),
        (field, _) if field.starts_with("delivery-") => {
            "Choose how to receive the result".to_owned()
        }
        (_, "not_now") => "An application at this stage can no longer be withdrawn".to_owned(),
        (_, "invalid_citizen_id") => "The identification number is exactly 12 digits".to_owned(),
        (_, "invalid_date") => {
            "Enter the date of birth as day/month/year, like 17/05/1990".to_owned()
        }
        (_, "implausible") => "The date of birth must be in the past 150 years".to_owned(),
        (_, "required") => format!("Enter {what}"),
        (_, "invalid_email") => {
            "Enter an email address in the right format, like name@example.vn".to_owned()
        }
        (_, "invalid_phone") => {
            "Enter a 10-digit number starting with 0, like 0912345678".to_owned()
        }
        (_, "invalid_tax_code") => {
            "A tax code is 10 digits, or 10 digits, a hyphen and 3 digits".to_owned()
        }
        ("password", "too_short") => "The password must be at least 10 characters".to_owned(),
        ("password", "too_long") => "The password must be 128 characters or fewer".to_owned(),
        ("password", "too_weak") => "The password must not be one character repeated".to_owned(),
        (_, "mismatch") => "The two passwords are not the same".to_owned(),
        (_, "too_long") => format!("Shorten {what}"),
        (_, "control_characters") => format!("Remove the invalid characters from {what}"),
        _ => format!("Check {what}"),
    }
}
