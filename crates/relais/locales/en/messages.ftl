nav-messages = Messages
messages = Messages
messages-all = All conversations
messages-search = Search messages
messages-search-here = Search here
messages-pinned = Pinned messages
messages-pinned-none = No pinned message.
messages-older = Older messages
messages-new = New messages
messages-none = No message yet. Write the first one!
messages-mark-read = Mark as read
conversations = Conversations
conversations-none = No conversation yet.
conversation-archived-tag = archived
conversation-not-joined = not joined
conversation-unread = { $count } unread message(s)
conversation-mentions = { $count } unread mention(s)
conversation-archived-text = This conversation is archived: it can be read, no longer written in.
conversation-members = Members ({ $count })
conversation-join = Join
conversation-leave = Leave
conversation-mute = Mute
conversation-unmute = Unmute
conversation-archive = Archive
conversation-unarchive = Unarchive
conversation-invite = Invite a colleague
conversation-invite-button = Invite
conversation-needs-someone = Choose at least one person.
conversation-group-too-big = A group conversation has at most 9 people; create a private channel instead.
conversation-unknown-person = This person does not exist or is no longer active.
channel-new = New channel
channel-name = Channel name
channel-topic = Topic (optional)
channel-private = Private channel (by invitation)
channel-create = Create the channel
channel-settings = Channel name and topic
channel-save = Save
direct-new = New direct or group message
direct-people = With (one or more people)
direct-open = Open the conversation
message-write = Your message
message-send = Send
message-markdown-hint = **bold**, *italic*, `code`, lists with “- ”, links; @first.last to mention, @channel for everyone.
message-urgent = Urgent
message-urgent-option = Urgent message (outside working hours)
message-urgent-mark = Mark as urgent: notifies even people off duty
message-urgent-reason-label = Reason for the urgency (required, logged)
message-urgent-reason = Give the reason for the urgency.
message-confirm-everyone = This message notifies the whole channel: please confirm.
message-confirm-everyone-box = Yes, notify the { $count } members of the channel
message-empty = The message is empty.
message-too-long = The message is longer than 8,000 characters.
message-too-many-mentions = Too many mentions in one message (30 at most).
message-thread-unknown = This thread does not exist in this conversation.
message-reaction-unknown = This reaction is not offered.
message-pinned = pinned
message-edited = edited
message-deleted-text = Message deleted.
message-read-by = Read by { $names }
message-replies = { $count } reply(ies)
message-actions = Actions
message-react = React with
message-reply = Reply in a thread
message-pin = Pin
message-unpin = Unpin
message-edit = Edit the message
message-save = Save the change
message-delete = Delete
message-delete-confirm = Delete this message?
message-thread = Thread
message-thread-replies = Replies
message-back-to-conversation = Back to the conversation
off-duty-until = { $name } is off duty until
off-duty-delivered-then = your message will be delivered then.
typing-one = { $name } is typing…
search = Search
search-words = Words
search-in = In
search-everywhere = All my conversations
search-from = From
search-anyone = Anyone
search-since = Since
search-until = Until
search-results = { $count } result(s)
search-too-many-words = Eight words at most per search.
notifications = Notifications
notifications-none = No notification.
notification-mention = You were mentioned in { $place }
notification-message = New message in { $place }
error-conversation-archived = This conversation is archived.
error-conversation-direct-cannot-leave = A two-person conversation cannot be left; mute it instead.
error-conversation-direct-cannot-invite = No one can be invited into a two-person conversation; open a group conversation.
error-conversation-not-a-channel = Only a channel has a name and a topic.
error-message-deleted = This message was deleted.
notifications-allow = Get browser notifications
notification-new = Relais: a new message for you
disconnect-indicators = Right to disconnect: team indicators
disconnect-indicators-why = Team figures per week, each person counted by their own working hours; never a figure per person, and nothing for a team of fewer than { $count } people.
disconnect-indicators-hidden = This team has fewer than { $count } people: its figures are not shown, they would point at someone.
indicator-sent = Messages sent
indicator-sent-outside = of which outside hours
indicator-received-outside = Notifications arriving outside hours
indicator-urgent-received = Urgent messages received
indicator-urgent-sent = Urgent messages sent
messaging-setting = Messaging
messaging-urgent-roles = Who may send an urgent message
messaging-urgent-roles-help = An urgent message notifies even people outside their working hours; each one needs a reason, is logged and counted.
messaging-retention-days = Message retention (days, 0 = no limit)
messaging-retention-help = Older messages are deleted every hour, except pinned messages and their threads.
retention-days-invalid = Give a number of days between 0 and 3650.
role-unknown = This role does not exist.
message-attach = Attach a file
message-attach-file = File (8 MB at most)
message-attach-caption = Caption (optional)
message-attach-send = Send the file
attachment-download = download
attachment-empty = Choose a file that is not empty.
attachment-quota = The organisation's file storage is full.
attachment-infected = This file contains a virus; it was not saved.
attachment-scan-failed = The virus scanner could not check this file; try again later or tell the administrator.
announcement-title = Morning announcement
announcement-time = Morning announcement: opening time (empty = none)
announcement-time-help = Every day at this time, Relais opens a thread where everyone writes one line about their day.
announcement-lines = { $count } line(s) from the team — write mine
announcement-team-lines = The team's lines
announcement-no-line = Nobody has written their line yet.
announcement-my-line = My line for today (one line)
announcement-one-line = One line per person in the morning announcement.
announcement-already-written = You already wrote your line today; edit it instead.
nav-unread-notifications = { $count } unread notification(s)
digest-subject = Relais: { $count ->
    [one] 1 unread message
   *[other] { $count } unread messages
}
digest-subject-urgent = Relais: unread urgent message
digest-hello = Hello { $name },
digest-intro = { $count ->
    [one] A message is waiting for you in Relais:
   *[other] { $count } messages are waiting for you in Relais:
}
digest-channel = { $count ->
    [one] 1 unread message in #{ $name }
   *[other] { $count } unread messages in #{ $name }
}
digest-mentions = { $count ->
    [one] 1 mention
   *[other] { $count } mentions
}
digest-direct = { $count ->
    [one] 1 direct message
   *[other] { $count } direct messages
}
digest-open = To read them, open Relais: { $link }
digest-footer = This e-mail holds no message, only how many. It is never sent outside your working hours, unless a message is urgent. To stop it: Notifications page, "E-mail digest".
digest-preference = E-mail digest
digest-preference-hint = One e-mail, during your working hours, when mentions or direct messages stay unread. It says where and how many, never the content.
digest-preference-on = Receive the e-mail digest
digest-preference-saved = Preference saved.
digest-preference-unavailable = Sending e-mail is not configured on this server.
