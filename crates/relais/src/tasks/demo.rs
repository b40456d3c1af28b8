//! The demo's boards, on the first care team: the coordination board (dressings to order, a GP to
//! call about a patient's treatment, a new patient's first visit, the Monday call round) and the
//! quality board (the external evaluation, the heat-wave plan, the monthly fridge record).

use crate::crypto::{DataKey, KeyRing};
use crate::db::Db;
use crate::tasks::model::{
    BoardId, CardId, Colour, EventKind, Frequency, ItemId, LabelId, ListId, Priority, RecurrenceId,
};
use crate::tasks::service::access::place;
use crate::tasks::store::{self, NewBoard, cards, details, recurrences};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

struct DemoCard {
    title: &'static str,
    description: &'static str,
    list: usize,
    priority: Priority,
    /// Days from now (negative: overdue).
    due_in_days: Option<i64>,
    labels: &'static [usize],
    checklist: &'static [(&'static str, bool)],
    /// Link to one of the team's patients.
    patient: bool,
}

const LISTS: [(&str, bool); 4] =
    [("À faire", false), ("En cours", false), ("En attente", false), ("Terminé", true)];

const COORDINATION: &[DemoCard] = &[
    DemoCard {
        title: "Commander des pansements hydrocolloïdes (stock du local)",
        description: "Stock bas : **2 boîtes** restantes. Commande chez le fournisseur habituel, livraison au local de l'équipe.",
        list: 0,
        priority: Priority::High,
        due_in_days: Some(1),
        labels: &[1],
        checklist: &[
            ("Vérifier le stock du local", true),
            ("Passer la commande", false),
            ("Ranger la livraison", false),
        ],
        patient: false,
    },
    DemoCard {
        title: "Appeler le médecin traitant : changement de traitement",
        description: "Le patient signale des vertiges depuis la nouvelle prescription. Demander l'avis du médecin et noter la réponse dans la transmission.",
        list: 1,
        priority: Priority::Urgent,
        due_in_days: Some(0),
        labels: &[0, 2],
        checklist: &[],
        patient: true,
    },
    DemoCard {
        title: "Première visite d'évaluation d'un nouveau patient",
        description: "Sortie d'hospitalisation prévue jeudi. Prévoir la visite d'évaluation à deux (infirmière + aide-soignante).",
        list: 0,
        priority: Priority::Normal,
        due_in_days: Some(3),
        labels: &[],
        checklist: &[
            ("Récupérer le compte rendu d'hospitalisation", false),
            ("Planifier la visite", false),
            ("Créer le plan de soins", false),
        ],
        patient: false,
    },
    DemoCard {
        title: "Renouveler l'ordonnance de soins (fin de mois)",
        description: "",
        list: 2,
        priority: Priority::Normal,
        due_in_days: Some(-1),
        labels: &[2],
        checklist: &[],
        patient: true,
    },
    DemoCard {
        title: "Faire réviser le lève-personne du domicile",
        description: "Rendez-vous pris avec le prestataire.",
        list: 3,
        priority: Priority::Low,
        due_in_days: None,
        labels: &[1],
        checklist: &[],
        patient: false,
    },
];

const QUALITY: &[DemoCard] = &[
    DemoCard {
        title: "Préparer l'évaluation externe (référentiel HAS)",
        description: "Rassembler les preuves par chapitre ; réunion de préparation avec l'équipe.",
        list: 1,
        priority: Priority::High,
        due_in_days: Some(30),
        labels: &[3],
        checklist: &[
            ("Chapitre 1 : la personne", true),
            ("Chapitre 2 : les professionnels", false),
            ("Chapitre 3 : l'établissement", false),
        ],
        patient: false,
    },
    DemoCard {
        title: "Mettre à jour le plan bleu (canicule)",
        description: "Liste des patients fragiles, circuit d'appel, conseils à remettre.",
        list: 0,
        priority: Priority::Normal,
        due_in_days: Some(14),
        labels: &[3],
        checklist: &[],
        patient: false,
    },
    DemoCard {
        title: "Analyser les événements indésirables du trimestre",
        description: "",
        list: 0,
        priority: Priority::Normal,
        due_in_days: Some(21),
        labels: &[3],
        checklist: &[],
        patient: false,
    },
];

const LABELS: [(&str, Colour); 4] = [
    ("Urgent", Colour::Red),
    ("Matériel", Colour::Blue),
    ("Médecin", Colour::Purple),
    ("Qualité", Colour::Green),
];

