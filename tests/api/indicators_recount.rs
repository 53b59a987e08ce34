//! The indicators are correct by construction: random months of work
//! (receptions across a month's end, pauses answered or not, apologies,
//! transfers, results, refusals, stops, returns, the SLA sweep between them)
//! are driven through the API, then every count the report gives is
//! recounted here from the raw dossiers and events, by a road of its own.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use motcua_db::dossiers::{DossierEventRow, DossierRow};
use motcua_domain::{DossierStatus, EventKind};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;

use crate::helpers::{TestApp, business_household, spawn_app_with_long_sessions};

const WARD: &str = "000.25.01.H26";
const OTHER: &str = "000.25.09.H26";
const ECONOMY: &str = "Phòng Kinh tế, Hạ tầng và Đô thị";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Running,
    Finish { returned: bool },
    Refuse,
    Stop,
    Transfer,
}

/// What happens to one dossier, and the hours between its steps.
#[derive(Debug, Clone)]
struct Plan {
    day: usize,
    minute: i64,
    supplement: Option<bool>,
    apology: bool,
    end: End,
    gaps: [i64; 4],
}

/// The working days receptions fall on: across the end of February.
const DAYS: [&str; 9] = [
    "2026-02-23",
    "2026-02-24",
    "2026-02-25",
    "2026-02-26",
    "2026-02-27",
    "2026-03-02",
    "2026-03-03",
    "2026-03-04",
    "2026-03-05",
];

fn plan() -> impl Strategy<Value = Plan> {
    let end = prop_oneof![
        Just(End::Running),
        any::<bool>().prop_map(|returned| End::Finish { returned }),
        Just(End::Refuse),
        Just(End::Stop),
        Just(End::Transfer),
    ];
    (
        0..DAYS.len(),
        0i64..480,
        proptest::option::of(any::<bool>()),
        any::<bool>(),
        end,
        [1i64..60, 1i64..60, 1i64..60, 1i64..90],
    )
        .prop_map(|(day, minute, supplement, apology, end, gaps)| Plan {
            day,
            minute,
            supplement,
            apology,
            end,
            gaps,
        })
}

fn vietnam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).unwrap()
}

/// One step of the script, for one dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Receive,
    Assign,
    AskSupplement,
    AnswerSupplement,
    Apologise,
    Transfer,
    Finish,
    Refuse,
    Stop,
    Return,
}

/// Every step of every dossier, in time order.
fn script(plans: &[Plan]) -> Vec<(DateTime<Utc>, usize, Step)> {
    let mut steps = Vec::new();
    for (n, p) in plans.iter().enumerate() {
        let day: NaiveDate = DAYS[p.day].parse().unwrap();
        let received = vietnam()
            .from_local_datetime(&day.and_hms_opt(7, 45, 0).unwrap())
            .unwrap()
            .with_timezone(&Utc)
            + Duration::minutes(p.minute);
        let mut t = received;
        let mut push = |t: DateTime<Utc>, step| steps.push((t, n, step));
        push(t, Step::Receive);
        t += Duration::minutes(5);
        push(t, Step::Assign);
        let paused_for_good = p.supplement == Some(false);
        if let Some(answered) = p.supplement {
            t += Duration::hours(p.gaps[0]);
            push(t, Step::AskSupplement);
            if answered {
                t += Duration::hours(p.gaps[1]);
                push(t, Step::AnswerSupplement);
            }
        }
        if paused_for_good {
            continue;
        }
        if p.apology {
            t += Duration::hours(p.gaps[2]);
            push(t, Step::Apologise);
        }
        t += Duration::hours(p.gaps[3]);
        match p.end {
            End::Running => {}
            End::Transfer => push(t, Step::Transfer),
            End::Refuse => push(t, Step::Refuse),
            End::Stop => push(t, Step::Stop),
            End::Finish { returned } => {
                push(t, Step::Finish);
                if returned {
                    push(t + Duration::hours(2), Step::Return);
                }
            }
        }
    }
    steps.sort_by_key(|(t, n, step)| (*t, *n, *step));
    steps
}

