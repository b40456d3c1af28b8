//! Both databases must end with the same tables, columns and nullability after migration.

use std::collections::BTreeSet;

use relais::config::Settings;
use relais::db::Db;
use relais::secrets::Redacted;
use sqlx::Row;

fn normalise(sql_type: &str) -> &'static str {
    match sql_type.to_ascii_lowercase().as_str() {
        "text" | "character varying" => "text",
        "bigint" | "integer" | "int8" => "integer",
        "blob" | "bytea" => "bytes",
        _ => "other",
    }
}

async fn sqlite_schema() -> BTreeSet<(String, String, &'static str, bool)> {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings { data_dir: dir.path().into(), ..Settings::default() };
    let db = Db::connect(&settings).await.unwrap();
    db.migrate().await.unwrap();
    let rows = sqlx::query(
        "SELECT m.name, p.name, p.type, p.\"notnull\", p.pk FROM sqlite_master m \
         JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE '\\_sqlx%' ESCAPE '\\' \
         AND m.name NOT LIKE 'sqlite%'",
    )
    .fetch_all(db.reader())
    .await
    .unwrap();
    rows.iter()
        .map(|row| {
            let not_null = row.get::<i64, _>(3) == 1 || row.get::<i64, _>(4) > 0;
            (row.get(0), row.get(1), normalise(&row.get::<String, _>(2)), not_null)
        })
        .collect()
}

async fn postgres_schema(admin_url: &str) -> BTreeSet<(String, String, &'static str, bool)> {
    use sqlx::Connection;
    let name = format!("relais_schema_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(admin_url).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.unwrap();
    let mut url = url::Url::parse(admin_url).unwrap();
    url.set_path(&format!("/{name}"));
    let settings =
        Settings { database_url: Some(Redacted(url.to_string())), ..Settings::default() };
    let db = Db::connect(&settings).await.unwrap();
    db.migrate().await.unwrap();
    let rows = sqlx::query(
        "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name NOT LIKE '\\_sqlx%'",
    )
    .fetch_all(db.reader())
    .await
    .unwrap();
    let schema = rows
        .iter()
        .map(|row| {
            (
                row.get(0),
                row.get(1),
                normalise(&row.get::<String, _>(2)),
                row.get::<String, _>(3) == "NO",
            )
        })
        .collect();
    db.close().await;
    sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)")).execute(&mut admin).await.unwrap();
    schema
}

#[tokio::test]
async fn sqlite_and_postgres_end_with_the_same_schema() {
    let sqlite = sqlite_schema().await;
    assert!(sqlite.iter().any(|(table, column, _, _)| table == "users" && column == "email"));
    assert!(
        sqlite.iter().all(|(_, _, kind, _)| *kind != "other"),
        "unportable column type: {sqlite:?}"
    );
    let Some(url) = std::env::var("RELAIS_TEST_DATABASE_URL").ok().filter(|url| !url.is_empty())
    else {
        eprintln!(
            "RELAIS_TEST_DATABASE_URL is not set: PostgreSQL side of the schema comparison not run"
        );
        return;
    };
    let postgres = postgres_schema(&url).await;
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "SQLite only: {only_sqlite:?}\nPostgreSQL only: {only_postgres:?}"
    );
}
