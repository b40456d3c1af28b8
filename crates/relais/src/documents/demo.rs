//! The demo's documents: the organisation's rules and quality procedures, and in each team's
//! space its usage protocol, care procedures and forms, as a SSIAD would keep them.

use crate::blobs::Blobs;
use crate::crypto::KeyRing;
use crate::db::Db;
use crate::documents::model::{DocumentId, FolderId, VersionId};
use crate::documents::rights::SpaceKind;
use crate::documents::service::receive::place;
use crate::documents::store::{documents, folders, spaces};

const RULES: &str = "# Règlement intérieur\n\n## Horaires\nLes tournées commencent à 7 h 00. \
Les transmissions ont lieu à 13 h 30 au bureau du SSIAD.\n\n## Confidentialité\nAucune donnée \
de patient ne circule par courriel personnel ni par messagerie grand public : Relais sert à cela.\n";

const ADVERSE_EVENT: &str = "# Signaler un événement indésirable\n\n1. Mettre le patient en \
sécurité.\n2. Prévenir l'infirmière coordinatrice (Relais, canal de l'équipe, ou téléphone \
d'astreinte).\n3. Remplir la fiche de signalement dans les 24 heures.\n4. L'équipe analyse \
l'événement à la réunion du jeudi, sans chercher de coupable.\n";

const TEAM_PROTOCOL: &str = "# Protocole d'usage de l'équipe\n\n## Le matin\nLire d'abord les \
messages marqués urgents, puis les transmissions de la veille dans le canal de l'équipe.\n\n\
## Quand la connexion coupe\nLa tournée reste disponible hors ligne : pointez comme d'habitude, \
tout part au retour du réseau. En cas de doute, appelez le bureau.\n\n## Où vont les fichiers\n\
Procédures dans « Procédures », formulaires vierges dans « Formulaires ». Jamais sur une clé USB.\n\n\
## Joindre quelqu'un d'astreinte\nLe numéro d'astreinte est affiché dans le canal de l'équipe.\n";

const BED_BATH: &str = "# Toilette au lit\n\n- Préparer le matériel avant d'entrer dans la \
chambre.\n- Respecter l'intimité : porte fermée, patient couvert.\n- Observer la peau (points \
d'appui) et noter toute rougeur dans le compte rendu de visite.\n";

const PRESSURE_SORES: &str = "# Prévention des escarres\n\nChangement de position toutes les \
3 heures chez le patient alité, matelas adapté, hydratation. Toute rougeur persistante est \
signalée le jour même.\n";

const LIAISON: &str = "FICHE DE LIAISON SSIAD — HÔPITAL\n\nPatient :\nDate :\nMotif de \
l'hospitalisation :\nTraitements en cours :\nPersonne à prévenir :\n";

/// Seeds the documents of the organisation's space and of each team's.
pub async fn seed(
    db: &Db,
    keys: &KeyRing,
    blobs: &Blobs,
    org_id: &str,
    teams: &[String],
    author: &str,
) -> anyhow::Result<()> {
    let writer = Writer { db, keys, blobs, org_id, author };
    let organisation = writer.space(SpaceKind::Organisation, None).await?;
    writer.document(&organisation, "Règlement intérieur.md", RULES).await?;
    let quality = writer.folder(&organisation, "Qualité").await?;
    writer.document(&quality, "Signaler un événement indésirable.md", ADVERSE_EVENT).await?;
    for team in teams {
        let root = writer.space(SpaceKind::Team, Some(team)).await?;
        writer.document(&root, "Protocole d'usage de l'équipe.md", TEAM_PROTOCOL).await?;
        let procedures = writer.folder(&root, "Procédures").await?;
        writer.document(&procedures, "Toilette au lit.md", BED_BATH).await?;
        writer.document(&procedures, "Prévention des escarres.md", PRESSURE_SORES).await?;
        let forms = writer.folder(&root, "Formulaires").await?;
        writer.document(&forms, "Fiche de liaison.txt", LIAISON).await?;
    }
    Ok(())
}

struct Writer<'a> {
    db: &'a Db,
    keys: &'a KeyRing,
    blobs: &'a Blobs,
    org_id: &'a str,
    author: &'a str,
}

/// A folder with its space.
struct Place {
    space: crate::documents::model::SpaceId,
    folder: FolderId,
}

impl Writer<'_> {
    async fn space(&self, kind: SpaceKind, team: Option<&str>) -> anyhow::Result<Place> {
        let mut tx = self.db.begin().await?;
        spaces::ensure(&mut tx, self.org_id, kind, team, None).await?;
        tx.commit().await?;
        let listed = spaces::listed_for(self.db.reader(), self.org_id, self.author).await?;
        let space = listed
            .into_iter()
            .find(|s| s.kind == kind && s.team_id.as_deref() == team)
            .ok_or_else(|| anyhow::anyhow!("demo space missing"))?;
        Ok(Place { space: space.id, folder: space.root_id })
    }

    async fn folder(&self, parent: &Place, name: &str) -> anyhow::Result<Place> {
        let mut tx = self.db.begin().await?;
        let id =
            folders::insert(&mut tx, self.org_id, &parent.space, &parent.folder, name, self.author)
                .await?
                .ok_or_else(|| anyhow::anyhow!("demo folder {name} exists"))?;
        tx.commit().await?;
        Ok(Place { space: parent.space.clone(), folder: id })
    }

    async fn document(&self, at: &Place, name: &str, text: &str) -> anyhow::Result<()> {
        let version = VersionId::generate();
        let key = self.keys.current(self.db, self.org_id).await?;
        let staged = tempfile::NamedTempFile::new_in(self.blobs.staging_dir())?;
        crate::crypto::stream::seal(&key, place(&version), text.as_bytes(), staged.reopen()?)?;
        let blob_key = format!("documents/{}/{}", self.org_id, version);
        self.blobs.put_file(&blob_key, staged.path()).await?;
        let size = i64::try_from(text.len())?;
        let sha256 = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(text.as_bytes()));
        let new = documents::NewVersion {
            id: &version,
            size_bytes: size,
            media_type: "text/plain; charset=utf-8",
            sha256: &sha256,
            blob_key: &blob_key,
            by: self.author,
        };
        let mut tx = self.db.begin().await?;
        spaces::reserve_bytes(&mut tx, self.org_id, &at.space, size).await?;
        let id = DocumentId::generate();
        documents::insert(&mut tx, self.org_id, &id, &at.space, &at.folder, name, &new).await?;
        tx.commit().await?;
        Ok(())
    }
}