struct Staff {
    clerk: String,
    specialist: String,
    specialist_id: String,
    unit_head: String,
    leader: String,
    leader_id: String,
    economy: String,
    office: String,
}

async fn run(app: &TestApp, s: &Staff, codes: &mut BTreeMap<usize, String>, step: Step, n: usize) {
    let code = codes.get(&n).cloned().unwrap_or_default();
    match step {
        Step::Receive => {
            let answer = app.receive(&s.clerk, &business_household()).await;
            assert_eq!(answer.status, 201, "{}", answer.text);
            codes.insert(
                n,
                answer.json["dossier"]["code"].as_str().unwrap().to_owned(),
            );
        }
        Step::Assign => {
            app.act_ok(
                &s.clerk,
                &code,
                "assign",
                json!({"unit_id": s.economy, "assignee_id": s.specialist_id}),
            )
            .await;
        }
        Step::AskSupplement => {
            app.act_ok(
                &s.specialist,
                &code,
                "request-supplement",
                json!({"items": ["Bản sao hợp đồng thuê địa điểm"]}),
            )
            .await;
        }
        Step::AnswerSupplement => {
            app.act_ok(&s.clerk, &code, "record-supplement", json!({}))
                .await;
        }
        // The appointment moves to a day after all the work.
        Step::Apologise => {
            app.apologise(&s.specialist, &s.clerk, &code, "2026-04-15T09:00:00+07:00")
                .await;
        }
        Step::Transfer => {
            app.act_ok(
                &s.unit_head,
                &code,
                "transfer",
                json!({"agency_code": OTHER}),
            )
            .await;
        }
        Step::Finish | Step::Refuse => {
            app.act_ok(
                &s.specialist,
                &code,
                "hand-over",
                json!({"unit_id": s.office, "assignee_id": s.leader_id}),
            )
            .await;
            let (action, body) = if step == Step::Finish {
                ("finish", json!({"summary": "Cấp giấy"}))
            } else {
                ("refuse", json!({"reasons": ["Không đủ điều kiện"]}))
            };
            app.act_ok(&s.leader, &code, action, body).await;
        }
        Step::Stop => {
            app.act_ok(&s.leader, &code, "stop", json!({"reason": "Yêu cầu dừng"}))
                .await;
        }
        Step::Return => {
            app.act_ok(
                &s.clerk,
                &code,
                "return-result",
                json!({"method": "counter"}),
            )
            .await;
        }
    }
}

/// What the test counts of one group, by its own reading of the rows.
#[derive(Debug, Default, PartialEq, Eq)]
struct Recount {
    counts: BTreeMap<&'static str, u64>,
    late_units: BTreeMap<Option<String>, (u64, u64, u64)>,
}

const HAND_OVERS: [EventKind; 7] = [
    EventKind::Received,
    EventKind::Assigned,
    EventKind::HandedOver,
    EventKind::SentBack,
    EventKind::Transferred,
    EventKind::Finished,
    EventKind::ResultReturned,
];

fn local_day(t: chrono::NaiveDateTime) -> NaiveDate {
    (t + Duration::hours(7)).date()
}

