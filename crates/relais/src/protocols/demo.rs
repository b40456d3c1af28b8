//! The demo's pages: the organisation's IT security rules and each care team's usage protocol,
//! both asking to be acknowledged, from the starting texts.

use super::model::{ProtocolId, ProtocolKind};
use super::starters::starter;
use super::store::{self, NewPage, NewVersion};
use crate::db::Db;
use crate::i18n::Lang;

pub async fn seed(
    db: &Db,
    org_id: &str,
    care_teams: &[String],
    author: &str,
) -> anyhow::Result<()> {
    let at = crate::clock::now_ms();
    let mut tx = db.begin().await?;
    let mut pages = vec![(None, ProtocolKind::Security, "Règles de sécurité informatique")];
    pages.extend(
        care_teams
            .iter()
            .map(|team| (Some(team.as_str()), ProtocolKind::Usage, "Protocole d'usage")),
    );
    for (team_id, kind, title) in pages {
        let id = ProtocolId::generate();
        let page = NewPage { id: &id, org_id, team_id, kind, title, by: author, at };
        store::insert_page(&mut tx, &page).await?;
        let body = starter(kind, Lang::Fr);
        let version = NewVersion {
            protocol_id: &id,
            version: 1,
            body,
            note: "",
            needs_ack: true,
            by: author,
            at,
        };
        store::insert_version(&mut tx, &version).await?;
    }
    tx.commit().await?;
    Ok(())
}
