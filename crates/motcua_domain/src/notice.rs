//! The notices Motcua sends (thông báo): what kind, by which channel.

use std::fmt;
use std::str::FromStr;

/// Every kind of notice Motcua sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01).
    Receipt,
    /// Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02).
    SupplementRequest,
    /// Phiếu từ chối tiếp nhận, giải quyết hồ sơ (Mẫu 03).
    Refusal,
    /// Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04).
    Apology,
    /// The result is ready to collect or on its way.
    ResultReady,
    /// Processing stopped: by the agency, or at the applicant's request
    /// (a confirmed withdrawal); Thông báo dừng giải quyết hồ sơ.
    Stopped,
    /// A fee is to be paid before processing goes on.
    PaymentRequested,
    /// To staff: a dossier they hold is due within a working day.
    DueSoonWarning,
    /// To staff: a dossier they hold is past its due instant.
    OverdueWarning,
    /// To the leader: a dossier went late with no apology sent.
    LateWithoutApology,
    /// To the leader again: a dossier missed the new appointment its
    /// apology gave.
    MissedNewAppointment,
    /// To a new citizen account: prove the e-mail address.
    AccountVerification,
    /// To a citizen who forgot the password: the link to set a new one.
    PasswordReset,
    /// To the owner of an address someone tried to register again: the
    /// account exists; a link to set its password (which also takes over an
    /// account someone else opened with the address and never proved).
    AccountExists,
    /// To the one-stop section and the leaders: a payment the gateway
    /// reported that staff must reconcile (paid after a failure, paid twice,
    /// another amount).
    PaymentReview,
}

impl NoticeKind {
    /// Every kind, for tests and documentation.
    pub const ALL: [NoticeKind; 15] = [
        NoticeKind::Receipt,
        NoticeKind::SupplementRequest,
        NoticeKind::Refusal,
        NoticeKind::Apology,
        NoticeKind::ResultReady,
        NoticeKind::Stopped,
        NoticeKind::PaymentRequested,
        NoticeKind::DueSoonWarning,
        NoticeKind::OverdueWarning,
        NoticeKind::LateWithoutApology,
        NoticeKind::MissedNewAppointment,
        NoticeKind::AccountVerification,
        NoticeKind::PasswordReset,
        NoticeKind::AccountExists,
        NoticeKind::PaymentReview,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Receipt => "receipt",
            NoticeKind::SupplementRequest => "supplement_request",
            NoticeKind::Refusal => "refusal",
            NoticeKind::Apology => "apology",
            NoticeKind::ResultReady => "result_ready",
            NoticeKind::Stopped => "stopped",
            NoticeKind::PaymentRequested => "payment_requested",
            NoticeKind::DueSoonWarning => "due_soon_warning",
            NoticeKind::OverdueWarning => "overdue_warning",
            NoticeKind::LateWithoutApology => "late_without_apology",
            NoticeKind::MissedNewAppointment => "missed_new_appointment",
            NoticeKind::AccountVerification => "account_verification",
            NoticeKind::PasswordReset => "password_reset",
            NoticeKind::AccountExists => "account_exists",
            NoticeKind::PaymentReview => "payment_review",
        }
    }

    /// The kind of a stored name.
    pub fn from_stored(name: &str) -> Option<NoticeKind> {
        NoticeKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// True for the notices about a citizen's account, not a dossier.
    pub fn is_about_account(self) -> bool {
        matches!(
            self,
            NoticeKind::AccountVerification | NoticeKind::PasswordReset | NoticeKind::AccountExists
        )
    }

    /// True for the warnings that go to staff rather than the applicant.
    pub fn is_for_staff(self) -> bool {
        matches!(
            self,
            NoticeKind::DueSoonWarning
                | NoticeKind::OverdueWarning
                | NoticeKind::LateWithoutApology
                | NoticeKind::MissedNewAppointment
                | NoticeKind::PaymentReview
        )
    }
}

impl fmt::Display for NoticeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A notice kind's name that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown notice kind {0:?}")]
pub struct UnknownNoticeKind(pub String);

impl FromStr for NoticeKind {
    type Err = UnknownNoticeKind;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        NoticeKind::from_stored(text).ok_or_else(|| UnknownNoticeKind(text.to_owned()))
    }
}

/// A channel a notice goes by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeChannel {
    /// E-mail.
    Email,
    /// SMS.
    Sms,
}

