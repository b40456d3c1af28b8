nav-telework = Telework
telework-title = My telework
telework-tile-text = Charter, agreement, days asked for and the team calendar.
telework-mine = My telework
telework-team = Team calendar
telework-charter = Telework charter
telework-posts = Posts and agreements
telework-too-long = This text is too long.
telework-waiting-decisions = { $count ->
    [one] One request is waiting for your decision
   *[other] { $count } requests are waiting for your decision
}
telework-charter-version = Version { $version }
telework-charter-accepted-badge = Accepted
telework-charter-to-accept = Version { $version } of the charter was published: read and accept it to ask for telework days.
telework-charter-read = Read the charter
telework-charter-accept = I have read and accept the charter
telework-charter-accepted = Charter accepted. Your acceptance is recorded.
telework-charter-none = No telework charter has been published yet.
telework-charter-outdated = A newer version of the charter was published in the meantime: read it again before accepting.
telework-charter-my-history = Versions I accepted
telework-charter-follow = Acceptances
telework-charter-concerned = { $count ->
    [one] { $count } person concerned
   *[other] { $count } people concerned
}
telework-charter-waiting = { $count ->
    [0] everyone has accepted
    [one] { $count } has not accepted yet
   *[other] { $count } have not accepted yet
}
telework-charter-body = Charter text
telework-charter-body-hint = In Markdown: # Title, ## Subtitle, lists, **bold**. Publishing creates a new version that everyone concerned must accept.
telework-charter-publish = Publish a new version
telework-charter-published = New version published. Everyone concerned is asked to accept it.
telework-charter-versions = Published versions
telework-published = published on
telework-agreement = My agreement
telework-agreement-none = No telework agreement yet. Human resources propose one once your post is assessed.
telework-days-per-week = Days a week
telework-days-count = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
telework-days-max = { $count ->
    [one] at most { $count } day a week
   *[other] at most { $count } days a week
}
telework-place = Place of telework
telework-equipment = Equipment provided
telework-period = Period
telework-trial-until = Trial period until
telework-review-on = Review on
telework-starts-on = Start
telework-ends-on = End
telework-fixed-days = Fixed days (none: floating days)
telework-agreement-signed-badge = Signed
telework-agreement-unsigned = To sign
telework-agreement-sign-hint = Signing accepts this agreement; your password confirms it is you. A qualified electronic signature would be a separate integration.
telework-agreement-sign = Sign the agreement
telework-agreement-signed = Agreement signed.
telework-agreement-proposed = Agreement proposed: the person is asked to sign it.
telework-agreement-propose = Propose an agreement
telework-agreement-propose-hint = Proposing is the employer's signature; a new agreement replaces the current one.
telework-agreements = Current agreements
telework-agreements-caption = Agreements in force and waiting for signature
telework-signature = Signature
telework-my-post = My post
telework-no-post-yet = Your post has not been recorded yet.
telework-post-not-assessed = Not assessed yet
telework-assessed-by = Assessed by { $name }
telework-review-ask = Ask for this assessment to be reviewed
telework-review-message = What you would like reviewed
telework-review-send = Send the request
telework-review-sent = Review request sent to human resources.
telework-review-waiting = Waiting for an answer
telework-ask = Ask for telework
telework-day = Day
telework-part = Length
telework-part-day = Whole day
telework-part-morning = Morning
telework-part-afternoon = Afternoon
telework-weeks = Repeat (weeks)
telework-ask-send = Ask
telework-asked = Request sent to your manager.
telework-no-tracking = Relais only records what you declare: no tracking of activity, keystrokes or connection time.
telework-my-days = My days
telework-no-days = No telework day asked for.
telework-status-requested = Waiting
telework-status-approved = Approved
telework-status-refused = Refused
telework-status-cancelled = Cancelled
telework-cancel = Cancel
telework-cancel-named = Cancel telework on { $day }
telework-cancelled = Day cancelled.
telework-rule-past = This day is in the past.
telework-rule-no-agreement = No signed agreement covers this day.
telework-rule-charter = Accept the telework charter in force first.
telework-rule-fixed-days = Your agreement sets fixed days: this is not one of them.
telework-rule-week-quota = This week would exceed the days your agreement allows.
telework-rule-meeting-day = This is the day the whole team is on site.
telework-rule-blackout = Telework is suspended for the team during this period.
telework-rule-minimum-on-site = The team would fall below its minimum number of people on site that day.
telework-day-taken = You already have a request for this day.
telework-weeks-range = Between 1 and 26 weeks.
telework-too-far = At most one year ahead.
telework-no-team = You are in no team: ask an administrator to add you to one.
telework-weeks-nav = Weeks
telework-this-week = This week
telework-legend = Legend
telework-cell-on-site = On site
telework-cell-remote = Telework
telework-cell-remote-morning = Telework in the morning
telework-cell-remote-afternoon = Telework in the afternoon
telework-cell-asked = Asked
telework-calendar-caption = Presence of team { $team } by day
telework-person = Person
telework-on-site-count = On site
telework-minimum = { $count ->
    [one] minimum { $count }
   *[other] minimum { $count }
}
telework-below-minimum = below the minimum
telework-meeting-day = Whole team on site
telework-no-meeting-day = None
telework-decision-comment = Comment (required to refuse)
telework-approve = Approve
telework-refuse = Refuse
telework-decided = Decision recorded; the person is told.
telework-rules = Team rules
telework-min-on-site = Minimum people on site each day
telework-min-range = A number between 0 and 1000.
telework-weekday-range = Unknown weekday.
telework-rules-saved = Rules saved.
telework-blackout-add = Suspend telework over a period
telework-first-day = From
telework-last-day = To
telework-blackout-reason = Reason
telework-end-before-start = The end is before the start.
telework-shares = Posts open to telework by team
telework-share-eligible = { $count ->
    [one] { $count } person eligible
   *[other] { $count } people eligible
}
telework-share-people = { $count ->
    [one] { $count } person
   *[other] { $count } people
}
telework-share-hidden = fewer than 5 people: not shown
telework-posts-grid = Eligibility grid
telework-posts-caption = Posts and the result of their latest assessment
telework-post = Post
telework-result = Result
telework-result-eligible = Eligible
telework-result-partial = Partly eligible
telework-result-not_eligible = Not eligible
telework-holders = Holders
telework-assessed = Assessed on
telework-post-create = Create a post
telework-post-name = Post title
telework-post-created = Post created.
telework-post-taken = This post already exists.
telework-holder-title = Link a person to a post
telework-holder-set = Post recorded.
telework-person-without-post = This person holds no post.
telework-no-post = No post
telework-post-not-eligible = This person's post is not eligible for telework.
telework-days-beyond-post = More days than the post's assessment allows.
telework-fixed-beyond-days = More fixed days than days a week.
telework-assess-named = Assess the post “{ $post }”
telework-assess = Record the assessment
telework-assess-comment = Comment (shown to the post's holders)
telework-assessment-saved = Assessment recorded.
telework-share-range = A percentage between 0 and 100.
telework-criterion-patient_presence = Physical presence with patients
telework-criterion-paper_records = Paper records
telework-criterion-onsite_equipment = Equipment only available on site
telework-criterion-data_access = Data handled
telework-criterion-autonomy = Autonomy in organising the work
telework-criterion-remote_share = Share of tasks that can be done remotely (%)
telework-patient_presence-none = None
telework-patient_presence-partial = Part of the time
telework-patient_presence-constant = Constant
telework-paper_records-none = None
telework-paper_records-digitisable = Can be digitised
telework-paper_records-essential = Needed on site
telework-onsite_equipment-none = None
telework-onsite_equipment-partial = For part of the tasks
telework-onsite_equipment-essential = Essential
telework-data_access-ordinary = No health data
telework-data_access-health_remote = Health data, secure remote access allowed
telework-data_access-health_on_site_only = Health data, on-site access only
telework-autonomy-high = High
telework-autonomy-medium = Medium
telework-autonomy-low = Low
telework-reviews = Review requests
telework-review-reply = Answer
telework-review-answer = Answer
telework-review-answered = Answer sent.
telework-reason-all-clear = No constraint: the post can be done remotely up to the charter's ceiling.
telework-reason-presence-constant = The post requires constant presence with patients.
telework-reason-presence-partial = Part of the time is spent with patients: at most 2 days a week.
telework-reason-paper-essential = Essential paper records cannot leave the site.
telework-reason-paper-digitisable = Paper records must be digitised first: at most 2 days a week.
telework-reason-equipment-essential = Essential equipment exists only on site.
telework-reason-equipment-partial = Part of the tasks needs on-site equipment: at most 2 days a week.
telework-reason-data-on-site-only = The health data handled cannot be accessed remotely.
telework-reason-data-remote = Health data: only through the organisation's secure remote access, never on an unchecked personal device.
telework-reason-autonomy-low = Low autonomy: at most 1 day a week, to begin with.
telework-reason-autonomy-medium = Medium autonomy: at most 2 days a week.
telework-reason-share-low = Less than 20% of the tasks can be done remotely.
telework-reason-share-partial = The share of tasks that can be done remotely limits the days.
telework-about = Telework
telework-person-audited = Your reading of this record is written in the audit log.
telework-time = My working time
telework-time-team = Team's time
telework-time-why = You declare your hours, or confirm your usual hours in one tap. Nothing is measured: no connection time, no activity. These declarations serve payroll and make sure nobody works beyond reason.
telework-time-declared = declared
telework-time-planned = planned (your hours)
telework-time-difference = difference so far
telework-time-status-declared = Declared
telework-time-status-approved = Approved
telework-time-break-of = { $minutes } min break
telework-time-remove = Remove
telework-time-remove-named = Remove the declaration of { $day }
telework-time-confirm = Confirm my usual hours ({ $hours })
telework-time-declare = Declare other hours
telework-time-break-minutes = Break (minutes)
telework-time-place = Place
telework-place-on_site = On site
telework-place-remote = Teleworking
telework-time-not-yet = This day has not come yet.
telework-time-saved = Day declared.
telework-time-removed = Declaration removed.
telework-time-break = The break must be shorter than the day.
telework-time-too-long = More than 13 hours worked: the 11 hours of daily rest would not be respected.
telework-time-future = A day to come cannot be declared.
telework-time-too-old = This day is too old to be declared here; see human resources.
telework-time-approved = Your manager already approved this day.
telework-time-not-a-working-day = This is not one of your usual working days: declare your hours.
telework-time-team-hint = Each person's declared week in total; the detail of the days stays with the person.
telework-time-caption = Time declared in team { $team }
telework-time-remote-days = Telework days
telework-time-approval = Approval
telework-time-nothing = Nothing declared
telework-time-approve = Approve the week
telework-time-approve-named = Approve the week of { $name }
telework-time-approved-notice = Week approved.
telework-time-export = Month's export (payroll)
telework-feeds = Calendars
telework-feeds-intro = Subscribe your phone's or mail's calendar to your telework days, or to your team's. The calendar only receives approved days, without reasons or comments.
telework-feed-mine = My telework days
telework-feed-team = Team { $team }
telework-security = Workstation security
telework-security-overview = Security follow-up
telework-security-intro = { $count ->
    [one] For each device you telework on, answer these questions once a month. Nothing is installed on the device and nothing is read from it: only what you declare is recorded.
   *[other] For each device you telework on, answer these questions every { $count } months. Nothing is installed on the device and nothing is read from it: only what you declare is recorded.
}
telework-advice = Advice from IT
telework-devices = My devices
telework-devices-none = No device declared.
telework-devices-too-many = Ten devices at most: retire the ones you no longer use.
telework-device-name = Device name (e.g. “Work laptop”)
telework-device-kind = Device
telework-device-kind-provided = Provided by the employer
telework-device-kind-personal = Personal
telework-device-add = Add the device
telework-device-added = Device added: do its self-check.
telework-device-retire = No longer used
telework-device-retire-named = No longer use “{ $name }”
telework-device-retired = Device retired.
telework-check-due = To do
telework-check-current = Up to date
telework-checked-on = Last self-check on
telework-check-fill = Do the self-check
telework-check-save = Save my answers
telework-check-saved = Answers saved.
telework-check-incomplete = Answer every question (“I don't know” is an answer).
telework-check-history = My self-checks
telework-how-to = How?
telework-answer-yes = Yes
telework-answer-no = No
telework-answer-unsure = I don't know
telework-answer-not_applicable = Not applicable
telework-item-disk_encryption = The disk is encrypted
telework-item-system_updates = The system is up to date
telework-item-browser_updates = The browser is up to date
telework-item-screen_lock = The screen locks by itself
telework-item-separate_session = A session kept for work
telework-item-antivirus = An active antivirus
telework-item-wifi_protected = The Wi-Fi is protected (WPA2 or WPA3)
telework-item-wifi_password_changed = The Wi-Fi password was changed
telework-item-no_saved_passwords = No password saved in a shared browser
telework-item-encrypted_backup = Local work files are backed up and encrypted
telework-item-lost_device_plan = I know what to do if the device is lost
telework-item-why-disk_encryption = A lost or stolen device gives nothing away if its disk is encrypted.
telework-item-why-system_updates = Updates fix the flaws attacks use.
telework-item-why-browser_updates = The browser is the door to Relais and to e-mail.
telework-item-why-screen_lock = Nobody else at home sees patient data when you step away.
telework-item-why-separate_session = Children or relatives do not use the session you work in.
telework-item-why-antivirus = It stops most known malware (on Windows, Microsoft Defender is enough).
telework-item-why-wifi_protected = An open or WEP Wi-Fi lets others read what goes through it.
telework-item-why-wifi_password_changed = The box's original password is often printed underneath, or guessable.
telework-item-why-no_saved_passwords = A password saved in a shared browser opens your accounts to whoever uses it.
telework-item-why-encrypted_backup = A work file lost or read by someone else is an incident.
telework-item-why-lost_device_plan = Reporting quickly lets access be cut and the data protection officer be told.
telework-item-how-disk_encryption = Windows: Settings › Privacy & security › Device encryption, or BitLocker (Pro editions).
    macOS: Settings › Privacy & Security › FileVault.
    Linux: LUKS encryption is chosen at installation; VeraCrypt for an external disk.
telework-item-how-system_updates = Windows: Settings › Windows Update › Check for updates.
    macOS: Settings › General › Software Update.
    Linux: your distribution's update manager.
telework-item-how-browser_updates = Firefox: menu › Help › About Firefox. Chrome or Edge: menu › Help › About. The browser updates and asks to restart.
telework-item-how-screen_lock = Windows: Settings › Accounts › Sign-in options › Dynamic lock, and Windows + L when leaving.
    macOS: Settings › Lock Screen.
    Set 5 minutes at most.
telework-item-how-separate_session = Create a user account in your name kept for work, with its own password, and open Relais only there.
telework-item-how-antivirus = Windows: Windows Security › Virus & threat protection must say “No action needed”. macOS and Linux: follow IT's advice.
telework-item-how-wifi_protected = In your box's interface (often http://192.168.1.1), Wi-Fi security must say WPA2 or WPA3, never WEP or “open”.
telework-item-how-wifi_password_changed = In your box's interface, change the Wi-Fi key to a long passphrase, then reconnect your devices.
telework-item-how-no_saved_passwords = In the browser's settings, under Passwords, delete work ones; use a personal password manager (for example KeePassXC).
telework-item-how-encrypted_backup = Keep work files in the space the organisation provides rather than on the device; otherwise back them up on encrypted media.
telework-item-how-lost_device_plan = Report the loss at once from “Report a problem” (or by phone to IT); change your Relais password and close your other sessions in “My account”.
telework-guide = Telework workstation security guide
telework-guide-intro = For each point of the self-check: why it matters and how to check it.
telework-guide-back = Back to my self-check
telework-report = Report a problem
telework-report-intro = Lost device, suspicious e-mail, intrusion, a tool that does not work: IT is told. If personal or health data may be concerned, the data protection officer is told too.
telework-report-kind = Kind of problem
telework-incident-lost_device = Device lost or stolen
telework-incident-phishing = Suspicious e-mail or message (phishing)
telework-incident-intrusion = Suspected intrusion or hacked account
telework-incident-tool_broken = A tool does not work
telework-incident-other = Other
telework-report-description = What happened?
telework-report-personal-data = Personal or health data may be concerned
telework-report-send = Send the report
telework-incident-sent = Report sent to IT.
telework-incident-status-open = Open
telework-incident-status-closed = Handled
telework-overview-audited = Your reading of this follow-up is written in the audit log. People's answers are only shown as shares, per team of at least 5 people.
telework-incidents = Reports
telework-incidents-none = No report.
telework-breach = Possible personal data breach: the data protection officer has 72 hours to notify the CNIL.
telework-breach-deadline = Deadline: { $deadline }.
telework-breach-hours-left = { $count ->
    [one] { $count } hour left
   *[other] { $count } hours left
}
telework-incident-response = Answer to the person
telework-incident-close = Mark as handled
telework-incident-closed = Report handled.
telework-coverage = Self-check coverage
telework-coverage-hint = { $count ->
    [one] Self-checks less than a month old, per team: share of “yes” among the answers that apply.
   *[other] Self-checks less than { $count } months old, per team: share of “yes” among the answers that apply.
}
telework-coverage-checked = { $count ->
    [one] { $count } up to date
   *[other] { $count } up to date
}
telework-coverage-item = Point
telework-coverage-yes = Yes
telework-advice-publish = Publish advice
telework-advice-published = Saved.
telework-check-months = Renew the self-check every (months)
telework-check-months-range = Between 1 and 24 months.
telework-coverage-hidden = Fewer than 5 people up to date: nothing is shown.
telework-renewal = Renewal
telework-notices = { $count ->
    [one] One new item
   *[other] { $count } new items
}
telework-notices-read = Mark as read
telework-notice-day_requested = A telework request from your team is waiting for your decision.
telework-notice-day_decided = Your manager answered your telework request.
telework-notice-charter_published = A new version of the telework charter is to be read and accepted.
telework-notice-charter_reminder = Reminder: the telework charter in force is waiting for your acceptance.
telework-notice-agreement_proposed = A telework agreement is proposed to you: read and sign it.
telework-notice-check_due = The security self-check of one of your devices is due again.
telework-live-updated = Updated: a request or a decision just came in.
telework-desks = Desks
telework-desk-days = Days
telework-desk-occupancy = The week's occupancy
telework-desk-booked-short = booked
telework-desks-none = No shared desk on this site.
telework-desk-mine = Booked for you
telework-desk-release = Release
telework-desk-book = Book
telework-desk-book-named = Book { $desk }
telework-desk-add = Add a desk
telework-desk-room = Room
telework-desk-name = Desk
telework-desk-taken = This desk already exists in this room.
telework-desk-taken-day = This desk was just booked, or you already have a desk that day.
telework-desk-remote-day = You telework that day.
telework-desk-too-far = At most three months ahead.
telework-desk-booked = Desk booked.
telework-desk-released = Desk released.
telework-desk-added = Desk added.
telework-no-site = No site is defined yet (Administration › Teams and sites).
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
telework-previous = Previous period
telework-next = Next period
telework-view = View
telework-view-week = Week
telework-view-month = Month
telework-cell-short-remote = TW
telework-agreement-document = Telework agreement
telework-agreement-print = Printable version
telework-clause-days = Telework days
telework-per-week = a week
telework-floating-days = floating days asked for in Relais
telework-clause-place = Place
telework-clause-equipment = Equipment provided by the employer
telework-clause-period = Duration
telework-clause-charter = Charter
telework-clause-charter-text = The organisation's telework charter applies; the person accepted it
telework-signed-employer = For the employer (proposed on)
telework-signed-person = For the person (signed on)
