//! The indicators as the tables a leader opens in a spreadsheet: the
//! indicators with what they were computed from, the counts, and who made
//! the dossiers late.

use motcua_tables::{Cell, Table};

use crate::reports::indicators::{IndicatorGroup, IndicatorReport};

/// The tables of an indicator report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportTable {
    /// Every indicator of every group, with numerator, denominator and
    /// formula.
    Indicators,
    /// The counts of every group.
    Counts,
    /// The units that made dossiers late.
    LateUnits,
}

impl ReportTable {
    /// Every table, in the workbook's order.
    pub const ALL: [ReportTable; 3] = [
        ReportTable::Indicators,
        ReportTable::Counts,
        ReportTable::LateUnits,
    ];

    /// The table with this API name.
    pub fn parse(text: &str) -> Option<ReportTable> {
        ReportTable::ALL.into_iter().find(|t| t.as_str() == text)
    }

    /// The API name.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportTable::Indicators => "indicators",
            ReportTable::Counts => "counts",
            ReportTable::LateUnits => "late_units",
        }
    }
}

impl IndicatorReport {
    /// The groups: the whole first, then the breakdown's.
    fn all_groups(&self) -> impl Iterator<Item = &IndicatorGroup> {
        std::iter::once(&self.total).chain(&self.groups)
    }

    /// The file's name: the agency's code and the period
    /// (`chi-so-000.00.01.H12-2026-01-01-2026-03-31`).
    pub fn file_stem(&self) -> String {
        format!(
            "chi-so-{}-{}-{}",
            self.agency.code,
            self.period.from(),
            self.period.to()
        )
    }

    /// One table of the report.
    pub fn table(&self, which: ReportTable) -> Table {
        match which {
            ReportTable::Indicators => self.indicator_table(),
            ReportTable::Counts => self.count_table(),
            ReportTable::LateUnits => self.late_unit_table(),
        }
    }

    fn indicator_table(&self) -> Table {
        let headers = [
            "Nhóm",
            "Mã chỉ số",
            "Chỉ số",
            "Tử số",
            "Mẫu số",
            "Giá trị",
            "Đơn vị",
            "Cách tính",
        ];
        let mut rows = Vec::new();
        for group in self.all_groups() {
            for m in &group.measures {
                rows.push(vec![
                    Cell::from(group.label.as_str()),
                    Cell::from(m.code.unwrap_or_default()),
                    Cell::from(m.title.as_str()),
                    Cell::Number(m.numerator),
                    Cell::from(m.denominator),
                    Cell::from(m.value),
                    Cell::from(unit_label(m.unit)),
                    Cell::from(m.formula.as_str()),
                ]);
            }
        }
        Table {
            title: "Chỉ số".to_owned(),
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows,
        }
    }

    fn count_table(&self) -> Table {
        let headers = [
            "Nhóm",
            "Tiếp nhận",
            "Trực tiếp",
            "Trực tuyến",
            "Bưu chính",
            "Đã kết thúc",
            "Trước hạn",
            "Đúng hạn",
            "Quá hạn",
            "Đang giải quyết trong hạn",
            "Đang giải quyết quá hạn",
            "Đang chờ tổ chức, cá nhân",
            "Quá hạn có phiếu xin lỗi",
            "Phiếu xin lỗi đã gửi",
            "Phiếu xin lỗi gửi chậm",
            "Có phí, lệ phí",
            "Thanh toán trực tuyến",
            "Có kết quả",
            "Kết quả điện tử",
            "Số hóa",
            "Được đánh giá",
            "Không hài lòng",
        ];
        let rows = self
            .all_groups()
            .map(|g| {
                let t = &g.tally;
                let mut row = vec![Cell::from(g.label.as_str())];
                row.extend(
                    [
                        t.received,
                        t.received_counter,
                        t.received_online,
                        t.received_post,
                        t.ended,
                        t.early,
                        t.on_time,
                        t.late,
                        t.running_on_time,
                        t.running_late,
                        t.paused,
                        t.late_apologised,
                        t.apologies_sent,
                        t.apologies_sent_late,
                        t.with_fee,
                        t.paid_online,
                        t.with_result,
                        t.electronic_result,
                        t.digitised,
                        t.rated,
                        t.unsatisfied,
                    ]
                    .map(Cell::from),
                );
                row
            })
            .collect();
        Table {
            title: "Số liệu".to_owned(),
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows,
        }
    }