impl NoticeChannel {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeChannel::Email => "email",
            NoticeChannel::Sms => "sms",
        }
    }

    /// The channel of a stored name.
    pub fn from_stored(name: &str) -> Option<NoticeChannel> {
        match name {
            "email" => Some(NoticeChannel::Email),
            "sms" => Some(NoticeChannel::Sms),
            _ => None,
        }
    }
}

impl fmt::Display for NoticeChannel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A channel name that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown notice channel {0:?}: expected email or sms")]
pub struct UnknownChannel(pub String);

impl FromStr for NoticeChannel {
    type Err = UnknownChannel;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        NoticeChannel::from_stored(text).ok_or_else(|| UnknownChannel(text.to_owned()))
    }
}

/// The channels an applicant chose, stored as one text column: `email`,
/// `sms`, `email,sms`, or empty for none (told at the counter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct NoticeChannels {
    /// By e-mail.
    pub email: bool,
    /// By SMS.
    pub sms: bool,
}

impl NoticeChannels {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match (self.email, self.sms) {
            (true, true) => "email,sms",
            (true, false) => "email",
            (false, true) => "sms",
            (false, false) => "",
        }
    }

    /// Each channel chosen, e-mail first.
    pub fn iter(self) -> impl Iterator<Item = NoticeChannel> {
        [
            (self.email, NoticeChannel::Email),
            (self.sms, NoticeChannel::Sms),
        ]
        .into_iter()
        .filter_map(|(chosen, channel)| chosen.then_some(channel))
    }
}

impl FromStr for NoticeChannels {
    type Err = UnknownChannel;

    /// A stored list: each name once, e-mail before SMS, as `as_str` writes.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        [
            NoticeChannels::default(),
            NoticeChannels {
                email: true,
                sms: false,
            },
            NoticeChannels {
                email: false,
                sms: true,
            },
            NoticeChannels {
                email: true,
                sms: true,
            },
        ]
        .into_iter()
        .find(|c| c.as_str() == text)
        .ok_or_else(|| UnknownChannel(text.to_owned()))
    }
}

/// Where a notice stands in the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeState {
    /// Waiting for its delivery job.
    Pending,
    /// Handed to the mail server or the SMS gateway.
    Sent,
    /// Refused for good, or failed on every try: staff may send it again.
    Failed,
    /// To a staff member who gave no address: kept as the record that they
    /// were due to be told.
    Unaddressed,
}

impl NoticeState {
    /// Every state.
    pub const ALL: [NoticeState; 4] = [
        NoticeState::Pending,
        NoticeState::Sent,
        NoticeState::Failed,
        NoticeState::Unaddressed,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeState::Pending => "pending",
            NoticeState::Sent => "sent",
            NoticeState::Failed => "failed",
            NoticeState::Unaddressed => "unaddressed",
        }
    }
}

impl fmt::Display for NoticeState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A notice state's name that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown notice state {0:?}: expected pending, sent, failed or unaddressed")]
pub struct UnknownNoticeState(pub String);

impl FromStr for NoticeState {
    type Err = UnknownNoticeState;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        NoticeState::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| UnknownNoticeState(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_stored_name_that_reads_back() {
        for kind in NoticeKind::ALL {
            assert_eq!(NoticeKind::from_stored(kind.as_str()), Some(kind));
            assert_eq!(kind.as_str().parse::<NoticeKind>(), Ok(kind));
        }
        assert_eq!(NoticeKind::from_stored("nonsense"), None);
        for channel in [NoticeChannel::Email, NoticeChannel::Sms] {
            assert_eq!(channel.as_str().parse::<NoticeChannel>(), Ok(channel));
        }
    }

    #[test]
    fn chosen_channels_are_stored_as_one_text_and_read_back() {
        for text in ["", "email", "sms", "email,sms"] {
            let channels: NoticeChannels = text.parse().unwrap();
            assert_eq!(channels.as_str(), text);
        }
        let both: NoticeChannels = "email,sms".parse().unwrap();
        assert_eq!(
            both.iter().collect::<Vec<_>>(),
            [NoticeChannel::Email, NoticeChannel::Sms]
        );
        assert!("sms,email".parse::<NoticeChannels>().is_err());
        assert!("fax".parse::<NoticeChannels>().is_err());
    }
}
