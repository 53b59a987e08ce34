#![doc = include_str!("../README.md")]

mod agency;
mod dossier;
mod intake;
mod person;
mod procedure;
mod role;
mod text;
mod violation;

pub use agency::AgencyCode;
pub use dossier::{Channel, CopyType, DossierCode, DossierStatus, ResultDelivery};
pub use intake::{IntakeDecision, MissingItem, SubmittedDocument, decide_intake};
pub use person::{
    Applicant, ApplicantFields, CitizenId, EmailAddress, Organization, PersonName, PhoneNumber,
    TaxCode, mask_name,
};
pub use procedure::{
    Fee, OnlineMode, ProcedureCode, ProcedureDefinition, ProcessStep, ProcessingUnit,
    RequiredDocument,
};
pub use role::Role;
pub use text::{fold_for_search, required_text};
pub use violation::{Violation, Violations};
