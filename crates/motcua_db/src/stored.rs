//! Closed sets stored as text: a dossier's status, an event's kind, a
//! notice's state, ... A row field holds [`Stored`] of the domain's enum,
//! written as its stored name and read back through one parser, so no row
//! carries a status as a string and a stored value that does not parse is
//! one error, raised here.
//!
//! The enums belong to `motcua_domain`, which knows nothing of diesel, and
//! Rust lets this crate implement diesel's traits for another crate's type
//! only through a type of its own: [`Stored`] is that type, one for every
//! set, and derefs to the value it holds.

use diesel::backend::Backend;
use diesel::deserialize::FromSqlRow;
use diesel::deserialize::{self, FromSql};
use diesel::expression::AsExpression;
use diesel::pg::Pg;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::Text;
use diesel::sqlite::Sqlite;
use std::fmt;
use std::ops::Deref;

use crate::connection::MultiBackend;

/// A closed set stored by name: what [`Stored`] needs of its value.
pub trait StoredName: Sized + fmt::Debug + Send + Sync + 'static {
    /// What the set is, for the error about a name it does not have.
    const WHAT: &'static str;
    /// The stored name.
    fn stored_name(&self) -> &'static str;
    /// The value of a stored name.
    fn from_stored_name(name: &str) -> Option<Self>;
}

/// A value of a closed set, as a `TEXT` column holds it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub struct Stored<T>(pub T);

impl<T> Deref for Stored<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> From<T> for Stored<T> {
    fn from(value: T) -> Self {
        Stored(value)
    }
}

impl<T: PartialEq> PartialEq<T> for Stored<T> {
    fn eq(&self, other: &T) -> bool {
        self.0 == *other
    }
}

impl<T: fmt::Debug> fmt::Debug for Stored<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: StoredName> fmt::Display for Stored<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.stored_name())
    }
}

impl<T: StoredName> Stored<T> {
    fn parse(text: &str) -> deserialize::Result<Self> {
        T::from_stored_name(text)
            .map(Stored)
            .ok_or_else(|| format!("the stored {} {text:?} is not one we know", T::WHAT).into())
    }
}

impl<T: StoredName> ToSql<Text, Pg> for Stored<T> {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        <str as ToSql<Text, Pg>>::to_sql(self.0.stored_name(), out)
    }
}

impl<T: StoredName> ToSql<Text, Sqlite> for Stored<T> {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
        <str as ToSql<Text, Sqlite>>::to_sql(self.0.stored_name(), out)
    }
}

impl<T: StoredName> ToSql<Text, MultiBackend> for Stored<T> {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
        out.set_value((Text, self));
        Ok(IsNull::No)
    }
}

impl<T: StoredName> FromSql<Text, Pg> for Stored<T> {
    fn from_sql(bytes: <Pg as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        Self::parse(&<String as FromSql<Text, Pg>>::from_sql(bytes)?)
    }
}

impl<T: StoredName> FromSql<Text, Sqlite> for Stored<T> {
    fn from_sql(bytes: <Sqlite as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        Self::parse(&<String as FromSql<Text, Sqlite>>::from_sql(bytes)?)
    }
}

impl<T: StoredName> FromSql<Text, MultiBackend> for Stored<T> {
    fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        bytes.from_sql::<Self, Text>()
    }
}

/// The sets `motcua_domain` defines by name.
macro_rules! stored_by_name {
    ($($ty:ty => $what:literal),* $(,)?) => {
        $(
            impl StoredName for $ty {
                const WHAT: &'static str = $what;
                fn stored_name(&self) -> &'static str {
                    self.as_str()
                }
                fn from_stored_name(name: &str) -> Option<Self> {
                    name.parse().ok()
                }
            }
        )*
    };
}

stored_by_name! {
    motcua_domain::DossierStatus => "dossier status",
    motcua_domain::Role => "role",
    motcua_domain::EventKind => "event kind",
    motcua_domain::NoticeKind => "notice kind",
    motcua_domain::NoticeChannel => "notice channel",
    motcua_domain::NoticeChannels => "notice channels",
    motcua_domain::NoticeState => "notice state",
    motcua_domain::NoticeLanguage => "language",
    motcua_domain::ApologyState => "apology state",
    motcua_domain::ApologyCause => "apology cause",
    motcua_domain::PaymentState => "payment state",
    motcua_domain::PaymentReview => "payment review",
    motcua_domain::FilePurpose => "file purpose",
    motcua_domain::CitizenKind => "account kind",
    motcua_domain::DeliveryMethod => "delivery method",
    motcua_domain::CopyType => "copy type",
    motcua_domain::OnlineMode => "online mode",
    motcua_domain::ProcessingUnit => "processing unit",
}

impl StoredName for motcua_domain::RuleSet {
    const WHAT: &'static str = "rule set";
    fn stored_name(&self) -> &'static str {
        self.name
    }
    fn from_stored_name(name: &str) -> Option<Self> {
        motcua_domain::RuleSet::named(name)
    }
}

/// The calendar's sets, which name their values but read them leniently.
macro_rules! stored_strictly {
    ($($ty:ty => $what:literal: [$($value:expr),+ $(,)?]),* $(,)?) => {
        $(
            impl StoredName for $ty {
                const WHAT: &'static str = $what;
                fn stored_name(&self) -> &'static str {
                    self.as_str()
                }
                fn from_stored_name(name: &str) -> Option<Self> {
                    [$($value),+].into_iter().find(|v: &$ty| v.as_str() == name)
                }
            }
        )*
    };
}

stored_strictly! {
    motcua_domain::SlaState => "SLA state": [
        motcua_domain::SlaState::OnTrack,
        motcua_domain::SlaState::DueSoon,
        motcua_domain::SlaState::Overdue,
    ],
    motcua_domain::Outcome => "outcome": [
        motcua_domain::Outcome::Early,
        motcua_domain::Outcome::OnTime,
        motcua_domain::Outcome::Late,
    ],
}

#[cfg(test)]
mod tests {
    use super::*;
    use motcua_domain::DossierStatus;

    #[test]
    fn a_stored_value_reads_back_and_a_stranger_is_one_error() {
        for status in DossierStatus::ALL {
            assert_eq!(
                Stored::<DossierStatus>::parse(status.as_str()).unwrap(),
                status
            );
        }
        let error = Stored::<DossierStatus>::parse("lost").unwrap_err();
        assert_eq!(
            error.to_string(),
            "the stored dossier status \"lost\" is not one we know"
        );
    }
}
