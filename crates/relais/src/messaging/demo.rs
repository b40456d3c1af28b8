//! Lively channels for the demonstration SSIAD: the whole service, each team, the coordinators,
//! a direct conversation and a group, over the last days — with threads, mentions, reactions and a
//! pinned message, sealed and indexed like real ones.

use std::collections::HashMap;

use super::model::Kind;
use super::store::messages::{self as messages, NewMessage};
use super::store::{self as conversations, NewConversation};
use super::{posting, search};
use crate::crypto::{DataKey, KeyRing};
use crate::db::Db;

const HOUR: i64 = 3_600_000;

struct Channel {
    name: &'static str,
    topic: &'static str,
    private: bool,
    /// Members by e-mail prefix; empty means everyone.
    members: &'static [&'static str],
    /// (author, hours ago, text); a text starting with `↳` replies to the channel's first message.
    lines: &'static [(&'static str, i64, &'static str)],
}

const EVERYONE: &[&str] = &[];
const NORD: &[&str] = &[
    "coordination.nord",
    "coordination",
    "julie.bernard",
    "nadia.benali",
    "karine.legoff",
    "paul.morel",
    "emma.girard",
    "sandrine.robin",
    "admin",
];
const SUD: &[&str] = &[
    "coordination.sud",
    "coordination",
    "thomas.petit",
    "fatou.diallo",
    "lucas.fontaine",
    "chloe.renaud",
    "yann.lebihan",
    "manon.caron",
];
const COORDINATION: &[&str] =
    &["direction", "coordination.nord", "coordination.sud", "coordination", "admin"];

const CHANNELS: [Channel; 4] = [
    Channel {
        name: "Général",
        topic: "Les informations de tout le service",
        private: false,
        members: EVERYONE,
        lines: &[
            (
                "direction",
                70,
                "Bonjour à toutes et à tous. **Réunion de service jeudi 14 h** en salle du rez-de-chaussée : planning des fêtes, vaccination antigrippale, point sur les tournées.",
            ),
            ("julie.bernard", 69, "↳ Je serai en tournée jusqu'à 13 h 30, j'arrive directement."),
            (
                "coordination.sud",
                68,
                "↳ Pensez à noter vos souhaits de congés de fin d'année avant vendredi.",
            ),
            (
                "admin",
                50,
                "Rappel : la nouvelle version de Relais est en place. Les messages hors de vos horaires ne vous sont remis qu'à votre prise de poste.",
            ),
            (
                "paul.morel",
                26,
                "Le parking de la résidence des Lilas est fermé pour travaux jusqu'à lundi, se garer rue Jean-Jaurès.",
            ),
            (
                "coordination",
                3,
                "Stock de masques FFP2 refait, ils sont dans l'armoire du bureau infirmier.",
            ),
        ],
    },
    Channel {
        name: "Équipe Nord",
        topic: "Tournées du secteur nord",
        private: false,
        members: NORD,
        lines: &[
            (
                "coordination.nord",
                30,
                "Annonce du matin : @julie.bernard reprend les pansements de M. Durand, Nadia passe chez Mme Leroy à 8 h 15.",
            ),
            ("nadia.benali", 29, "↳ C'est noté, je prends aussi le pilulier au passage."),
            (
                "julie.bernard",
                28,
                "Pansement de M. Durand refait, la plaie est propre. Transmission faite dans son dossier.",
            ),
            (
                "karine.legoff",
                22,
                "Mme Hébert était un peu confuse ce matin, j'ai prévenu sa fille. À surveiller demain.",
            ),
            (
                "coordination.nord",
                21,
                "Merci Karine. @julie.bernard peux-tu passer la voir en fin de tournée ?",
            ),
            (
                "emma.girard",
                5,
                "Je serai en retard de 10 minutes sur ma première visite, travaux sur la rocade.",
            ),
        ],
    },
    Channel {
        name: "Équipe Sud",
        topic: "Tournées du secteur sud",
        private: false,
        members: SUD,
        lines: &[
            (
                "coordination.sud",
                27,
                "Nouveau patient à partir de lundi à Chantepie : toilette le matin, deux passages par jour.",
            ),
            ("thomas.petit", 26, "↳ Je fais la première visite avec Fatou pour l'évaluation."),
            (
                "lucas.fontaine",
                8,
                "Le lève-personne de Mme Caradec fait un bruit bizarre, j'ai appelé le prestataire.",
            ),
            ("manon.caron", 4, "Clés de M. Le Gall récupérées au bureau, boîte à clés réparée."),
        ],
    },
    Channel {
        name: "Coordination",
        topic: "Entre coordinateurs et direction",
        private: true,
        members: COORDINATION,
        lines: &[
            (
                "direction",
                48,
                "Le rapport d'activité est à rendre à l'ARS pour le 15. Qui centralise les chiffres des tournées ?",
            ),
            (
                "coordination",
                47,
                "↳ Je m'en charge, export des heures réalisées du mois depuis Relais.",
            ),
            (
                "coordination.nord",
                6,
                "Deux arrêts maladie la semaine prochaine sur le Nord : je relance l'optimiseur avec les remplacements.",
            ),
        ],
    },
];

