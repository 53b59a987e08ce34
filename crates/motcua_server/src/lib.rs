#![doc = include_str!("../README.md")]

mod settings;

pub use settings::Settings;

use actix_web::middleware::from_fn;
use anyhow::Context as _;
use motcua_app::{App, Clock, Delivery};
use motcua_db::Database;
use std::net::TcpListener;
use std::sync::Arc;
use tracing_actix_web::TracingLogger;

/// Sets up logging: `MOTCUA_LOG` filters (default `info`), `MOTCUA_LOG_FORMAT`
/// is `text` (default) or `json`. Logs go to stderr.
pub fn init_logging(settings: &Settings) {
    let filter = tracing_subscriber::EnvFilter::try_new(&settings.log_filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if settings.log_json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// Opens the database and applies pending migrations (on a blocking thread).
pub async fn open_database(settings: &Settings) -> anyhow::Result<Database> {
    let url = settings.database_url.clone();
    let pool_size = settings.pool_size;
    tokio::task::spawn_blocking(move || -> anyhow::Result<Database> {
        let db = Database::connect(&url, pool_size).context("opening the database")?;
        let applied = db.migrate().context("migrating the database")?;
        for name in applied {
            tracing::info!(migration = %name, "migration applied");
        }
        Ok(db)
    })
    .await
    .context("database task")?
}

/// A worker's name in the `jobs` table: process id, a random part (pids are
/// reused across hosts and restarts) and the worker's number.
pub fn worker_name(n: u32) -> String {
    let random = uuid::Uuid::new_v4().simple().to_string();
    format!("{}-{}-{n}", std::process::id(), &random[..8])
}

/// The application ready to serve: database migrated, demo data seeded if
/// asked, listener bound (port 0 picks a free port).
pub struct Application {
    port: u16,
    app: App,
    server: actix_web::dev::Server,
}

impl Application {
    /// Builds everything from `settings`, reading time from `clock`.
    pub async fn build(settings: Settings, clock: Arc<dyn Clock>) -> anyhow::Result<Application> {
        let delivery = settings.delivery()?;
        Application::build_with(settings, clock, delivery).await
    }

    /// Builds everything from `settings`, with notices delivered by
    /// `delivery` (tests keep them in memory).
    pub async fn build_with(
        settings: Settings,
        clock: Arc<dyn Clock>,
        delivery: Delivery,
    ) -> anyhow::Result<Application> {
        let db = open_database(&settings).await?;
        tracing::info!(database = db.backend(), "database ready");
        let app = App::new(
            db,
            clock,
            settings.token_settings(),
            settings.rate_limits,
            settings.jobs,
            delivery,
            settings.online()?,
        )
        .context("starting the application")?;
        if settings.payment_gateway == "sandbox" {
            tracing::warn!(
                "online fees go through the payment sandbox: no money moves; set MOTCUA_PAYMENT_GATEWAY=vnpay in production"
            );
        }
        if settings.demo {
            let outcome = app
                .seed_demo(settings.demo_password.clone())
                .await
                .context("seeding the demo data")?;
            tracing::info!(?outcome, "demo data");
        }
        let listener = TcpListener::bind(&settings.bind)
            .with_context(|| format!("binding {}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let api_settings = settings.api_settings();
        let web_settings = settings.web_settings();
        let shared = app.clone();
        // One application: the JSON API (and the health checks) first, the
        // pages at every other address; around both, the API's checks on
        // every request and its finishing of every answer, and the request
        // log.
        let mut server = actix_web::HttpServer::new(move || {
            let api_settings = api_settings.clone();
            actix_web::App::new()
                .app_data(actix_web::web::Data::new(shared.clone()))
                .configure(|cfg| motcua_api::api(cfg, api_settings))
                .service(motcua_web::site(web_settings.clone()))
                .wrap(from_fn(motcua_api::refuse_control_characters))
                .wrap(from_fn(motcua_api::finish_answer))
                .wrap(TracingLogger::<motcua_api::RequestSpan>::new())
        })
        .listen(listener)?
        .shutdown_timeout(settings.shutdown_timeout_seconds);
        if let Some(workers) = settings.http_workers {
            server = server.workers(workers);
        }
        if !settings.handle_signals {
            server = server.disable_signals();
        }
        app.schedule_periodic_jobs()
            .await
            .context("scheduling the periodic jobs")?;
        for n in 0..settings.workers {
            let name = worker_name(n);
            tokio::spawn(app.clone().run_worker(name, settings.job_poll()));
        }
        tracing::info!(address = %settings.bind, port, "listening");
        Ok(Application {
            port,
            app,
            server: server.run(),
        })
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The application behind the server (for tests and commands).
    pub fn app(&self) -> &App {
        &self.app
    }

    /// Serves until stopped; on SIGINT or SIGTERM it stops taking new
    /// connections and lets running requests finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
