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
telework-time-difference = difference
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
