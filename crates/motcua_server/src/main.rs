//! `motcua`: the one binary of Motcua.
//!
//! - `motcua serve [--demo]`: the HTTP API (migrations run first)
//! - `motcua worker [--once]`: run background jobs (the SLA sweep) without
//!   serving HTTP
//! - `motcua sweep`: run the SLA sweep now, to the end, and report
//! - `motcua migrate`: apply pending migrations and exit
//! - `motcua seed --demo`: write the demo data into an empty database
//! - `motcua agency create ...`, `motcua user create ...`: the first agency
//!   and administrator of a new installation
//! - `motcua calendar year|due|lunar`: calendar questions

mod calendar_command;

use clap::{Args, Parser, Subcommand};
use motcua_app::{App, Clock, NewAgency, NewUser, SystemClock, TrainingClock};
use motcua_server::{Application, Settings, init_logging, open_database};
use std::io::{self, BufRead as _, Write};
use std::process::ExitCode;
use std::sync::Arc;

/// Motcua: one-stop-shop dossier handling for Vietnamese agencies.
#[derive(Debug, Parser)]
#[command(name = "motcua", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the HTTP API (settings from MOTCUA_* environment variables).
    Serve {
        /// Seed the demo agencies, users and catalogue into an empty database.
        #[arg(long)]
        demo: bool,
    },
    /// Run background jobs (the SLA sweep) without serving HTTP; several
    /// processes may run at once.
    Worker {
        /// Run the jobs that are ready now, then exit.
        #[arg(long)]
        once: bool,
    },
    /// Run the SLA sweep now, to the end, and print what changed as JSON.
    Sweep,
    /// Apply pending database migrations.
    Migrate,
    /// Write data into the database.
    #[command(group(clap::ArgGroup::new("what").required(true).multiple(true).args(["demo", "dossiers"])))]
    Seed {
        #[arg(
            long,
            help = "The demo agencies, users (password MOTCUA_DEMO_PASSWORD, default \"demo\") and catalogue; only into an empty database"
        )]
        demo: bool,
        /// Also write this many synthetic received dossiers on past working
        /// days, for benchmarks (needs the demo data); prints where they are
        /// as JSON.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
        dossiers: Option<u32>,
        /// How many of them a day (at most 5,000).
        #[arg(long, default_value_t = 5_000, value_parser = clap::value_parser!(u32).range(1..=5_000))]
        per_day: u32,
    },
    /// Manage agencies.
    #[command(subcommand)]
    Agency(AgencyCommand),
    /// Manage staff users.
    #[command(subcommand)]
    User(UserCommand),
    /// Working calendar: days off, due dates, lunar dates.
    #[command(subcommand)]
    Calendar(calendar_command::CalendarCommand),
}

#[derive(Debug, Subcommand)]
enum AgencyCommand {
    /// Add an agency.
    Create(AgencyArgs),
}

#[derive(Debug, Args)]
struct AgencyArgs {
    /// Identifier code (mã định danh), e.g. 000.00.15.H29.
    #[arg(long)]
    code: String,
    /// Name.
    #[arg(long)]
    name: String,
    /// Code of the parent agency.
    #[arg(long)]
    parent: Option<String>,
    /// Office hours, e.g. 07:30-11:30,13:00-17:00.
    #[arg(long)]
    office_hours: Option<String>,
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Add a staff user; the password is read from standard input.
    Create(UserArgs),
}

#[derive(Debug, Args)]
struct UserArgs {
    /// Sign-in name.
    #[arg(long)]
    username: String,
    #[arg(
        long,
        help = "clerk, specialist, unit_head, leader, admin (one agency and those under it) or system_admin (every agency)"
    )]
    role: String,
    /// Code of the user's agency.
    #[arg(long)]
    agency: String,
    /// Full name (defaults to the username).
    #[arg(long)]
    full_name: Option<String>,
    /// E-mail address for SLA warnings.
    #[arg(long)]
    email: Option<String>,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error),
    };
    if let Command::Calendar(command) = cli.command {
        let mut stdout = io::stdout().lock();
        return finish(
            calendar_command::run(command, &mut stdout)
                .and_then(|()| stdout.flush().map_err(|e| e.to_string())),
        );
    }
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(error) => return finish(Err(format!("{error:#}"))),
    };
    init_logging(&settings);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return finish(Err(format!("cannot start the runtime: {error}"))),
    };
    finish(
        runtime
            .block_on(run(cli.command, settings))
            .map_err(|e| format!("{e:#}")),
    )
}