    fn late_unit_table(&self) -> Table {
        let headers = [
            "Đơn vị",
            "Cơ quan",
            "Bước xử lý quá hạn",
            "Hồ sơ làm quá hạn",
            "Phiếu xin lỗi phải có",
            "Phiếu xin lỗi đã gửi",
            "Còn thiếu",
        ];
        let rows = self
            .late_units
            .iter()
            .map(|u| {
                let l = &u.lateness;
                vec![
                    Cell::from(
                        u.unit.as_ref().map_or("Không xác định được đơn vị", |u| {
                            u.name.as_str()
                        }),
                    ),
                    Cell::from(u.agency.clone()),
                    Cell::from(l.late_steps),
                    Cell::from(l.dossiers_made_late),
                    Cell::from(l.apologies_owed()),
                    Cell::from(l.apologies_issued),
                    Cell::from(l.apologies_owed() - l.apologies_issued),
                ]
            })
            .collect();
        Table {
            title: "Đơn vị làm quá hạn".to_owned(),
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows,
        }
    }
}

fn unit_label(unit: motcua_domain::MeasureUnit) -> &'static str {
    match unit {
        motcua_domain::MeasureUnit::Percent => "%",
        motcua_domain::MeasureUnit::WorkingDays => "ngày làm việc",
        motcua_domain::MeasureUnit::WorkingHours => "giờ làm việc",
        motcua_domain::MeasureUnit::Points => "điểm",
    }
}

/// The register's columns, as the export writes them.
pub const REGISTER_HEADERS: [&str; 16] = [
    "Số tiếp nhận",
    "Mã hồ sơ",
    "Thủ tục hành chính",
    "Tổ chức, cá nhân",
    "Địa chỉ",
    "Số điện thoại",
    "Cơ quan giải quyết",
    "Ngày, giờ tiếp nhận",
    "Ngày, giờ hẹn trả",
    "Ngày, giờ hẹn lại",
    "Chuyển xử lý",
    "Có kết quả",
    "Trả kết quả",
    "Trạng thái",
    "Trước hạn / đúng hạn / quá hạn",
    "Ghi chú",
];

impl crate::dossiers::register::RegisterEntry {
    /// The line's cells, in the order of [`REGISTER_HEADERS`]; instants in
    /// Vietnam time.
    pub fn table_row(&self) -> Vec<Cell> {
        let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
            t.map_or(Cell::Empty, |t| {
                Cell::Text(motcua_domain::format_date_time(t))
            })
        };
        let outcome = self.outcome.map_or("", |o| match o {
            motcua_domain::Outcome::Early => "Trước hạn",
            motcua_domain::Outcome::OnTime => "Đúng hạn",
            motcua_domain::Outcome::Late => "Quá hạn",
        });
        vec![
            Cell::from(self.receipt_number.as_str()),
            Cell::from(self.code.as_str()),
            Cell::from(self.procedure_name.as_str()),
            Cell::from(self.applicant.as_str()),
            Cell::from(self.address.as_str()),
            Cell::from(self.phone.clone()),
            Cell::from(self.decided_by.as_str()),
            when(Some(self.received_at)),
            when(Some(self.original_due_at)),
            when((self.due_at != self.original_due_at).then_some(self.due_at)),
            when(self.handed_on_at),
            when(self.result_ready_at),
            when(self.returned_at),
            Cell::from(self.status.label),
            Cell::from(outcome),
            Cell::from(self.notes.join("; ")),
        ]
    }
}

/// The register's header row.
pub fn register_headers() -> Vec<String> {
    REGISTER_HEADERS.iter().map(|h| (*h).to_owned()).collect()
}
