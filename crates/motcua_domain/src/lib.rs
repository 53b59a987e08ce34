#![doc = include_str!("../README.md")]

mod agency;
mod apology;
mod dates;
mod dossier;
mod event;
mod intake;
mod notice;
mod notice_preferences;
mod online;
mod person;
mod procedure;
mod rating;
mod role;
mod sla;
mod text;
mod violation;
mod workflow;

pub use agency::AgencyCode;
pub use apology::{AppointmentError, check_new_appointment};
pub use dates::{calendar_date, calendar_instant};
pub use dossier::{Channel, CopyType, DossierCode, DossierStatus, ResultDelivery};
pub use event::{EventKind, UnknownEventKind};
pub use intake::{IntakeDecision, MissingItem, SubmittedDocument, decide_intake};
pub use notice::{
    NoticeChannel, NoticeKind, NoticeState, UnknownChannel, UnknownNoticeKind, UnknownNoticeState,
};
pub use notice_preferences::{NoticeLanguage, NoticePreferences, UnknownLanguage};
pub use online::{
    FileKind, NewPassword, check_online_delivery, display_file_name, missing_documents,
};
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
pub use text::{fold_for_search, required_text};
pub use violation::{Violation, Violations};
pub use workflow::{Action, IllegalTransition, ResumePolicy, RuleSet};
