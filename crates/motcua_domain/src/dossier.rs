//! Dossiers (hồ sơ): their codes, statuses, channels and result delivery.

use crate::closed_set::closed_set;
use chrono::NaiveDate;
use std::fmt;
use std::str::FromStr;

use crate::{AgencyCode, Violation};

/// A dossier code: `<agency code>-<yymmdd>-<xxxx>`, e.g.
/// `000.00.15.H29-251120-0001`. The sequence runs per agency per day and has
/// exactly four digits, 0001 to 9999 (Circular 01/2018/TT-VPCP Art. 19).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct DossierCode(String);

impl DossierCode {
    /// The most dossiers one agency can number in a day: the sequence has
    /// four digits.
    pub const MOST_PER_DAY: u32 = 9_999;

    /// The code of the `sequence`-th dossier received by `agency` on the local
    /// date `day`; none past [`Self::MOST_PER_DAY`] (or for 0).
    pub fn new(agency: &AgencyCode, day: NaiveDate, sequence: u32) -> Option<Self> {
        (1..=Self::MOST_PER_DAY)
            .contains(&sequence)
            .then(|| DossierCode(format!("{agency}-{}-{sequence:04}", day.format("%y%m%d"))))
    }

    /// Parses a code someone typed or a URL carried.
    pub fn parse(field: &str, text: &str) -> Result<Self, Violation> {
        let invalid = || {
            Violation::new(
                field,
                "invalid_dossier_code",
                "a dossier code looks like 000.00.15.H29-251120-0001",
            )
        };
        let mut parts = text.split('-');
        let (Some(agency), Some(day), Some(sequence), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid());
        };
        AgencyCode::parse(field, agency).map_err(|_| invalid())?;
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if day.len() != 6 || !digits(day) || NaiveDate::parse_from_str(day, "%y%m%d").is_err() {
            return Err(invalid());
        }
        if sequence.len() != 4 || !digits(sequence) || sequence == "0000" {
            return Err(invalid());
        }
        Ok(DossierCode(text.to_owned()))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DossierCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A dossier's status, with the codes the National Public Service Portal uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DossierStatus {
    /// 1 · mới đăng ký: sent online, not yet accepted.
    Submitted,
    /// 2 · đã tiếp nhận: accepted; the clock runs.
    Received,
    /// 3 · từ chối: refused, with reasons (final).
    Refused,
    /// 4 · đang xử lý: in a processing unit.
    Processing,
    /// 5 · yêu cầu bổ sung: waiting for the applicant; the clock is paused.
    SupplementRequested,
    /// 6 · yêu cầu thanh toán: waiting for an online fee; the clock is paused.
    PaymentRequested,
    /// 7 · công dân yêu cầu rút: the applicant asked to withdraw.
    WithdrawalRequested,
    /// 8 · dừng xử lý: withdrawn or stopped (final).
    Stopped,
    /// 9 · đã xử lý xong: result ready.
    Finished,
    /// 10 · đã trả kết quả: result handed over (final).
    Returned,
}

impl DossierStatus {
    /// Every status, by national code.
    pub const ALL: [DossierStatus; 10] = [
        DossierStatus::Submitted,
        DossierStatus::Received,
        DossierStatus::Refused,
        DossierStatus::Processing,
        DossierStatus::SupplementRequested,
        DossierStatus::PaymentRequested,
        DossierStatus::WithdrawalRequested,
        DossierStatus::Stopped,
        DossierStatus::Finished,
        DossierStatus::Returned,
    ];

    /// The national code (`TrangThaiHoSo`), 1–10.
    pub fn code(self) -> u8 {
        match self {
            DossierStatus::Submitted => 1,
            DossierStatus::Received => 2,
            DossierStatus::Refused => 3,
            DossierStatus::Processing => 4,
            DossierStatus::SupplementRequested => 5,
            DossierStatus::PaymentRequested => 6,
            DossierStatus::WithdrawalRequested => 7,
            DossierStatus::Stopped => 8,
            DossierStatus::Finished => 9,
            DossierStatus::Returned => 10,
        }
    }

    /// The name in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            DossierStatus::Submitted => "submitted",
            DossierStatus::Received => "received",
            DossierStatus::Refused => "refused",
            DossierStatus::Processing => "processing",
            DossierStatus::SupplementRequested => "supplement_requested",
            DossierStatus::PaymentRequested => "payment_requested",
            DossierStatus::WithdrawalRequested => "withdrawal_requested",
            DossierStatus::Stopped => "stopped",
            DossierStatus::Finished => "finished",
            DossierStatus::Returned => "returned",
        }
    }

    /// The Vietnamese label the national portal shows.
    pub fn label(self) -> &'static str {
        match self {
            DossierStatus::Submitted => "Mới đăng ký",
            DossierStatus::Received => "Đã tiếp nhận",
            DossierStatus::Refused => "Từ chối",
            DossierStatus::Processing => "Đang xử lý",
            DossierStatus::SupplementRequested => "Yêu cầu bổ sung",
            DossierStatus::PaymentRequested => "Yêu cầu thanh toán",
            DossierStatus::WithdrawalRequested => "Công dân yêu cầu rút hồ sơ",
            DossierStatus::Stopped => "Dừng xử lý",
            DossierStatus::Finished => "Đã xử lý xong",
            DossierStatus::Returned => "Đã trả kết quả",
        }
    }

    /// Whether the clock stands still in this status (waiting for the applicant).
    pub fn pauses_clock(self) -> bool {
        matches!(
            self,
            DossierStatus::SupplementRequested | DossierStatus::PaymentRequested
        )
    }

    /// Whether nothing more happens to the dossier.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            DossierStatus::Refused | DossierStatus::Stopped | DossierStatus::Returned
        )
    }
}

