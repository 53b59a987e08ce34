//! A worker killed between sending a notice and marking it sent: the real
//! `motcua worker` process aborts at a crash point (`MOTCUA_TEST_CRASH_AT`),
//! over a real database, sending e-mail to a folder (one file per send).
//! Nothing is lost, the crash repeats at most the one attempt it
//! interrupted, and a notice marked sent never goes out again.
//!
//! Runs on SQLite, and on PostgreSQL too when `MOTCUA_TEST_POSTGRES_URL` is set.

#![expect(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "tests fail loudly; that is their job"
)]

use chrono::Utc;
use diesel::RunQueryDsl as _;
use motcua_db::notices::{self, NoticeRow};
use motcua_db::{Database, utc, write_transaction};
use motcua_domain::{NoticeChannel, NoticeKind, NoticeLanguage, NoticeState};
use std::path::Path;
use std::process::{Command, ExitStatus};

fn worker_once(url: &str, dir: &Path, crash_at: Option<&str>) -> ExitStatus {
    let mut command = Command::new(env!("CARGO_BIN_EXE_motcua"));
    command
        .args(["worker", "--once"])
        .current_dir(dir)
        .env("MOTCUA_DATABASE_URL", url)
        .env("MOTCUA_MAIL_DIR", dir.join("mail"))
        .env("MOTCUA_LOG", "warn")
        .env_remove("MOTCUA_SMTP_URL")
        .env_remove("MOTCUA_TEST_CRASH_AT");
    if let Some(point) = crash_at {
        command.env("MOTCUA_TEST_CRASH_AT", point);
    }
    command.status().expect("the motcua binary runs")
}

fn sent_files(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir.join("mail")) else {
        return Vec::new();
    };
    let mut files: Vec<String> = entries
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    files.sort();
    files
}

fn notice(db: &Database, id: &str) -> NoticeRow {
    let mut conn = db.get().unwrap();
    notices::by_id(&mut conn, id).unwrap().unwrap()
}

/// Queues a receipt notice to `an@example.vn` with its delivery job.
fn queue(db: &Database) -> String {
    let mut conn = db.get().unwrap();
    let now = Utc::now();
    let id = uuid::Uuid::now_v7().to_string();
    let row = NoticeRow {
        id: id.clone(),
        unique_key: format!("crash-test:{id}"),
        kind: NoticeKind::Receipt.into(),
        dossier_id: None,
        recipient_user_id: None,
        payload: serde_json::json!({"dossier_code": "000.25.01.H26-260302-0001", "due_at": now})
            .to_string(),
        state: NoticeState::Pending.into(),
        attempts: 0,
        created_at: utc(now),
        sent_at: None,
        last_error: None,
        channel: NoticeChannel::Email.into(),
        address: Some("an@example.vn".into()),
        language: NoticeLanguage::Vi.into(),
        provider_answer: None,
    };
    write_transaction(&mut conn, |conn| motcua_jobs::queue_notice(conn, &row, now)).unwrap();
    id
}

/// The crashed worker's lease runs out (as it would after
/// `MOTCUA_JOB_LEASE_SECONDS`), without waiting five minutes.
fn expire_leases(db: &Database) {
    let mut conn = db.get().unwrap();
    diesel::sql_query("UPDATE jobs SET locked_until = created_at WHERE locked_until IS NOT NULL")
        .execute(&mut conn)
        .unwrap();
}

fn crash_between_send_and_mark(url: &str, dir: &Path) {
    assert!(worker_once(url, dir, None).success(), "migrate and settle");
    let db = Database::connect(url, 2).unwrap();

    // Killed after the mail server took the message, before the mark.
    let first = queue(&db);
    let status = worker_once(url, dir, Some("after_send"));
    assert!(!status.success(), "the worker was meant to die: {status}");
    assert_eq!(sent_files(dir).len(), 1);
    assert_eq!(
        notice(&db, &first).state.to_string(),
        "pending",
        "nothing marked, nothing lost"
    );
    // While the dead worker's lease runs, nobody sends it again.
    assert!(worker_once(url, dir, None).success());
    assert_eq!(sent_files(dir).len(), 1);
    // Once it ends, the notice goes again: the one repeated attempt, with the
    // same Message-ID, so the receiver can tell it is a copy.
    expire_leases(&db);
    assert!(worker_once(url, dir, None).success());
    let files = sent_files(dir);
    assert_eq!(files.len(), 2);
    let message_id = format!("Message-ID: <{first}@motcua.localhost>");
    assert!(files.iter().all(|f| f.contains(&message_id)), "{files:?}");
    let sent = notice(&db, &first);
    assert_eq!(sent.state.to_string(), "sent");
    assert!(sent.provider_answer.unwrap().starts_with("file "));

    // Killed after the mark, before the job was completed: never again.
    let second = queue(&db);
    let status = worker_once(url, dir, Some("after_mark"));
    assert!(!status.success(), "the worker was meant to die: {status}");
    assert_eq!(sent_files(dir).len(), 3);
    assert_eq!(notice(&db, &second).state.to_string(), "sent");
    expire_leases(&db);
    assert!(worker_once(url, dir, None).success());
    assert!(worker_once(url, dir, None).success());
    assert_eq!(
        sent_files(dir).len(),
        3,
        "a notice marked sent never goes again"
    );
    assert_eq!(notice(&db, &first).attempts, 1);
    assert_eq!(notice(&db, &second).attempts, 1);
}

#[test]
fn a_worker_killed_between_sending_and_marking_loses_nothing_and_sends_nothing_marked_twice() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("motcua.sqlite3").display());
    crash_between_send_and_mark(&url, dir.path());

    if let Ok(admin_url) = std::env::var("MOTCUA_TEST_POSTGRES_URL") {
        let name = format!("motcua_crash_{}", uuid::Uuid::new_v4().simple());
        motcua_db::testing::create_postgres_database(&admin_url, &name).unwrap();
        let url = motcua_db::testing::postgres_url_for(&admin_url, &name);
        let dir = tempfile::tempdir().unwrap();
        crash_between_send_and_mark(&url, dir.path());
        motcua_db::testing::drop_postgres_database(&admin_url, &name).unwrap();
    }
}
