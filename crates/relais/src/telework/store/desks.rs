//! Desks per site and their bookings.

use sqlx::{Any, AnyConnection, Executor};

use crate::telework::model::{Booking, Desk};

/// Adds a desk; `false` when the site already has one of that name in that room.
pub async fn insert(
    conn: &mut AnyConnection,
    org_id: &str,
    site_id: &str,
    room: &str,
    name: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO telework_desks (id, org_id, site_id, room, name, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (site_id, room, name) DO NOTHING",
    )
    .bind(crate::secrets::new_id())
    .bind(org_id)
    .bind(site_id)
    .bind(room)
    .bind(name)
    .bind(crate::clock::now_ms())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The desks in use of a site, by room and name.
pub async fn of_site(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    site_id: &str,
) -> sqlx::Result<Vec<Desk>> {
    sqlx::query_as(
        "SELECT id, site_id, room, name FROM telework_desks WHERE org_id = $1 AND site_id = $2 \
         AND retired_at IS NULL ORDER BY room, name",
    )
    .bind(org_id)
    .bind(site_id)
    .fetch_all(db)
    .await
}

/// Books a desk for a day; `false` when the desk or the person is already booked that day (the
/// unique keys decide, so two bookings at once cannot both be kept).
pub async fn book(
    conn: &mut AnyConnection,
    org_id: &str,
    desk_id: &str,
    user_id: &str,
    day: &str,
) -> sqlx::Result<Option<String>> {
    let id = crate::secrets::new_id();
    let done = sqlx::query(
        "INSERT INTO telework_desk_bookings (id, org_id, desk_id, user_id, day, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
    )
    .bind(&id)
    .bind(org_id)
    .bind(desk_id)
    .bind(user_id)
    .bind(day)
    .bind(crate::clock::now_ms())
    .execute(conn)
    .await?;
    Ok((done.rows_affected() == 1).then_some(id))
}

/// Releases one of the person's bookings; `false` when it is not theirs.
pub async fn release(
    conn: &mut AnyConnection,
    org_id: &str,
    user_id: &str,
    id: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "DELETE FROM telework_desk_bookings WHERE org_id = $1 AND user_id = $2 AND id = $3",
    )
    .bind(org_id)
    .bind(user_id)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

const BOOKING: &str = "SELECT b.id, b.desk_id, d.name AS desk_name, b.user_id, u.display_name AS person_name, b.day \
     FROM telework_desk_bookings b JOIN users u ON u.id = b.user_id \
     JOIN telework_desks d ON d.id = b.desk_id";

/// Bookings of a site between two days (inclusive).
pub async fn bookings(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    site_id: &str,
    first: &str,
    last: &str,
) -> sqlx::Result<Vec<Booking>> {
    sqlx::query_as(&format!(
        "{BOOKING} WHERE b.org_id = $1 AND d.site_id = $2 AND b.day >= $3 AND b.day <= $4 \
         ORDER BY b.day, d.room, d.name"
    ))
    .bind(org_id)
    .bind(site_id)
    .bind(first)
    .bind(last)
    .fetch_all(db)
    .await
}

/// A person's bookings from `first` on.
pub async fn of_person(
    db: impl Executor<'_, Database = Any>,
    org_id: &str,
    user_id: &str,
    first: &str,
) -> sqlx::Result<Vec<Booking>> {
    sqlx::query_as(&format!(
        "{BOOKING} WHERE b.org_id = $1 AND b.user_id = $2 AND b.day >= $3 ORDER BY b.day"
    ))
    .bind(org_id)
    .bind(user_id)
    .bind(first)
    .fetch_all(db)
    .await
}