/// A status name that is not one of the ten.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown dossier status {0:?}")]
pub struct UnknownStatus(pub String);

impl FromStr for DossierStatus {
    type Err = UnknownStatus;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        DossierStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| UnknownStatus(text.to_owned()))
    }
}

/// How the dossier arrived (`KenhThucHien`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 1 · at the counter (trực tiếp).
    Counter,
    /// 2 · online (trực tuyến).
    Online,
    /// 3 · by post (bưu chính công ích).
    Post,
}

impl Channel {
    /// The national code.
    pub fn code(self) -> u8 {
        match self {
            Channel::Counter => 1,
            Channel::Online => 2,
            Channel::Post => 3,
        }
    }

    /// The channel of a national code.
    pub fn from_code(code: i32) -> Option<Channel> {
        match code {
            1 => Some(Channel::Counter),
            2 => Some(Channel::Online),
            3 => Some(Channel::Post),
            _ => None,
        }
    }

    /// The Vietnamese name, as reports print it.
    pub fn label(self) -> &'static str {
        match self {
            Channel::Counter => "Trực tiếp",
            Channel::Online => "Trực tuyến",
            Channel::Post => "Bưu chính công ích",
        }
    }

    /// The name in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Counter => "counter",
            Channel::Online => "online",
            Channel::Post => "post",
        }
    }
}

/// Where the applicant collects the result (Đăng ký nhận kết quả tại).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResultDelivery {
    /// At the one-stop section.
    Counter,
    /// By the public postal service, to this address.
    Post {
        /// Delivery address.
        address: String,
    },
    /// As a file the applicant downloads (toàn trình procedures).
    Online,
}

closed_set! {
    /// How a result reaches the applicant: how they chose at intake, and how
    /// it was handed over in the end.
    pub enum DeliveryMethod / UnknownDeliveryMethod ("delivery method") {
        /// At the one-stop section.
        Counter = "counter",
        /// By the public postal service.
        Post = "post",
        /// As a file the applicant downloads.
        Online = "online",
    }
}

impl ResultDelivery {
    /// How it goes.
    pub fn method(&self) -> DeliveryMethod {
        match self {
            ResultDelivery::Counter => DeliveryMethod::Counter,
            ResultDelivery::Post { .. } => DeliveryMethod::Post,
            ResultDelivery::Online => DeliveryMethod::Online,
        }
    }

    /// The address for the post, if any.
    pub fn address(&self) -> Option<&str> {
        match self {
            ResultDelivery::Counter | ResultDelivery::Online => None,
            ResultDelivery::Post { address } => Some(address),
        }
    }
}

/// The form of a document handed in (bản chính, bản sao chứng thực, bản sao).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyType {
    /// Bản chính.
    Original,
    /// Bản sao có chứng thực.
    CertifiedCopy,
    /// Bản sao (chụp).
    Copy,
}

impl CopyType {
    /// The name in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            CopyType::Original => "original",
            CopyType::CertifiedCopy => "certified_copy",
            CopyType::Copy => "copy",
        }
    }

    /// The Vietnamese name printed on forms.
    pub fn label(self) -> &'static str {
        match self {
            CopyType::Original => "Bản chính",
            CopyType::CertifiedCopy => "Bản sao chứng thực",
            CopyType::Copy => "Bản sao",
        }
    }

    /// Whether this form meets a requirement for `required`: an original
    /// meets any requirement, a certified copy meets a certified copy or a
    /// plain copy, a plain copy only a plain copy (Decree 23/2015/NĐ-CP
    /// Art. 6: a copy shown with its original needs no certification).
    pub fn meets(self, required: CopyType) -> bool {
        let strength = |c: CopyType| match c {
            CopyType::Original => 2,
            CopyType::CertifiedCopy => 1,
            CopyType::Copy => 0,
        };
        strength(self) >= strength(required)
    }
}

impl FromStr for CopyType {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "original" => Ok(CopyType::Original),
            "certified_copy" => Ok(CopyType::CertifiedCopy),
            "copy" => Ok(CopyType::Copy),
            other => Err(format!("unknown copy type {other:?}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_made_and_parsed() {
        let agency = AgencyCode::parse("a", "000.00.15.H29").unwrap();
        let day = NaiveDate::from_ymd_opt(2025, 11, 20).unwrap();
        let code = DossierCode::new(&agency, day, 1).unwrap();
        assert_eq!(code.as_str(), "000.00.15.H29-251120-0001");
        assert_eq!(DossierCode::parse("c", code.as_str()), Ok(code));
        let last = DossierCode::new(&agency, day, 9_999).unwrap();
        assert_eq!(last.as_str(), "000.00.15.H29-251120-9999");
        // Four digits, exactly: the 10,000th dossier of a day has no code.
        assert_eq!(DossierCode::new(&agency, day, 10_000), None);
        assert_eq!(DossierCode::new(&agency, day, 0), None);
        for bad in [
            "",
            "000.00.15.H29",
            "000.00.15.H29-251320-0001",
            "000.00.15.H29-251120-001",
            "000.00.15.H29-251120-12345",
            "000.00.15.H29-251120-0000",
            "x-251120-0001",
            "000.00.15.H29-251120-0001-2",
        ] {
            assert!(DossierCode::parse("c", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn statuses_carry_the_national_codes() {
        let codes: Vec<u8> = DossierStatus::ALL.iter().map(|s| s.code()).collect();
        assert_eq!(codes, (1..=10).collect::<Vec<u8>>());
        for status in DossierStatus::ALL {
            assert_eq!(status.as_str().parse(), Ok(status));
        }
    }
}