async fn run(command: Command, mut settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Serve { demo } => {
            settings.demo = demo;
            if settings.jwt_secret.is_none() {
                tracing::warn!(
                    "MOTCUA_JWT_SECRET is not set: using a random key; sign-ins end when the server restarts"
                );
            }
            let clock: Arc<dyn Clock> = match settings.training_clock_shift {
                None => Arc::new(SystemClock),
                Some(_) if !demo => anyhow::bail!(
                    "MOTCUA_TRAINING_CLOCK_SHIFT moves the clock of a training installation only: start it with `motcua serve --demo`, or unset it"
                ),
                Some(shift) => {
                    tracing::warn!(
                        shift_minutes = shift.num_minutes(),
                        "training installation: the clock runs ahead of the real time; every page says so"
                    );
                    Arc::new(TrainingClock::new(shift))
                }
            };
            Application::build(settings, clock)
                .await?
                .run_until_stopped()
                .await?;
            tracing::info!("stopped");
        }
        Command::Worker { once } => {
            let app = app(&settings).await?;
            app.schedule_periodic_jobs().await?;
            if once {
                let ran = app.run_pending_jobs(100_000).await?;
                eprintln_note(&format!("ran {} job(s)", ran.len()))?;
            } else {
                let mut workers = tokio::task::JoinSet::new();
                for n in 0..settings.workers.max(1) {
                    workers.spawn(
                        app.clone()
                            .run_worker(motcua_server::worker_name(n), settings.job_poll()),
                    );
                }
                tokio::signal::ctrl_c().await?;
                workers.abort_all();
                tracing::info!("workers stopped");
            }
        }
        Command::Sweep => {
            let app = app(&settings).await?;
            let started = std::time::Instant::now();
            let report = app.sweep_sla_now().await?;
            let elapsed = started.elapsed();
            println_out(
                &serde_json::json!({
                    "looked_at": report.looked_at,
                    "due_soon": report.due_soon,
                    "overdue": report.overdue,
                    "warnings": report.warnings,
                "apology_drafts": report.apology_drafts,
                "late_without_apology": report.late_without_apology,
                    "elapsed_ms": elapsed.as_secs_f64() * 1000.0,
                })
                .to_string(),
            )?;
        }
        Command::Migrate => {
            open_database(&settings).await?;
            println_out("migrations applied")?;
        }
        Command::Seed {
            demo,
            dossiers,
            per_day,
        } => {
            let app = app(&settings).await?;
            if demo {
                match app.seed_demo(settings.demo_password.clone()).await? {
                    motcua_app::seed::SeedOutcome::Seeded {
                        agencies,
                        users,
                        procedures,
                    } => {
                        let names: Vec<&str> = motcua_app::seed::DEMO_USERS
                            .iter()
                            .map(|(username, ..)| *username)
                            .collect();
                        eprintln_note(&format!(
                            "seeded {agencies} agencies, {users} users ({}) and {procedures} procedures",
                            names.join(", ")
                        ))?
                    }
                    motcua_app::seed::SeedOutcome::NotEmpty => anyhow::bail!(
                        "the database already holds agencies or users; the demo data goes only into an empty one"
                    ),
                }
            }
            if let Some(count) = dossiers {
                let load = app.seed_dossiers(count, per_day).await?;
                println_out(&serde_json::to_string(&load)?)?;
            }
        }
        Command::Agency(AgencyCommand::Create(args)) => {
            let app = app(&settings).await?;
            let new = NewAgency::parse(
                &args.code,
                &args.name,
                args.parent.as_deref(),
                args.office_hours.as_deref(),
            )
            .map_err(violations)?;
            let agency = app.create_agency_as_operator(new).await?;
            println_out(&format!("agency {} created", agency.code))?;
        }
        Command::User(UserCommand::Create(args)) => {
            let password = read_password()?;
            let app = app(&settings).await?;
            let full_name = args.full_name.unwrap_or_else(|| args.username.clone());
            let new = NewUser::parse(
                &args.username,
                &password,
                &full_name,
                &args.role,
                &args.agency,
                None,
                args.email.as_deref(),
            )
            .map_err(violations)?;
            let user = app.create_user_as_operator(new).await?;
            println_out(&format!(
                "user {} ({}) created in {}",
                user.username, user.role, user.agency.code
            ))?;
        }
        Command::Calendar(_) => unreachable!("answered before the runtime starts"),
    }
    Ok(())
}

async fn app(settings: &Settings) -> anyhow::Result<App> {
    if settings.training_clock_shift.is_some() {
        anyhow::bail!(
            "MOTCUA_TRAINING_CLOCK_SHIFT is for `motcua serve --demo`, whose own workers run on the training clock; unset it here"
        );
    }
    let db = open_database(settings).await?;
    Ok(App::new(
        db,
        Arc::new(SystemClock),
        settings.token_settings(),
        settings.rate_limits,
        settings.jobs,
        settings.delivery()?,
        settings.online()?,
    )?)
}

fn violations(list: Vec<motcua_domain::Violation>) -> anyhow::Error {
    anyhow::anyhow!(
        list.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    )
}

/// The first line of standard input, without its line ending: pipe it in
/// (`printf %s "$PASSWORD" | motcua user create ...`) so it stays out of the
/// shell history and the process list.
fn read_password() -> anyhow::Result<String> {
    let mut line = String::new();
    io::stdin().lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        anyhow::bail!("give the password on standard input");
    }
    Ok(password)
}

fn eprintln_note(text: &str) -> anyhow::Result<()> {
    writeln!(io::stderr().lock(), "{text}")?;
    Ok(())
}

fn println_out(text: &str) -> anyhow::Result<()> {
    writeln!(io::stdout().lock(), "{text}")?;
    Ok(())
}

fn finish(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // One line, as scripts expect.
            let _ = writeln!(io::stderr(), "motcua: {}", message.replace('\n', " "));
            ExitCode::FAILURE
        }
    }
}

/// Help and version go to stdout as clap prints them; a usage error is cut to
/// its first paragraph, so that every bad argument gets a one-line answer.
fn usage_error(error: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = error.print();
        return if error.use_stderr() {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        };
    }
    // clap's message is a paragraph (the error, then indented details such
    // as the missing arguments) followed by a usage block: keep the paragraph.
    let rendered = error.render().to_string();
    let message: Vec<&str> = rendered
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .map(str::trim)
        .collect();
    let message = message.join(" ");
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    let _ = writeln!(io::stderr(), "motcua: {message} (see motcua --help)");
    ExitCode::from(2)
}
