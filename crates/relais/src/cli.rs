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
    /// The audit log: verify the chain, sign a checkpoint, export for the DPO.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Write a consistent, encrypted backup of the database and files (online).
    Backup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Restore a backup into an empty data directory or database (the KEK must be configured).
    Restore {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Encryption keys: rotate data keys, or re-wrap them under a new key-encryption key.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Run a demonstration home-care service, with its own data directory (./relais-demo).
    Demo {
        /// Where the demo data is kept.
        #[arg(long, default_value = "relais-demo")]
        data_dir: PathBuf,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the whole chain; exits non-zero and names the first broken row if any.
    Verify {
        /// Where to find the latest checkpoint kept outside the database: the anchor file, an
        /// exported checkpoint, or the server's JSON log. Default: `audit.anchor_file`.
        #[arg(long, value_name = "FILE")]
        checkpoint: Option<PathBuf>,
    },
    /// Sign the current end of the chain and print the checkpoint (JSON) to keep elsewhere.
    Checkpoint,
    /// Write audit rows as JSON Lines to standard output.
    Export {
        /// First day included (YYYY-MM-DD, UTC).
        #[arg(long)]
        from: Option<String>,
        /// Last day included (YYYY-MM-DD, UTC).
        #[arg(long)]
        to: Option<String>,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Create a new data key version for every organisation, then re-encrypt older data with it.
    Rotate,
    /// Re-wrap every data key under a new key-encryption key read from FILE (the data itself is
    /// not re-encrypted). Then replace the old key file with the new one.
    RotateKek {
        #[arg(long, value_name = "FILE")]
        new_kek_file: PathBuf,
    },
    /// Print a new random key-encryption key (base64).
    GenerateKek,
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
            let token = crate::setup::service::create_admin(
                &db,
                &open_keys(&settings, &db).await?,
                &organisation,
                &name,
                &email,
            )
            .await?;
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
        Command::Keys { command } => keys(command, &settings).await,
        Command::Backup { out } => {
            let started = std::time::Instant::now();
            let manifest =
                crate::backup::backup(&settings, &out, |part, rows| eprintln!("  {part}: {rows}"))
                    .await?;
            let rows: u64 = manifest.tables.values().map(|part| part.rows).sum();
            println!(
                "Backup written to {}: {rows} rows, {} files, in {:.1?}. Keep the key-encryption key apart: it is needed to restore.",
                out.display(),
                manifest.files.len(),
                started.elapsed()
            );
            Ok(())
        }
        Command::Restore { file } => {
            let manifest = crate::backup::restore(&settings, &file, |part, rows| {
                eprintln!("  {part}: {rows}")
            })
            .await?;
            let rows: u64 = manifest.tables.values().map(|part| part.rows).sum();
            println!(
                "Restored {rows} rows and {} files from {}.",
                manifest.files.len(),
                file.display()
            );
            Ok(())
        }
        Command::Audit { command } => audit(command, &settings).await,
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

async fn keys(command: KeysCommand, settings: &Settings) -> anyhow::Result<()> {
    use crate::crypto::{Kek, rotation};
    if let KeysCommand::GenerateKek = command {
        println!("{}", Kek::generate().to_base64());
        return Ok(());
    }
    let db = Db::connect(settings).await?;
    db.migrate().await?;
    let keys = open_keys(settings, &db).await?;
    match command {
        KeysCommand::Rotate => {
            let org_ids = crate::org::store::organisation_ids(db.reader()).await?;
            keys.rotate(&db, &org_ids).await?;
            println!("New data key version for {} organisation(s). Re-encrypting…", org_ids.len());
            let done = rotation::reencrypt_all(&db, &keys, |table, progress| {
                eprintln!(
                    "  {table}: {} examined, {} re-encrypted",
                    progress.examined, progress.reencrypted
                );
            })
            .await?;
            println!(
                "Done: {} value(s) examined, {} re-encrypted.",
                done.examined, done.reencrypted
            );
        }
        KeysCommand::RotateKek { new_kek_file } => {
            let text = std::fs::read_to_string(&new_kek_file)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", new_kek_file.display()))?;
            let new = Kek::parse(&text)?;
            let count = keys.rewrap_all(&db, &new).await?;
            println!(
                "{count} data key(s) re-wrapped. Now replace the old key-encryption key with {}.",
                new_kek_file.display()
            );
        }
        KeysCommand::GenerateKek => {}
    }
    db.close().await;
    Ok(())
}

async fn open_keys(settings: &Settings, db: &Db) -> anyhow::Result<crate::crypto::KeyRing> {
    let (kek, _) = crate::crypto::Kek::load_or_generate(settings)?;
    Ok(crate::crypto::KeyRing::open(db, kek).await?)
}

async fn audit(command: AuditCommand, settings: &Settings) -> anyhow::Result<()> {
    use crate::audit::chain::{self, AuditKey};
    use crate::audit::{model::Checkpoint, service, store::Filter};
    let db = Db::connect(settings).await?;
    db.migrate().await?;
    let key = AuditKey::load(&db, &open_keys(settings, &db).await?).await?;
    match command {
        AuditCommand::Verify { checkpoint } => {
            let exported: Option<Checkpoint> =
                match checkpoint.or_else(|| settings.audit.anchor_file.clone()) {
                    Some(path) => {
                        let found = crate::audit::anchor::latest_in(&path).map_err(|e| {
                            anyhow::anyhow!("cannot read checkpoints from {}: {e}", path.display())
                        })?;
                        match found {
                            Some(checkpoint) => {
                                println!(
                                    "Checking against the checkpoint of row {} kept in {}.",
                                    checkpoint.seq,
                                    path.display()
                                );
                                Some(checkpoint)
                            }
                            None => anyhow::bail!("{} holds no checkpoint", path.display()),
                        }
                    }
                    None => {
                        println!(
                            "No checkpoint kept outside the database (set audit.anchor_file or \
                             pass --checkpoint): a cut at the end of the log cannot be seen."
                        );
                        None
                    }
                };
            let started = std::time::Instant::now();
            let report = chain::verify(&db, &key, exported.as_ref()).await?;
            let elapsed = started.elapsed();
            match report.first_broken {
                None => println!(
                    "Audit log intact: {} rows and {} checkpoints verified in {:.2?}.",
                    report.rows_checked, report.checkpoints_checked, elapsed
                ),
                Some((seq, reason)) => anyhow::bail!(
                    "audit log broken at row {seq}: {reason} ({} rows verified before it)",
                    report.rows_checked
                ),
            }
        }
        AuditCommand::Checkpoint => {
            let checkpoint = service::checkpoint(&db, &key, settings).await?;
            println!("{}", serde_json::to_string(&checkpoint)?);
        }
        AuditCommand::Export { from, to } => {
            let filter = Filter {
                from_ms: from.as_deref().map(|d| crate::clock::day_start_ms(d, 0)).transpose()?,
                to_ms: to.as_deref().map(|d| crate::clock::day_start_ms(d, 1)).transpose()?,
                ..Filter::default()
            };
            let written = service::export(&db, filter, std::io::stdout().lock()).await?;
            eprintln!("{written} audit rows exported.");
        }
    }
    db.close().await;
    Ok(())
}
