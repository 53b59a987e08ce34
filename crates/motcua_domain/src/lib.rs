#![doc = include_str!("../README.md")]

mod agency;
mod apology;
mod closed_set;
mod dates;
mod display;
mod dossier;
mod event;
mod forms;
mod indicators;
mod intake;
mod notice;
mod notice_preferences;
mod online;
mod payment;
mod person;
mod procedure;
mod rating;
mod role;
mod sla;
mod steps;
mod text;
mod violation;
mod workflow;

pub use agency::AgencyCode;
pub use apology::{
    ApologyCause, ApologyState, AppointmentError, UnknownApologyCause, UnknownApologyState,
    check_new_appointment,
};
pub use dates::{calendar_date, calendar_instant, day_month_year, write_day_month_year};
pub use display::{
    attachment_disposition, format_date, format_date_time, format_day, format_vnd, group_thousands,
    vietnam_time,
};
pub use dossier::{
    Channel, CopyType, DeliveryMethod, DossierCode, DossierStatus, ResultDelivery,
    UnknownDeliveryMethod,
};
pub use event::{EventKind, UnknownEventKind};
pub use forms::{FormKind, FormSpec};
pub use indicators::{
    DossierFacts, Ending, FeeFact, Measure, MeasureUnit, Tally, Timing, UnitLateness, UnitStep,
    add_lateness,
};
pub use intake::{IntakeDecision, MissingItem, SubmittedDocument, decide_intake};
pub use motcua_calendar::{Outcome, SlaState};
pub use notice::{
    NoticeChannel, NoticeChannels, NoticeKind, NoticeState, UnknownChannel, UnknownNoticeKind,
    UnknownNoticeState,
};
pub use notice_preferences::{NoticeLanguage, NoticePreferences, UnknownLanguage};
pub use online::{
    CitizenKind, FileKind, FilePurpose, NewPassword, UnknownCitizenKind, UnknownFilePurpose,
    check_online_delivery, display_file_name, missing_documents,
};
pub use payment::{PaymentReview, PaymentState, UnknownPaymentReview, UnknownPaymentState};
pub use person::{
    Applicant, ApplicantFields, CitizenId, EmailAddress, Organization, PersonName, PhoneNumber,
    TaxCode, mask_name,
};
pub use procedure::{
    Fee, OnlineMode, ProcedureCode, ProcedureDefinition, ProcessStep, ProcessingUnit,
    RequiredDocument,
};
pub use rating::{CRITERIA, Rating};
pub use role::Role;
pub use sla::{
    LATE_HAND_OVER, due_soon_instant, next_sla_check, sla_state_at, step_due, step_start,
};
pub use steps::{StepMark, StepResult, StepSpan, step_spans};
pub use text::{escape_html, fold_for_search, required_text};
pub use violation::{Violation, Violations};
pub use workflow::{Action, IllegalTransition, ResumePolicy, RuleSet};
