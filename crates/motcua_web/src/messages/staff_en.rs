//! English: the staff workspace.

use motcua_app::Reason;
use motcua_domain::{
    Action, ApologyCause, ApologyState, NoticeChannel, NoticeKind, NoticeState, PaymentState, Role,
};

use super::staff::StaffMessages;

fn roles(role: Role) -> &'static str {
    match role {
        Role::Clerk => "One-stop clerk",
        Role::Specialist => "Case officer",
        Role::UnitHead => "Head of unit",
        Role::Leader => "Agency leader",
        Role::Admin => "Agency administrator",
        Role::SystemAdmin => "System administrator",
        Role::Citizen => "Citizen",
    }
}

fn action_names(action: Action) -> &'static str {
    match action {
        Action::Accept => "Accept the dossier",
        Action::Assign => "Assign",
        Action::HandOver => "Hand over to the next step",
        Action::SendBack => "Send back to the previous step",
        Action::Transfer => "Transfer to another agency",
        Action::RequestSupplement => "Ask for a supplement",
        Action::RecordSupplement => "Record the supplement",
        Action::RequestPayment => "Ask for the fee",
        Action::ConfirmPayment => "Confirm the payment",
        Action::Refuse => "Refuse",
        Action::Finish => "Finish: the result is ready",
        Action::ReturnResult => "Hand over the result",
        Action::RequestWithdrawal => "Record a withdrawal request",
        Action::ConfirmWithdrawal => "Agree to the withdrawal",
        Action::DeclineWithdrawal => "Decline the withdrawal",
        Action::Stop => "Stop processing",
    }
}

fn action_hints(action: Action) -> &'static str {
    match action {
        Action::Accept => "The online dossier is complete: issue the receipt and start the clock.",
        Action::Assign => "Give the dossier to a unit and a case officer.",
        Action::HandOver => "This step is done: pass it to whoever does the next one.",
        Action::SendBack => "Return it to the previous step, with a reason.",
        Action::Transfer => "Pass the dossier to another agency to go on with it.",
        Action::RequestSupplement => {
            "List everything the applicant must bring, all at once; the clock pauses."
        }
        Action::RecordSupplement => "The applicant brought it: the clock runs again.",
        Action::RequestPayment => {
            "Ask the applicant to pay online; the clock pauses if the procedure says so."
        }
        Action::ConfirmPayment => "",
        Action::Refuse => {
            "The dossier cannot be granted: give each reason in words the applicant understands."
        }
        Action::Finish => "The result is ready.",
        Action::ReturnResult => "The applicant has the result.",
        Action::RequestWithdrawal => "The applicant asks at the counter to withdraw.",
        Action::ConfirmWithdrawal => "Agree: processing stops.",
        Action::DeclineWithdrawal => "Decline: processing goes on.",
        Action::Stop => "Stop processing the dossier, with a reason.",
    }
}

fn violation(field: &str, code: &str) -> String {
    let what = match field {
        "username" => "the username",
        "password" => "the password",
        "note" => "the note",
        "reason" => "the reason",
        "summary" => "the result's summary",
        "document_number" => "the document number",
        "tracking_number" => "the tracking number",
        "amount_vnd" => "the amount",
        "agency_code" => "the receiving agency",
        "unit_id" => "the unit",
        "assignee_id" => "the case officer",
        "procedure" => "the procedure code",
        f if f.starts_with("items") => "what to bring",
        f if f.starts_with("reasons") => "the reasons",
        _ => "this",
    };
    match (field, code) {
        ("method", _) => "Choose how the result was handed over".to_owned(),
        ("agency_code", _) => "Choose the receiving agency".to_owned(),
        ("ngay", "required") => "Enter the new appointment's date".to_owned(),
        ("q", "too_long") => "Shorten the search: at most 100 characters".to_owned(),
        ("q", _) => "Enter a dossier code, a number, or at least two letters of a name".to_owned(),
        ("ngay", _) => "Enter the date as year-month-day, for example 2026-12-01".to_owned(),
        ("gio", _) => "Enter the time as hours:minutes, for example 09:00".to_owned(),
        ("new_due_at", "not_after_due") => {
            "Choose a new appointment after the current one".to_owned()
        }
        ("new_due_at", "not_working_time") => {
            "Choose a working day and a time in the agency's office hours".to_owned()
        }
        ("new_due_at", _) => "Choose a date within the agency's working calendar".to_owned(),
        (_, "invalid_count") => "Choose the form and enter 1 to 99 copies".to_owned(),
        (_, "required") => format!("Enter {what}"),
        (_, "out_of_range") if field.starts_with("items") || field.starts_with("reasons") => {
            format!("Enter {what}: 1 to 50 lines")
        }
        (_, "out_of_range") => "Enter an amount of at least 1 đồng".to_owned(),
        (_, "not_allowed") => "Enter a tracking number only for a result sent by post".to_owned(),
        (_, "too_long") => format!("Shorten {what}"),
        (_, "control_characters") => format!("Remove the invalid characters from {what}"),
        (_, "invalid_id") => format!("Choose {what} from the list"),
        _ => format!("Check {what}"),
    }
}

