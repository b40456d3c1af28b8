//! What messaging writes in the audit log, in one list.

crate::text_enum::text_enum! {
    /// An action of the audit log (`domain.verb`); the same name is the kind of the live event
    /// a change announces.
    Action {
        AttachmentInfected = "attachment.infected",
        ConversationArchive = "conversation.archive",
        ConversationUnarchive = "conversation.unarchive",
        MessageDelete = "message.delete",
        MessageUrgentOverride = "message.urgent_override",
        OrgMessagingSettings = "org.messaging_settings",
    }
}
