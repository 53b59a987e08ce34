//! Query strings of `routes::reports`.

use chrono::NaiveDate;
use motcua_app::{AppError, Breakdown, IndicatorQuery, ReportPeriod, ReportTable};
use motcua_domain::{AgencyCode, Channel, ProcedureCode};

/// `GET /api/v1/reports/register` query: the period, both days included,
/// and the format.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterQuery {
    pub(crate) from: NaiveDate,
    pub(crate) to: NaiveDate,
    pub(crate) format: Option<String>,
}

impl RegisterQuery {
    /// The period of the printed register: up to 366 days.
    pub(crate) fn period(&self) -> Result<ReportPeriod, AppError> {
        ReportPeriod::for_register(self.from, self.to)
    }

    /// The period of a workbook: up to five years.
    pub(crate) fn export_period(&self) -> Result<ReportPeriod, AppError> {
        ReportPeriod::new(self.from, self.to)
    }

    /// The period of the streamed CSV: up to ten years.
    pub(crate) fn stream_period(&self) -> Result<ReportPeriod, AppError> {
        ReportPeriod::for_export(self.from, self.to)
    }
}

/// `GET /api/v1/reports/indicators` query.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorsQuery {
    pub(crate) period: Option<String>,
    pub(crate) from: Option<NaiveDate>,
    pub(crate) to: Option<NaiveDate>,
    pub(crate) agency: Option<String>,
    pub(crate) include_children: Option<bool>,
    pub(crate) unit: Option<String>,
    pub(crate) procedure: Option<String>,
    pub(crate) channel: Option<String>,
    pub(crate) by: Option<String>,
    pub(crate) format: Option<String>,
    pub(crate) table: Option<String>,
}

impl IndicatorsQuery {
    /// The use case's query: every field parsed, every fault named.
    pub(crate) fn parse(&self) -> Result<IndicatorQuery, AppError> {
        let agency = self
            .agency
            .as_deref()
            .map(|code| {
                AgencyCode::parse("agency", code).map_err(|_| {
                    AppError::invalid("agency", "unknown_agency", "no agency with this code")
                })
            })
            .transpose()?;
        let unit = self
            .unit
            .as_deref()
            .map(|id| {
                uuid::Uuid::parse_str(id)
                    .map(|u| u.to_string())
                    .map_err(|_| AppError::invalid("unit", "unknown_unit", "no unit with this id"))
            })
            .transpose()?;
        let procedure = self
            .procedure
            .as_deref()
            .map(|code| {
                ProcedureCode::parse("procedure", code).map_err(|_| {
                    AppError::invalid(
                        "procedure",
                        "unknown_procedure",
                        "no procedure with this code",
                    )
                })
            })
            .transpose()?;
        let channel = self
            .channel
            .as_deref()
            .map(|name| {
                [Channel::Counter, Channel::Online, Channel::Post]
                    .into_iter()
                    .find(|c| c.as_str() == name)
                    .ok_or_else(|| {
                        AppError::invalid("channel", "unknown_channel", "counter, online or post")
                    })
            })
            .transpose()?;
        Ok(IndicatorQuery {
            agency,
            include_children: self.include_children.unwrap_or(false),
            unit,
            procedure,
            channel,
            period: ReportPeriod::parse(self.period.as_deref(), self.from, self.to)?,
            by: self.by.as_deref().map(Breakdown::parse).transpose()?,
        })
    }

    /// The table a CSV holds (the indicators unless asked otherwise).
    pub(crate) fn table(&self) -> Result<ReportTable, AppError> {
        match self.table.as_deref() {
            None => Ok(ReportTable::Indicators),
            Some(name) => ReportTable::parse(name).ok_or_else(|| {
                AppError::invalid("table", "unknown_table", "indicators, counts or late_units")
            }),
        }
    }
}

/// `GET /api/v1/statistics` query.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatisticsQuery {
    pub(crate) year: Option<i32>,
    pub(crate) agency: Option<String>,
}

impl StatisticsQuery {
    /// The agency asked about, parsed.
    pub(crate) fn agency(&self) -> Result<Option<AgencyCode>, AppError> {
        self.agency
            .as_deref()
            .map(|code| {
                AgencyCode::parse("agency", code).map_err(|_| {
                    AppError::invalid("agency", "unknown_agency", "no agency with this code")
                })
            })
            .transpose()
    }
}