/// Recounts the dossiers `agency` decides, received in `[from, to)`, judged
/// at `now`.
fn recount(
    (rows, events, apologised): &(Vec<DossierRow>, Vec<DossierEventRow>, Vec<String>),
    agency: &str,
    (from, to): (chrono::NaiveDateTime, chrono::NaiveDateTime),
    now: chrono::NaiveDateTime,
) -> Recount {
    let mut r = Recount::default();
    for d in rows {
        if d.receipt_number.is_none() || d.received_at < from || d.received_at >= to {
            continue;
        }
        let mine: Vec<&DossierEventRow> = events.iter().filter(|e| e.dossier_id == d.id).collect();
        let decider = mine
            .iter()
            .rfind(|e| *e.kind == EventKind::Transferred)
            .and_then(|e| e.receiver_agency_id.clone())
            .unwrap_or_else(|| d.agency_id.clone());
        if decider != agency {
            continue;
        }
        let supplements = mine
            .iter()
            .filter(|e| {
                *e.kind == EventKind::SupplementRequested
                    && e.from_status.map(|s| *s) != Some(DossierStatus::Submitted)
            })
            .count();
        let by_rule = d.due_at != d.original_due_at || supplements > 1;
        let apology = apologised.contains(&d.id);
        let late = match d.finished_at {
            Some(end) => {
                let late = by_rule || end > d.original_due_at;
                let key = if late {
                    "late"
                } else if local_day(end) < local_day(d.original_due_at) {
                    "early"
                } else {
                    "on_time"
                };
                *r.counts.entry(key).or_default() += 1;
                *r.counts.entry("ended").or_default() += 1;
                if matches!(*d.status, DossierStatus::Finished | DossierStatus::Returned) {
                    *r.counts.entry("with_result").or_default() += 1;
                }
                late
            }
            None => {
                let at = d.paused_at.map_or(now, |p| p.min(now));
                let late = by_rule || at > d.original_due_at;
                let key = if late {
                    "running_late"
                } else {
                    "running_on_time"
                };
                *r.counts.entry(key).or_default() += 1;
                if d.paused_at.is_some() {
                    *r.counts.entry("paused").or_default() += 1;
                }
                late
            }
        };
        *r.counts.entry("received").or_default() += 1;
        if apology {
            *r.counts.entry("apologies_sent").or_default() += 1;
            if late {
                *r.counts.entry("late_apologised").or_default() += 1;
            }
        }
        // The steps: each hand-over begins one, the next ends it.
        let starts: Vec<usize> = (0..mine.len())
            .filter(|&i| HAND_OVERS.contains(&mine[i].kind))
            .collect();
        let mut blamed: Vec<Option<String>> = Vec::new();
        for (k, &i) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied();
            let due = mine[i..end.unwrap_or(mine.len())]
                .iter()
                .filter_map(|e| e.step_due_at)
                .next_back();
            let Some(due) = due else { continue };
            // A refusal or a stop ends the step held then.
            let ended = mine[i..].iter().find(|e| {
                matches!(
                    *e.kind,
                    EventKind::Refused | EventKind::Stopped | EventKind::WithdrawalConfirmed
                )
            });
            let step_late = match (end, ended) {
                (Some(j), _) => mine[j].at > due,
                (None, Some(e)) => e.at > due,
                (None, None) => *mine[i].kind != EventKind::ResultReturned && now > due,
            };
            if step_late {
                let unit = mine[i].receiver_unit_id.clone();
                r.late_units.entry(unit.clone()).or_default().0 += 1;
                if !blamed.contains(&unit) {
                    blamed.push(unit);
                }
            }
        }
        if late {
            if blamed.is_empty() {
                blamed.push(None);
            }
            for unit in blamed {
                let entry = r.late_units.entry(unit).or_default();
                entry.1 += 1;
                if apology {
                    entry.2 += 1;
                }
            }
        }
    }
    r
}

/// What the report says, in the recount's shape.
fn reported(report: &Value) -> Recount {
    let mut r = Recount::default();
    for key in [
        "received",
        "ended",
        "early",
        "on_time",
        "late",
        "running_on_time",
        "running_late",
        "paused",
        "late_apologised",
        "apologies_sent",
        "with_result",
    ] {
        let n = report["total"]["counts"][key].as_u64().unwrap();
        if n > 0 {
            r.counts.insert(key, n);
        }
    }
    for u in report["late_units"].as_array().unwrap() {
        r.late_units.insert(
            u["unit"]["id"].as_str().map(str::to_owned),
            (
                u["late_steps"].as_u64().unwrap(),
                u["dossiers_made_late"].as_u64().unwrap(),
                u["apologies_issued"].as_u64().unwrap(),
            ),
        );
    }
    r
}

