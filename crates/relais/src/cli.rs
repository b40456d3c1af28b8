//! The `relais` command: `serve` (default), `migrate`, `default-config`, `create-admin`, `demo`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use crate::config::{self, LogFormat, Settings};
use crate::db::Db;

#[derive(Parser)]
#[command(name = "relais", version, about = "Workspace for health and medico-social teams")]
struct Cli {
    /// Configuration file (default: ./relais.toml if it exists).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Print a commented example configuration.
    DefaultConfig,
    /// Create an administrator (and their organisation if new); prints a one-time activation link.
    CreateAdmin {
        /// Organisation name; created if no organisation has this name.
        #[arg(long)]
        organisation: String,
        #[arg(long)]
        email: String,
        /// The administrator's full name.
        #[arg(long)]
        name: String,
    },
    /// Run a demonstration home-care service, with its own data directory (./relais-demo).
    Demo {
        /// Where the demo data is kept.
        #[arg(long, default_value = "relais-demo")]
        data_dir: PathBuf,
    },
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::DefaultConfig) = cli.command {
        print!("{}", config::EXAMPLE);
        return ExitCode::SUCCESS;
    }
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("relais: {error}");
            return ExitCode::from(2);
        }
    };
    init_logging(&settings);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("relais: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(dispatch(cli.command, settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("relais: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn dispatch(command: Option<Command>, settings: Settings) -> anyhow::Result<()> {
    match command.unwrap_or(Command::Serve) {
        Command::Serve => crate::server::serve(settings).await,
        Command::Migrate => {
            let db = Db::connect(&settings).await?;
            db.migrate().await?;
            println!("Database is up to date.");
            Ok(())
        }
        Command::DefaultConfig => Ok(()),
        Command::CreateAdmin { organisation, email, name } => {
            let db = Db::connect(&settings).await?;
            db.migrate().await?;
            let token =
                crate::setup::service::create_admin(&db, &organisation, &name, &email).await?;
            let base = settings
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{}", settings.listen));
            println!(
                "Administrator created. Hand over this one-time activation link (valid 72 hours):"
            );
            println!("  {}/activate?token={token}", base.trim_end_matches('/'));
            Ok(())
        }
        Command::Demo { data_dir } => {
            let settings = Settings { data_dir, ..settings };
            crate::demo::run(settings).await
        }
    }
}

fn init_logging(settings: &Settings) {
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(&settings.log.level))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = match settings.log.format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}