pub async fn seed(
    db: &Db,
    keys: &KeyRing,
    org_id: &str,
    team: &str,
    members: &[String],
    author: &str,
) -> anyhow::Result<()> {
    let key = keys.current(db, org_id).await?;
    let patients =
        crate::homecare::store::patients::list_of_team(db.reader(), org_id, team).await?;
    let patient = patients.first().map(|p| p.id.to_string());
    let now = crate::clock::now_ms();
    let coordination = board(
        db,
        &key,
        org_id,
        team,
        "Coordination",
        COORDINATION,
        members,
        patient.as_deref(),
        author,
        now,
    )
    .await?;
    board(db, &key, org_id, team, "Qualité et évaluation", QUALITY, members, None, author, now)
        .await?;
    let mut tx = db.begin().await?;
    let zone = jiff::tz::TimeZone::get("Europe/Paris")?;
    let rules = [
        ("Tour d'appels des patients", Frequency::Weekly, 1, 9 * 60),
        ("Relevé des températures du réfrigérateur", Frequency::Monthly, 1, 8 * 60),
    ];
    let lists = store::lists(&mut *tx, &coordination).await?;
    let Some(first) = lists.first() else { anyhow::bail!("no list") };
    for (title, frequency, day, minute) in rules {
        let id = RecurrenceId::generate();
        let rhythm = crate::tasks::service::recurrences::Rhythm { frequency, day, minute };
        let next_at = rhythm.next_after(&zone, now).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let title_enc = key.seal(place("task_recurrences", "title_enc", &id), title.as_bytes());
        let rule = recurrences::NewRecurrence {
            id: &id,
            org_id,
            board_id: &coordination,
            list_id: &first.id,
            title_enc: &title_enc,
            frequency,
            day,
            minute,
            assignee_id: members.first().map(String::as_str),
            next_at,
            by: author,
            at: now,
        };
        recurrences::insert(&mut tx, &rule).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn board(
    db: &Db,
    key: &DataKey,
    org_id: &str,
    team: &str,
    name: &str,
    demo: &[DemoCard],
    members: &[String],
    patient: Option<&str>,
    author: &str,
    now: i64,
) -> anyhow::Result<BoardId> {
    let id = BoardId::generate();
    let mut tx = db.begin().await?;
    store::insert_board(
        &mut tx,
        &NewBoard {
            id: &id,
            org_id,
            team_id: Some(team),
            owner_id: None,
            name,
            by: author,
            at: now,
        },
    )
    .await?;
    let mut lists = Vec::new();
    for (list, done) in LISTS {
        let list_id = ListId::generate();
        store::insert_list(&mut tx, &list_id, &id, list, done).await?;
        lists.push(list_id);
    }
    let mut labels = Vec::new();
    for (label, colour) in LABELS {
        let label_id = LabelId::generate();
        store::insert_label(&mut tx, &label_id, &id, label, colour).await?;
        labels.push(label_id);
    }
    for (index, card) in demo.iter().enumerate() {
        let card_id = CardId::generate();
        let Some(list) = lists.get(card.list) else { continue };
        let title_enc = key.seal(place("task_cards", "title_enc", &card_id), card.title.as_bytes());
        let description_enc = (!card.description.is_empty()).then(|| {
            key.seal(place("task_cards", "description_enc", &card_id), card.description.as_bytes())
        });
        let position = i64::try_from(index + 1).unwrap_or(1) * cards::GAP;
        let done = LISTS.get(card.list).is_some_and(|(_, done)| *done);
        let new = cards::NewCard {
            id: &card_id,
            org_id,
            board_id: &id,
            list_id: list,
            position,
            title_enc: &title_enc,
            description_enc: description_enc.as_deref(),
            priority: card.priority,
            // Due at 16:00 UTC (17:00 in Paris in winter), as people set due times.
            due_at: card.due_in_days.map(|d| (now / DAY_MS + d) * DAY_MS + 16 * 3_600_000),
            message_id: None,
            recurrence: None,
            completed_at: done.then_some(now),
            by: Some(author),
            at: now,
        };
        cards::insert(&mut tx, &new).await?;
        details::log(
            &mut tx,
            &card_id,
            Some(author),
            EventKind::Created,
            LISTS.get(card.list).map_or("", |l| l.0),
            now,
        )
        .await?;
        if let Some(person) = members.get(index % members.len().max(1)) {
            details::set_assigned(&mut tx, &card_id, person, true).await?;
        }
        for label in card.labels {
            if let Some(label) = labels.get(*label) {
                details::set_labelled(&mut tx, &card_id, label, true).await?;
            }
        }
        for (text, ticked) in card.checklist {
            let item = ItemId::generate();
            let sealed =
                key.seal(place("task_checklist_items", "text_enc", &item), text.as_bytes());
            details::add_item(&mut tx, &item, org_id, &card_id, &sealed, now).await?;
            if *ticked {
                details::set_item_done(&mut tx, &card_id, &item, true).await?;
            }
        }
        if card.patient {
            cards::set_patient(&mut tx, &card_id, patient, now).await?;
        }
    }
    tx.commit().await?;
    Ok(id)
}
