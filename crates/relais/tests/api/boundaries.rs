//! The platform (auth, audit, crypto, events, jobs, db, web, the state and the clock) never names
//! a feature: features register what they need with it at start-up (`server::registrations`).
//! This reads the sources, so a new import from the platform to a feature fails here.

use std::path::{Path, PathBuf};

const PLATFORM: [&str; 11] = [
    "auth", "audit", "crypto", "events", "jobs", "web", "config", "db.rs", "state.rs", "clock.rs",
    "error.rs",
];
const FEATURES: [&str; 10] = [
    "homecare",
    "messaging",
    "teleconsultation",
    "calls",
    "account",
    "admin",
    "api",
    "demo",
    "setup",
    "backup",
];

fn sources(path: &Path, into: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            sources(&entry.unwrap().path(), into);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        into.push(path.to_path_buf());
    }
}

#[test]
fn the_platform_imports_no_feature() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for part in PLATFORM {
        sources(&src.join(part), &mut files);
    }
    assert!(files.len() > 40, "the platform's files were found ({})", files.len());
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (number, line) in text.lines().enumerate() {
            for feature in FEATURES {
                let named = [format!("crate::{feature}::"), format!("crate::{feature};")];
                if named.iter().any(|name| line.contains(name.as_str())) {
                    let shown = file.strip_prefix(&src).unwrap().display();
                    found.push(format!("{shown}:{}: {}", number + 1, line.trim()));
                }
            }
        }
    }
    assert!(found.is_empty(), "the platform names features:\n{}", found.join("\n"));
}
