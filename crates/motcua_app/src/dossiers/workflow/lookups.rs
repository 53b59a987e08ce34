//! What an action may need to look up beyond the dossier and its history,
//! behind a trait: the runner answers from the database, the actions' unit
//! tests from memory.

use motcua_calendar::WorkingCalendar;
use motcua_db::agencies::{AgencyRow, UnitRow};
use motcua_db::online::ApplicationRow;
use motcua_db::users::UserRow;
use motcua_db::{DbConnection, agencies, online, users};
use motcua_domain::{AgencyCode, FilePurpose};
use std::sync::Arc;

use crate::app::Services;
use crate::error::AppResult;

/// The lookups of the actions.
pub(super) trait Lookups {
    /// The calendar of an agency's office hours.
    fn calendar(&mut self, agency_id: &str) -> AppResult<Arc<WorkingCalendar>>;
    /// A unit by id.
    fn unit(&mut self, unit_id: &str) -> AppResult<Option<UnitRow>>;
    /// A staff member by id.
    fn user(&mut self, user_id: &str) -> AppResult<Option<UserRow>>;
    /// An agency by its identifier code.
    fn agency(&mut self, code: &AgencyCode) -> AppResult<Option<AgencyRow>>;
    /// An agency's one-stop section.
    fn one_stop_unit(&mut self, agency_id: &str) -> AppResult<Option<UnitRow>>;
    /// The online application a dossier came from, if it came online.
    fn application(&mut self, dossier_id: &str) -> AppResult<Option<ApplicationRow>>;
    /// Whether a result file is attached to an application.
    fn has_result(&mut self, application_id: &str) -> AppResult<bool>;
}

/// The lookups, answered inside the runner's transaction.
pub(super) struct Stored<'a> {
    pub(super) services: &'a Services,
    pub(super) conn: &'a mut DbConnection,
}

impl Lookups for Stored<'_> {
    fn calendar(&mut self, agency_id: &str) -> AppResult<Arc<WorkingCalendar>> {
        self.services.calendars.of_agency(self.conn, agency_id)
    }

    fn unit(&mut self, unit_id: &str) -> AppResult<Option<UnitRow>> {
        Ok(agencies::unit_by_id(self.conn, unit_id)?)
    }

    fn user(&mut self, user_id: &str) -> AppResult<Option<UserRow>> {
        Ok(users::by_id(self.conn, user_id)?)
    }

    fn agency(&mut self, code: &AgencyCode) -> AppResult<Option<AgencyRow>> {
        Ok(agencies::by_code(self.conn, code.as_str())?)
    }

    fn one_stop_unit(&mut self, agency_id: &str) -> AppResult<Option<UnitRow>> {
        Ok(agencies::one_stop_unit(self.conn, agency_id)?)
    }

    fn application(&mut self, dossier_id: &str) -> AppResult<Option<ApplicationRow>> {
        Ok(online::application_of_dossier(self.conn, dossier_id)?)
    }

    fn has_result(&mut self, application_id: &str) -> AppResult<bool> {
        Ok(online::files_of(self.conn, application_id)?
            .iter()
            .any(|f| f.purpose == FilePurpose::Result))
    }
}