/// Adds the demonstration conversations to organisation `org_id` (people already created).
pub async fn seed(db: &Db, keys: &KeyRing, org_id: &str) -> anyhow::Result<()> {
    let key = keys.current(db, org_id).await?;
    let secret = keys.installation_secret(db, &search::secret_name(org_id)).await?;
    let mut conn = db.reader().acquire().await?;
    let people: HashMap<String, String> = crate::org::store::list_people(&mut conn, org_id)
        .await?
        .into_iter()
        .map(|p| (p.email.split('@').next().unwrap_or_default().to_string(), p.id))
        .collect();
    drop(conn);
    let id_of = |handle: &str| {
        people.get(handle).cloned().ok_or_else(|| anyhow::anyhow!("no demo person {handle}"))
    };
    let now = crate::clock::now_ms();
    let writer = Writer { key: &key, secret: &secret, org_id, now };
    let mut tx = db.begin().await?;
    for channel in &CHANNELS {
        let creator = id_of(channel.lines.first().map(|l| l.0).unwrap_or("admin"))?;
        let new = NewConversation {
            kind: Kind::Channel,
            private: channel.private,
            name: channel.name,
            topic: channel.topic,
            direct_key: None,
        };
        let id = conversations::insert(&mut tx, org_id, &creator, &new).await?;
        let members: Vec<String> = if channel.members.is_empty() {
            people.values().cloned().collect()
        } else {
            channel.members.iter().map(|h| id_of(h)).collect::<anyhow::Result<_>>()?
        };
        for member in &members {
            conversations::add_member(&mut tx, &id, member, 0).await?;
        }
        if channel.name == "Équipe Nord" {
            // The morning announcement opens at 07:30.
            sqlx::query("UPDATE conversations SET announcement_minute = 450 WHERE id = $1")
                .bind(&id)
                .execute(&mut *tx)
                .await?;
        }
        let mut root: Option<String> = None;
        let mut last = 0;
        for (author, hours_ago, text) in channel.lines {
            let (thread, text) = match text.strip_prefix("↳ ") {
                Some(reply) => (root.clone(), reply),
                None => (None, *text),
            };
            let (message, seq) = writer
                .write(&mut tx, &id, &id_of(author)?, text, *hours_ago, thread.as_deref())
                .await?;
            if root.is_none() {
                root = Some(message.clone());
                messages::set_pinned(&mut tx, &message, channel.name == "Général").await?;
                for reactor in members.iter().take(3) {
                    messages::toggle_reaction(&mut tx, &message, reactor, "👍").await?;
                }
            }
            last = seq;
        }
        // Everyone has read all but the last two messages, so the list shows some unread.
        for member in &members {
            conversations::mark_read(&mut tx, &id, member, (last - 2).max(0)).await?;
        }
    }
    let (julie, nord) = (id_of("julie.bernard")?, id_of("coordination.nord")?);
    let mut pair = [julie.clone(), nord.clone()];
    pair.sort();
    let key_text = pair.join(",");
    let direct = NewConversation {
        kind: Kind::Direct,
        private: true,
        name: "",
        topic: "",
        direct_key: Some(&key_text),
    };
    let id = conversations::insert(&mut tx, org_id, &nord, &direct).await?;
    conversations::add_member(&mut tx, &id, &julie, 0).await?;
    conversations::add_member(&mut tx, &id, &nord, 0).await?;
    writer.write(&mut tx, &id, &nord, "Julie, tu peux prendre la visite de 17 h chez Mme Leroy jeudi ? Karine est en formation.", 20, None).await?;
    let (_, seq) = writer
        .write(&mut tx, &id, &julie, "Oui, pas de souci, je l'ajoute à ma tournée.", 19, None)
        .await?;
    conversations::mark_read(&mut tx, &id, &nord, seq).await?;
    conversations::mark_read(&mut tx, &id, &julie, seq).await?;
    tx.commit().await?;
    Ok(())
}

struct Writer<'a> {
    key: &'a DataKey,
    secret: &'a [u8; 32],
    org_id: &'a str,
    now: i64,
}

impl Writer<'_> {
    async fn write(
        &self,
        conn: &mut sqlx::AnyConnection,
        conversation_id: &str,
        author_id: &str,
        text: &str,
        hours_ago: i64,
        thread_root_id: Option<&str>,
    ) -> anyhow::Result<(String, i64)> {
        let id = crate::secrets::new_id();
        let at = self.now - hours_ago * HOUR;
        let seq = conversations::next_seq(&mut *conn, conversation_id, at).await?;
        let body = self.key.seal(posting::place(&id), text.as_bytes());
        let new = NewMessage {
            id: &id,
            org_id: self.org_id,
            conversation_id,
            seq,
            author_id,
            thread_root_id,
            body_enc: &body,
            client_key: None,
            urgent: false,
            announcement_line: false,
            created_at: at,
        };
        messages::insert(&mut *conn, &new).await?;
        let digests: Vec<String> =
            search::terms(text).iter().map(|t| search::digest(self.secret, t)).collect();
        messages::insert_terms(&mut *conn, self.org_id, &id, &digests).await?;
        conversations::mark_read(&mut *conn, conversation_id, author_id, seq).await?;
        Ok((id, seq))
    }
}
