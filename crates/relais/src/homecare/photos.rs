//! Photos of a visit (a wound, a pressure sore, a fall's aftermath), taken by the caregiver with
//! the patient's consent or their representative's. The type is read from the bytes, never from
//! the name or the browser's claim; only JPEG, PNG and WebP are kept, sealed with the
//! organisation's key. Only people in the patient's care relationship may open them; every
//! upload and every viewing is audited.

use super::model::{PatientId, VisitId};
use super::store::photos::{self as store, NewPhoto, PhotoRow, SealedPhoto};
use crate::audit::trail::{Trail, finish, record};
use crate::auth::CurrentUser;
use crate::crypto::Place;
use crate::error::{AppError, AppResult};
use crate::homecare::actions::Action;
use crate::state::AppState;
use crate::web::images;

/// Who agreed to the photo.
pub const CONSENTS: [&str; 2] = ["patient", "representative"];
/// The most photos one visit may carry.
pub const MAX_PER_VISIT: i64 = 10;

fn place(photo_id: &str) -> Place<'_> {
    Place { table: "visit_photos", column: "image_enc", row_id: photo_id }
}

/// The image type the bytes themselves announce, if it is one a visit photo may be (a photo, not
/// an animation: GIF is refused).
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    crate::web::file_type::sniff(bytes).image().filter(|t| *t != "image/gif")
}

/// Adds a photo to a visit the caregiver is doing (or did).
pub async fn add(
    state: &AppState,
    actor: &CurrentUser,
    visit_id: &VisitId,
    consent: &str,
    bytes: &[u8],
) -> AppResult<String> {
    if !CONSENTS.contains(&consent) {
        return Err(AppError::Invalid { field: "consent", code: "photo-consent-required" });
    }
    let media_type =
        sniff(bytes).ok_or(AppError::Invalid { field: "photo", code: "photo-not-image" })?;
    let visit = super::round::punchable_visit(state, actor, visit_id).await?;
    // A photo is shown in the record on every colleague's phone: it must be safe to decode.
    if !images::fits_on_screen(bytes) {
        return Err(AppError::Invalid { field: "photo", code: "photo-too-large" });
    }
    // The phone's position stays in the photo only where the organisation records positions.
    let keep_position =
        crate::org::store::punch_geolocation(state.db.reader(), &actor.org_id).await?;
    let bytes = if keep_position { bytes.to_vec() } else { images::without_metadata(bytes) };
    if store::count_of_visit(state.db.reader(), visit_id).await? >= MAX_PER_VISIT {
        return Err(AppError::Invalid { field: "photo", code: "photo-too-many" });
    }
    let id = crate::secrets::new_id();
    let key = state
        .keys
        .current(&state.db, &actor.org_id)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let sealed = key.seal(place(&id), &bytes);
    let photo = NewPhoto {
        id: &id,
        visit_id,
        patient_id: &visit.patient_id,
        caregiver_id: &actor.user_id,
        media_type,
        consent,
        sealed: &sealed,
    };
    let mut tx = state.db.begin().await?;
    store::insert(&mut *tx, &actor.org_id, &photo).await?;
    let trail = Trail {
        action: Action::VisitPhotoAdd.as_str(),
        object_type: "visit_photo",
        object_id: &id,
        patient_id: Some(visit.patient_id.as_str()),
        reason: Some(consent),
    };
    record(&mut tx, state, actor, &trail, &[]).await?;
    finish(tx, state).await?;
    Ok(id)
}

/// A patient's photos (descriptions only), for someone in the care relationship.
pub async fn of_patient(
    state: &AppState,
    actor: &CurrentUser,
    patient_id: &PatientId,
) -> AppResult<Vec<PhotoRow>> {
    super::patients::visible(state, actor, patient_id).await?;
    Ok(store::of_patient(state.db.reader(), &actor.org_id, patient_id).await?)
}

/// Opens one photo: its type and bytes. Audited as a read of the patient's data.
pub async fn open(
    state: &AppState,
    actor: &CurrentUser,
    patient_id: &PatientId,
    photo_id: &str,
) -> AppResult<(String, Vec<u8>)> {
    super::patients::visible(state, actor, patient_id).await?;
    let SealedPhoto { photo, sealed } =
        store::find_sealed(state.db.reader(), &actor.org_id, patient_id, photo_id)
            .await?
            .ok_or(AppError::NotFound)?;
    let bytes = state
        .keys
        .open_sealed(&state.db, &actor.org_id, place(&photo.id), &sealed)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let mut tx = state.db.begin().await?;
    let trail = Trail {
        action: Action::PatientPhotoRead.as_str(),
        object_type: "visit_photo",
        object_id: &photo.id,
        patient_id: Some(patient_id),
        reason: None,
    };
    record(&mut tx, state, actor, &trail, &[]).await?;
    finish(tx, state).await?;
    Ok((photo.media_type, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_comes_from_the_bytes() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some("image/jpeg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Some("image/webp"));
        for not_an_image in
            [&b"MZ\x90\0 a program"[..], b"PK\x03\x04zip", b"<svg>", b"", b"\xFF\xD8", b"GIF89a.."]
        {
            assert_eq!(sniff(not_an_image), None);
        }
    }

    #[test]
    fn every_consent_has_a_name_in_both_languages() {
        for lang in crate::i18n::Lang::ALL {
            for consent in CONSENTS {
                assert!(lang.has(&format!("photo-consent-{consent}")), "{lang:?} {consent}");
            }
        }
    }
}
