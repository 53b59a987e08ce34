//! What the notice worker needs from the application: the postman, the
//! public lookup address, and the printed form an e-mail carries. Kept apart
//! from the dossier modules so that none of them imports another through it.

use chrono::{DateTime, Utc};
use motcua_db::DbConnection;
use motcua_db::notices::NoticeRow;
use motcua_jobs::{CrashPoint, JobError, Outbox};
use motcua_notify::{Attachment, Postman};

use crate::app::Services;
use crate::dossiers::forms::form_of_notice;

impl Outbox for Services {
    fn postman(&self) -> &Postman {
        &self.delivery.postman
    }

    fn crash_point(&self) -> Option<CrashPoint> {
        self.delivery.crash_point
    }

    fn lookup_url(&self, code: &str) -> Option<String> {
        self.delivery
            .public_url
            .as_ref()
            // The lookup page, not the JSON: people follow this link.
            .map(|base| format!("{}/tra-cuu/{code}", base.trim_end_matches('/')))
    }

    fn attachment(
        &self,
        conn: &mut DbConnection,
        notice: &NoticeRow,
        now: DateTime<Utc>,
    ) -> Result<Option<Attachment>, JobError> {
        let Some(form) = form_of_notice(conn, notice, |code| self.lookup_url(code), now)
            .map_err(|e| JobError::Other(format!("the notice's form: {e}")))?
        else {
            return Ok(None);
        };
        let pdf = motcua_forms::pdf(&form.document())
            .map_err(|e| JobError::Other(format!("printing the notice's form: {e}")))?;
        Ok(Some(Attachment {
            file_name: format!("{}.pdf", form.file_stem()),
            pdf,
        }))
    }
}