fn naive(text: &str) -> chrono::NaiveDateTime {
    DateTime::parse_from_rfc3339(text).unwrap().naive_utc()
}

async fn check(plans: Vec<Plan>) {
    let app = spawn_app_with_long_sessions().await;
    let first = script(&plans)[0].0;
    app.clock.set(first - Duration::hours(1));
    // The agency transfers go to.
    app.other_agency_clerk().await;
    let leader = app.login("leader").await;
    let specialist = app.login("specialist").await;
    let economy = app.unit_id(&leader, WARD, ECONOMY).await;
    let office = app.unit_id(&leader, WARD, "Văn phòng HĐND và UBND").await;
    let s = Staff {
        clerk: app.login("clerk").await,
        specialist_id: app.user_id(&specialist).await,
        specialist,
        unit_head: app.login("unit_head").await,
        leader_id: app.user_id(&leader).await,
        leader,
        economy,
        office,
    };
    let sysadmin = app.login("sysadmin").await;
    let mut codes = BTreeMap::new();
    for (at, n, step) in script(&plans) {
        app.clock.set(at);
        run(&app, &s, &mut codes, step, n).await;
        app.run_jobs().await;
    }
    let now = "2026-03-31T10:00:00+07:00";
    app.clock.set(
        DateTime::parse_from_rfc3339(now)
            .unwrap()
            .with_timezone(&Utc),
    );
    app.run_jobs().await;
    let db = app.db.clone();
    let raw = tokio::task::spawn_blocking(move || {
        let mut conn = db.get().unwrap();
        motcua_db::testing::everything_reported(&mut conn).unwrap()
    })
    .await
    .unwrap();
    let agency_id = |code: &str| {
        let rows = &raw.0;
        // The ward received them all; the other agency's id is on the
        // transfer events.
        if code == WARD {
            rows.first().map(|d| d.agency_id.clone())
        } else {
            raw.1
                .iter()
                .find(|e| *e.kind == EventKind::Transferred)
                .and_then(|e| e.receiver_agency_id.clone())
        }
    };
    for (query, from, to) in [
        (
            "period=2026-02",
            "2026-02-01T00:00:00+07:00",
            "2026-03-01T00:00:00+07:00",
        ),
        (
            "period=2026-03",
            "2026-03-01T00:00:00+07:00",
            "2026-04-01T00:00:00+07:00",
        ),
        (
            "from=2026-02-26&to=2026-03-03",
            "2026-02-26T00:00:00+07:00",
            "2026-03-04T00:00:00+07:00",
        ),
    ] {
        for (agency, token) in [(WARD, &s.leader), (OTHER, &sysadmin)] {
            let Some(id) = agency_id(agency) else {
                continue;
            };
            let answer = app
                .get(
                    &format!("/api/v1/reports/indicators?{query}&agency={agency}"),
                    Some(token),
                )
                .await;
            assert_eq!(answer.status, 200, "{}", answer.text);
            let expected = recount(&raw, &id, (naive(from), naive(to)), naive(now));
            let got = reported(&answer.json);
            assert_eq!(got, expected, "{agency} {query}: {plans:?}");
            // 2.1 is those counts' quotient.
            let on_time = expected.counts.get("early").copied().unwrap_or(0)
                + expected.counts.get("on_time").copied().unwrap_or(0)
                + expected.counts.get("running_on_time").copied().unwrap_or(0);
            let rate = answer.json["total"]["indicators"][0].clone();
            assert_eq!(rate["key"], "on_time_rate");
            assert_eq!(rate["numerator"].as_f64(), Some(on_time as f64));
            assert_eq!(
                rate["denominator"].as_u64(),
                Some(expected.counts.get("received").copied().unwrap_or(0))
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 6,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_indicator_count_equals_a_recount_from_the_raw_rows(
        plans in proptest::collection::vec(plan(), 4..10)
    ) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(check(plans));
    }
}
