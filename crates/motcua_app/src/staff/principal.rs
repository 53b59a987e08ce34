//! Who is asking, on the staff side, and the role lists use cases check.

use motcua_domain::Role;

use crate::error::{AppError, AppResult};

/// Who is asking: the staff member a valid access token names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// User id.
    pub user_id: String,
    /// What the user may do (`clerk`, `specialist`, `unit_head`, `leader`, `admin`, `system_admin`).
    pub role: Role,
    /// Agency id.
    pub agency_id: String,
    /// Unit id.
    pub unit_id: Option<String>,
}

impl Principal {
    /// Passes when the principal has one of `roles`.
    pub fn require(&self, roles: &[Role]) -> AppResult<()> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            let allowed: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            Err(AppError::Forbidden(format!(
                "this action needs the role {}; you are {}",
                allowed.join(" or "),
                self.role
            )))
        }
    }
}
