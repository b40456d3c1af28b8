//! Task boards as the services use them: boards, lists, labels, cards and what hangs on a card.
//! A card's free text is sealed in the database; the types here hold it opened.

use serde::Serialize;

use crate::text_enum::text_enum;
use crate::typed_id::{Flag, typed_id};

typed_id! {
    /// A board: a team's or one person's.
    BoardId
}

typed_id! {
    /// A list (column) of a board.
    ListId
}

typed_id! {
    /// A label a board defines.
    LabelId
}

typed_id! {
    /// A card (a task).
    CardId
}

typed_id! {
    /// An item of a card's checklist.
    ItemId
}

typed_id! {
    /// A recurring card's rule.
    RecurrenceId
}

text_enum! {
    /// How urgent a card is.
    Priority { Low = "low", Normal = "normal", High = "high", Urgent = "urgent" }
}

text_enum! {
    /// A label's colour (always shown with its name, never alone).
    Colour {
        Grey = "grey", Blue = "blue", Green = "green", Yellow = "yellow", Orange = "orange",
        Red = "red", Purple = "purple",
    }
}

text_enum! {
    /// What happened to a card, in its history.
    EventKind {
        Created = "created", Moved = "moved", Edited = "edited", Assigned = "assigned",
        Unassigned = "unassigned", Labelled = "labelled", Unlabelled = "unlabelled",
        Completed = "completed", Reopened = "reopened", Archived = "archived",
        Restored = "restored", Commented = "commented", Checked = "checked",
        Unchecked = "unchecked", PatientLinked = "patient_linked", Attached = "attached",
        Detached = "detached",
    }
}

text_enum! {
    /// How often a recurring card comes back.
    Frequency { Weekly = "weekly", Monthly = "monthly" }
}

text_enum! {
    /// What the feature writes in the audit log; also the kinds of its live events.
    Action {
        BoardCreated = "task.board_created", BoardRenamed = "task.board_renamed",
        ListSaved = "task.list_saved", ListDeleted = "task.list_deleted",
        LabelSaved = "task.label_saved", CardCreated = "task.card_created",
        CardMoved = "task.card_moved", CardEdited = "task.card_edited",
        CardArchived = "task.card_archived", CardRestored = "task.card_restored",
        CardCommented = "task.card_commented", CardChecklist = "task.card_checklist",
        PatientLinked = "task.patient_linked", PatientRead = "task.patient_read",
        DocumentAttached = "task.document_attached", DocumentDetached = "task.document_detached",
        FeedRenewed = "task.feed_renewed", FeedRevoked = "task.feed_revoked",
        CardExported = "task.card_exported",
        RecurrenceSaved = "task.recurrence_saved", RecurrenceDeleted = "task.recurrence_deleted",
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Board {
    pub id: BoardId,
    pub org_id: String,
    /// The team whose board it is; none for a personal board.
    pub team_id: Option<String>,
    /// The person whose board it is; none for a team's.
    pub owner_id: Option<String>,
    pub name: String,
    /// The team's name (joined), empty for a personal board.
    pub team_name: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct List {
    pub id: ListId,
    pub board_id: BoardId,
    pub name: String,
    pub position: i64,
    #[sqlx(try_from = "i64")]
    pub is_done: Flag,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Label {
    pub id: LabelId,
    pub board_id: BoardId,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub colour: Colour,
}

/// A card, its text opened.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub id: CardId,
    pub board_id: BoardId,
    pub list_id: ListId,
    pub position: i64,
    pub title: String,
    pub description: String,
    pub priority: Priority,
    pub due_at: Option<i64>,
    pub patient_id: Option<String>,
    pub message_id: Option<String>,
    pub recurrence_id: Option<RecurrenceId>,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub completed_at: Option<i64>,
    pub archived_at: Option<i64>,
    pub version: i64,
}

/// An item of a checklist, its text opened.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: ItemId,
    pub card_id: CardId,
    pub text: String,
    pub done: bool,
    pub position: i64,
}

/// A comment, its text opened.
#[derive(Debug, Clone, Serialize)]
pub struct Comment {
    pub id: String,
    pub card_id: CardId,
    pub author_id: Option<String>,
    /// The author's name (joined), empty if they left.
    pub author_name: String,
    pub body: String,
    pub created_at: i64,
}

/// A line of a card's history.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Event {
    pub card_id: CardId,
    /// Who did it (joined), empty if they left or it was the recurrence job.
    pub actor_name: String,
    #[sqlx(try_from = "String")]
    pub kind: EventKind,
    pub detail: String,
    pub at: i64,
}

/// A recurring card's rule, its title opened.
#[derive(Debug, Clone, Serialize)]
pub struct Recurrence {
    pub id: RecurrenceId,
    pub org_id: String,
    pub board_id: BoardId,
    pub list_id: ListId,
    pub title: String,
    pub frequency: Frequency,
    /// Weekly: ISO day of the week (1 = Monday); monthly: day of the month (1 to 28).
    pub day: i64,
    /// Minutes after midnight, in the organisation's time zone.
    pub minute: i64,
    pub assignee_id: Option<String>,
    pub next_at: i64,
}

text_enum! {
    /// What a board tells a person.
    NoticeKind {
        Assigned = "assigned", Mentioned = "mentioned", DueSoon = "due_soon", Overdue = "overdue",
    }
}

/// A notice delivered to a person (held until their working hours).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Notice {
    pub id: String,
    pub org_id: String,
    pub user_id: String,
    pub card_id: CardId,
    #[sqlx(try_from = "String")]
    pub kind: NoticeKind,
    pub deliver_at: i64,
    pub delivered_at: Option<i64>,
    pub read_at: Option<i64>,
}
