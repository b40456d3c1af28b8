//! The demo's feedback box on the first care team: anonymous and named items, some answered,
//! one declined with its reason, and a few votes.

use jiff::civil::Date;

use super::model::{Kind, Status, Topic};
use super::store::{self, NewItem};
use crate::crypto::KeyRing;
use crate::db::Db;

/// (days ago, kind, topic, title, text, author index or anonymous, answer, votes)
type Seed = (
    i64,
    Kind,
    Topic,
    &'static str,
    &'static str,
    Option<usize>,
    Option<(Status, &'static str)>,
    usize,
);

const ITEMS: [Seed; 5] = [
    (
        40,
        Kind::Problem,
        Topic::Tools,
        "La tablette perd le réseau rue des Lilas",
        "Le pointage échoue souvent au 12 rue des Lilas (sous-sol). On pointe en sortant, ce qui fausse l'heure.",
        None,
        Some((
            Status::Done,
            "Le pointage par la carte du domicile fonctionne hors réseau depuis la mise à jour du 20.",
        )),
        4,
    ),
    (
        25,
        Kind::Suggestion,
        Topic::Organisation,
        "Un planning connu le jeudi pour la semaine suivante",
        "Recevoir le planning le vendredi soir ne laisse pas le temps de s'organiser.",
        Some(1),
        Some((Status::Studying, "Nous testons une publication le jeudi midi en janvier.")),
        6,
    ),
    (
        18,
        Kind::Suggestion,
        Topic::Work,
        "Un binôme pour les nouvelles prises en charge lourdes",
        "Les premières visites chez M. et Mme D. demandent deux personnes le temps de trouver les gestes.",
        None,
        None,
        3,
    ),
    (
        12,
        Kind::Problem,
        Topic::Organisation,
        "Des SMS de l'agence le dimanche",
        "Des messages arrivent le dimanche pour le lundi matin.",
        None,
        Some((
            Status::Declined,
            "Ce ne sont pas des messages de Relais : le prestataire de téléphonie est prévenu et nous vous transmettrons sa réponse.",
        )),
        2,
    ),
    (
        3,
        Kind::Suggestion,
        Topic::Tools,
        "Dicter la transmission au lieu de la taper",
        "À la sortie de visite, taper sur le téléphone prend du temps.",
        Some(2),
        None,
        1,
    ),
];

pub async fn seed(
    db: &Db,
    keys: &KeyRing,
    org_id: &str,
    team: &str,
    members: &[String],
    coordinator: &str,
) -> anyhow::Result<()> {
    let today: Date =
        jiff::Zoned::now().with_time_zone(jiff::tz::TimeZone::get("Europe/Paris")?).date();
    let key = keys.current(db, org_id).await?;
    let now = crate::clock::now_ms();
    let mut tx = db.begin().await?;
    for (ago, kind, topic, title, text, author, answer, votes) in ITEMS {
        let id = uuid::Uuid::new_v4().to_string();
        let sent = today.checked_sub(jiff::Span::new().days(ago))?;
        let visible = sent.tomorrow()?.to_string();
        let sealed = key.seal(super::service::place(&id), text.as_bytes());
        let author = author.and_then(|index| members.get(index)).map(String::as_str);
        // The demo's anonymous items have codes nobody knows.
        let digest =
            author.is_none().then(|| crate::secrets::digest(&uuid::Uuid::new_v4().to_string()));
        let new = NewItem {
            id: &id,
            org_id,
            team_id: Some(team),
            kind,
            topic,
            title,
            body_enc: &sealed,
            author_id: author,
            follow_digest: digest.as_deref(),
            sent_on: &sent.to_string(),
            visible_on: &visible,
        };
        store::insert(&mut tx, &new).await?;
        if let Some((status, text)) = answer {
            store::reply(&mut tx, (org_id, &id), (coordinator, status, text), now).await?;
        }
        for voter in members.iter().skip(3).take(votes) {
            store::toggle_vote(&mut tx, &id, voter).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