fn conflict_reasons(reason: Reason) -> Option<&'static str> {
    Some(match reason {
        Reason::LastStep => {
            "The dossier is at the procedure's last step: finish it instead of handing it over."
        }
        Reason::FirstStep => {
            "The dossier is at its first processing step: there is no step to send it back to; if something is missing, ask for a supplement."
        }
        Reason::NotDecidingStep => {
            "The procedure decides at a later step: hand the dossier over to it first."
        }
        Reason::SupplementLimit => {
            "The agency has asked for a supplement on this dossier as often as it may."
        }
        Reason::NotSubmittedOnline => {
            "The dossier was not submitted online: the applicant pays and collects the result at the counter or by post."
        }
        Reason::ResultFileMissing => "Attach the result file before returning the result online.",
        Reason::NoMoreMoves => "This dossier's appointment has been moved as often as it may.",
        Reason::ApologySignedAlready => {
            "The apology is signed already: send it before writing another."
        }
        Reason::AppointmentPassed => {
            "The apology's new appointment has passed: write it again with a later one and have it signed again."
        }
        _ => return None,
    })
}

pub static STAFF_EN: StaffMessages = StaffMessages {
    workspace_name: "Motcua – Staff",
    nav_queue: "Dossiers",
    signed_in_as: "Signed in",
    sign_out_button: "Sign out",
    roles,

    sign_in_title: "Staff sign-in",
    sign_in_lead: "For the agency's staff. Citizens sign in on the public service pages.",
    username_label: "Username",
    sign_in_refused: "The username or password is wrong",
    banner_signed_out: "You have signed out.",

    nav_counter: "Counter",
    counter_title: "Receive a dossier",
    counter_lead: "Choose the procedure the applicant asks for, then check the documents against its list.",
    counter_search_label: "Procedure name or code",
    counter_search_hint: "Type a few letters of the name (with or without diacritics) or the code, then press Enter.",
    counter_search_button: "Find the procedure",
    counter_none: "None of the agency's procedures matches. Try fewer words or the procedure's code.",
    counter_results: "The agency's procedures",
    intake_title: "Receive a dossier",
    intake_documents: "Documents the applicant brought",
    intake_documents_hint: "Tick each document in the dossier, its form and how many. With a required document missing, the supplement guidance is issued instead.",
    intake_handed: "Handed in",
    intake_copy: "Form",
    intake_count: "Copies",
    intake_mandatory: "required",
    intake_applicant: "The applicant",
    intake_organization: "If the applicant is an organisation",
    intake_organization_hint: "Leave empty for a person.",
    intake_delivery: "Where the result goes",
    intake_more: "Anything else to complete",
    intake_more_hint: "Beyond missing documents, what the applicant must still do, one per line. Leave empty if nothing.",
    intake_receive_button: "Receive the dossier",
    intake_refuse: "Refuse the dossier",
    intake_refuse_hint: "When the agency cannot handle it or it does not qualify: one reason per line.",
    intake_refuse_button: "Refuse the dossier",
    received_title: "Dossier received",
    refused_title: "Dossier refused",
    code_label: "Dossier code",
    print_receipt: "Print the receipt (PDF)",
    view_receipt: "View the receipt",
    print_refusal: "Print the refusal (PDF)",
    view_refusal: "View the refusal",
    supplement_title: "Incomplete: supplement guidance",
    supplement_lead: "The dossier was not received and has no code. Give the applicant the guidance to complete it.",
    print_supplement: "Print the guidance (PDF)",
    view_supplement: "View the guidance",
    next_dossier: "Receive another dossier",
    open_dossier: "Open the dossier",

    nav_reports: "Reports",
    dashboard_title: "Service indicators",
    dashboard_heading: |agency, from, to| format!("{agency}, dossiers received {from} to {to}"),
    period_label: "Period",
    period_hint: "A year (2026), a quarter (2026-Q4) or a month (2026-11).",
    period_wrong: "Enter the period as a year (2026), a quarter (2026-Q4) or a month (2026-11)",
    period_button: "Show",
    period_this_month: "This month",
    period_this_quarter: "This quarter",
    period_this_year: "This year",
    period_last_year: "Last year",
    figure_received: "Dossiers received",
    figure_online: |n| format!("{n} online"),
    figure_on_time: "On time (2.1)",
    figure_late: "Late",
    figure_without_apology: |n| format!("{n} without an apology"),
    figure_days: "Average working days (2.2)",
    figure_satisfaction: "Satisfied (5.4)",
    figure_online_share: "Submitted online (3.3)",
    of_count: |numerator, denominator| format!("{} of {}", numerator.round() as i64, denominator),
    no_unit: "Late by rule, at no step",
    chart_on_time: "On-time rate by month (%)",
    chart_late_units: "Late dossiers by unit",
    chart_apologies: "Apologies owed and sent, by unit",
    chart_criteria: "Average score of each rating criterion (% of the most)",
    chart_figures: "The chart's figures",
    legend_owed: "Owed",
    legend_issued: "Sent",
    no_late_units: "No dossier was late in the period.",
    column_month: "Month",
    column_rate: "Rate",
    column_fraction: "Dossiers",
    column_unit: "Unit",
    column_late: "Late dossiers",
    column_criterion: "Criterion",
    column_points: "Points (of 2)",
    all_indicators: "Every indicator",
    column_indicator_code: "Code",
    column_indicator: "Indicator",
    column_value: "Value",
    download_csv: "Download the indicators (CSV)",
    download_xlsx: "Download the report (Excel)",

    queue_title: "Dossiers",
    scope_label: "Whose",
    scope_mine: "Mine",
    scope_unit: "My unit's",
    scope_agency: "The agency's",
    counts_label: "The agency's dossiers",
    count_open: "Open",
    count_due_soon: "Due soon",
    count_overdue: "Overdue",
    count_paused: "Paused",
    count_late_without_apology: "Late, no apology",
    filters_label: "Filter the dossiers",
    filter_status: "Status",
    filter_due: "Due",
    filter_procedure: "Procedure code",
    filter_procedure_hint: "For example 1.001612",
    filter_received_from: "Received from",
    filter_received_to: "Received until",
    filter_any: "All",
    filter_button: "Filter",
    filter_clear: "Clear filters",
    filter_date_wrong: "Enter the date as year-month-day, for example 2026-12-01",
    column_code: "Dossier code",
    column_procedure: "Procedure",
    column_applicant: "Applicant",
    column_status: "Status",
    column_due: "Due",
    column_holder: "Held by",
    due_overdue: "Overdue",
    due_today: "Due today",
    due_soon: "Due soon",
    due_paused: "Paused",
    due_on_track: "On track",
    queue_none: "No dossier matches the filters.",
    queue_shown: |n| {
        if n == 1 {
            "1 dossier, soonest due first".to_owned()
        } else {
            format!("{n} dossiers, soonest due first")
        }
    },
    queue_next: "Next page",
    queue_first: "First page",
    queue_caption: "Dossiers, by due date",

    dossier_title: |code| format!("Dossier {code}"),
    back_to_queue: "Back to the dossiers",
    summary_heading: "The dossier",
    applicant_heading: "The applicant",
    documents_heading: "Documents handed in",
    files_heading: "Files the applicant uploaded",
    prints_heading: "Forms to print",
    print_page: "printable page",
    print_receipt_name: "Receipt and appointment (Form 01)",
    print_refusal_name: "Refusal (Form 03)",
    print_supplement_name: "Supplement request (Form 02)",
    print_stop_name: "Notice that processing stopped",
    print_control_name: "Control sheet of the processing (Form 06)",
    timeline_heading: "What happened",
    actions_heading: "Actions",
    procedure_label: "Procedure",
    channel_label: "Submitted",
    received_label: "Received",
    due_label: "Result due",
    first_due_label: "First due",
    processing_time_label: "Processing time",
    holder_label: "Held by",
    assignee_label: "Case officer",
    nobody: "Not assigned",
    step_label: "Current step",
    step_due_label: "Step due",
    delivery_label: "Result delivery",
    paused_since_label: "Clock paused since",
    outcome_label: "Against the appointment",
    outcomes: ["Early", "On time", "Late"],
    result_label: "Result",
    refusal_label: "Reasons for refusal",
    full_name_label: "Full name",
    id_number_label: "Personal ID number",
    birth_date_label: "Date of birth",
    phone_label: "Phone",
    email_label: "Email",
    address_label: "Address",
    organization_label: "Organisation",
    tax_code_label: "Tax code",
    document_line: |kind, count| {
        format!(
            "{kind}, {count} cop{}",
            if count == 1 { "y" } else { "ies" }
        )
    },
    by_person: |name| format!("by {name}"),
    to_person: |name| format!("to {name}"),
    by_applicant: "the applicant or the system",
    no_actions: "You have no action on a dossier in this status.",
    banner_done: |action| format!("Done: {action}."),

    action_names,
    action_hints,
    note_label: "Note",
    optional: "optional",
    unit_label: "Unit",
    unit_keep: "Keep the unit",
    person_label: "Case officer",
    person_none: "Nobody chosen",
    reason_label: "Reason",
    items_label: "What to bring",
    items_hint: "One document or task per line; everything at once.",
    reasons_label: "Reasons for refusal",
    reasons_hint: "One reason per line, in words the applicant understands.",
    agency_label: "Receiving agency",
    choose: "Choose",
    amount_label: "Amount (đồng)",
    amount_hint: "Leave empty to ask for the procedure's fees.",
    summary_label: "Summary of the result",
    document_number_label: "Result document number",
    method_label: "How the result was handed over",
    methods: ["At the one-stop counter", "By post", "Online"],
    tracking_label: "Tracking number",
    tracking_hint: "Only for a result sent by post.",
    violation,

    conflict_title: "Someone else changed this dossier",
    conflict_text: "Your action was not recorded. Since you opened the page, the dossier changed:",
    conflict_changes: "The new changes",
    conflict_kept: "What you typed is still in the form below. Check it, then send it again if it is still needed.",
    not_now_title: "This action cannot be taken",
    not_now_text: "The dossier's status does not allow this action now. Nothing was recorded.",
    not_yours_text: "Another unit or person holds the dossier: you cannot take this action now. Nothing was recorded.",
    conflict_reasons,
    nav_apologies: "Apologies",
    apologies_heading: "Apology and new appointment",
    apology_states: |state| match state {
        ApologyState::Draft => "Draft: the reason and the new appointment are to write",
        ApologyState::Completed => "Waiting for the leader's signature",
        ApologyState::Signed => "Signed, waiting for the one-stop section to send it",
        ApologyState::Sent => "Sent to the applicant",
    },
    apology_causes: |cause| match cause {
        ApologyCause::DueSoon => "Drafted by the system when the dossier became due soon",
        ApologyCause::LateWithoutApology => "Drafted by the system when the dossier became overdue",
        ApologyCause::Staff => "Started by staff",
    },
    apology_write: "Write the apology and new appointment",
    apology_write_hint: "The unit holding the dossier writes the reason and the new appointment; the leader signs; the one-stop section sends it to the applicant and the appointment moves.",
    apology_reason_label: "Why the result is not ready",
    apology_reason_hint: "Write it so that the applicant understands.",
    apology_new_due_legend: "New appointment",
    apology_new_due_hint: "In office hours, after the current appointment. A dossier's appointment moves once only.",
    apology_date_label: "Date",
    apology_time_label: "Time",
    apology_old_due_label: "Old appointment",
    apology_new_due_label: "New appointment",
    apology_written_by: "Written by",
    apology_signed_by: "Signed by",
    apology_sent_at: "Sent to the applicant",
    apology_sent_late: "Sent late: less than a working day before the old appointment.",
    apology_sign: "Sign the apology",
    apology_send: "Send to the applicant, move the appointment",
    apology_print: "Apology (form 04)",
    apology_done: |state| match state {
        ApologyState::Draft | ApologyState::Completed => {
            "The apology is saved; it waits for the leader's signature."
        }
        ApologyState::Signed => {
            "The apology is signed; it waits for the one-stop section to send it."
        }
        ApologyState::Sent => "The apology went to the applicant; the appointment moved.",
    },
    desk_title: "Apologies",
    desk_lead: "A late dossier needs an apology with a new appointment, sent to the applicant before the old one.",
    desk_tabs: |state| match state {
        ApologyState::Draft => "To write",
        ApologyState::Completed => "To sign",
        ApologyState::Signed | ApologyState::Sent => "To send",
    },
    desk_empty: |state| match state {
        ApologyState::Draft => "No apology is waiting to be written.",
        ApologyState::Completed => "No apology is waiting for a signature.",
        ApologyState::Signed | ApologyState::Sent => "No apology is waiting to be sent.",
    },
    desk_caption: |state| match state {
        ApologyState::Draft => "Apologies to write, oldest first",
        ApologyState::Completed => "Apologies to sign, oldest first",
        ApologyState::Signed | ApologyState::Sent => "Apologies to send, oldest first",
    },
    desk_late_link: "Late dossiers without an apology",
    column_old_due: "Old appointment",
    column_apology: "Reason, new appointment",
    column_action: "Action",
    nav_notices: "Notices",
    notices_title: "Notices sent",
    notices_lead: "E-mail and text messages to applicants and to the agency's staff, newest first. A notice that failed can be sent again once the mail server or the SMS gateway works again.",
    notices_own_lead: "The notices sent to you, newest first.",
    notices_all: "All",
    notice_kinds: |kind| match kind {
        NoticeKind::Receipt => "Dossier received",
        NoticeKind::SupplementRequest => "Supplement requested",
        NoticeKind::Refusal => "Dossier refused",
        NoticeKind::Apology => "Apology, new appointment",
        NoticeKind::ResultReady => "Result ready",
        NoticeKind::Stopped => "Processing stopped",
        NoticeKind::PaymentRequested => "Fee requested",
        NoticeKind::DueSoonWarning => "Due soon warning",
        NoticeKind::OverdueWarning => "Overdue warning",
        NoticeKind::LateWithoutApology => "Late without apology",
        NoticeKind::MissedNewAppointment => "New appointment missed",
        NoticeKind::AccountVerification => "Account verification",
        NoticeKind::PasswordReset => "Password reset",
        NoticeKind::AccountExists => "Account exists",
        NoticeKind::PaymentReview => "Payment to reconcile",
    },
    notice_states: |state| match state {
        NoticeState::Pending => "Waiting to be sent",
        NoticeState::Sent => "Sent",
        NoticeState::Failed => "Failed",
        NoticeState::Unaddressed => "No address",
    },
    notice_channels: |channel| match channel {
        NoticeChannel::Email => "E-mail",
        NoticeChannel::Sms => "Text message",
    },
    notices_none: "No notices.",
    notices_caption: "Notices, newest first",
    notices_heading: "Notices sent",
    notices_more: "All the dossier's notices",
    column_when: "When",
    column_notice: "Notice",
    column_to: "To",
    to_applicant: "Applicant",
    to_staff: "Staff",
    notice_attempts: |n| format!("{n} tries"),
    notice_error: "Error",
    notice_resend: "Send again",
    notice_resent: "The notice is queued to be sent again.",
    notice_not_failed: "This notice did not fail: there is nothing to send again.",
    search_title: "Find a dossier",
    search_label: "Find a dossier",
    search_hint: "Its code, the applicant's ID number, tax code or phone, or the applicant's name (with or without diacritics).",
    search_button: "Find",
    search_caption: "Dossiers found, the most recently received first",
    search_found: |n| format!("{n} dossiers found, the most recently received first."),
    search_none: "No dossier of the agency was found. Check the code or the number, or type fewer words of the name.",
    clock_link: "Why this appointment?",
    clock_title: |code| format!("The processing time of dossier {code}"),
    clock_rule_label: "How it is counted",
    clock_started_label: "The clock started",
    clock_first_due_label: "Due by the processing time",
    clock_day_off: |day| format!("The last day ({day}) is a day off: due on the next working day."),
    clock_skipped_heading: "Days off not counted",
    clock_none_skipped: "No day off falls in the processing time.",
    clock_pauses_heading: "When the clock stood still",
    clock_none_paused: "The clock has not stood still.",
    clock_pause_supplement: "Waiting for a supplement",
    clock_pause_payment: "Waiting for the fee",
    clock_waiting: "Still waiting for the applicant",
    clock_duration: |hours, minutes| format!("{hours} h {minutes} min of office time"),
    clock_column_reason: "Why",
    clock_column_from: "From",
    clock_column_to: "To",
    clock_column_stood: "Stood still",
    clock_column_due: "Appointment before → after",
    clock_moves_heading: "Appointments moved by an apology",
    clock_moved: |at, from, to| format!("{at}: from {from} to {to}"),

    payments_heading: "Fees",
    payment_line: |amount, when| format!("{amount} requested at {when}"),
    payment_paid: |when| format!("Paid at {when}"),
    payment_unpaid: "Not paid",
    payment_receipt: |number| format!("Receipt {number}"),
    payment_states: |state| match state {
        PaymentState::Pending => "waiting for the bank",
        PaymentState::Paid => "paid",
        PaymentState::Failed => "failed",
        PaymentState::AmountMismatch => "another amount, to reconcile",
    },
    payment_attempt: |gateway, amount, state, when| format!("{when}: {gateway}, {amount}, {state}"),
};
