# Relais — English

## Page structure
skip-to-content = Skip to content
nav-main = Main navigation
nav-home = Home
nav-admin = Administration
nav-account = My account
sign-out = Sign out
form-has-errors = The form has errors: they are shown under the fields concerned.
language = Language
continue = Continue
save = Save
delete = Delete
actions = Actions
back-home = Back to home

## Errors
error-title = Something went wrong
error-status = Code:
error-generic = The request could not be completed.
error-not_found = This page does not exist, or you do not have access to it.
error-forbidden = Your role does not allow this action.
error-unauthenticated = Please sign in.
error-csrf_rejected = The request was refused because it did not come from Relais. Reload the page and try again.
error-bad_request = The request is malformed.
error-link_expired = This link has expired or has already been used. Ask your administrator for a new one.
error-too_many_requests = Too many attempts. Please wait a moment before trying again.
error-payload_too_large = The data sent is too large.
error-method_not_allowed = This action is not possible here.
error-internal = An internal error occurred. Try again; if it persists, tell your administrator.
error-unavailable = A service this page needs is unavailable for a moment. Try again shortly.
error-storage_full = The server's storage is full: nothing was saved. Try again once your administrator has freed space.
error-precondition_failed = Someone changed this in the meantime: reload it, then try again.

## Fields and validation
field-required = This field is required.
field-too-long = This field is too long (100 characters at most).
field-control-characters = This field contains characters that are not allowed.
email-invalid = Invalid e-mail address.
email-taken = An account already exists with this e-mail address.
phone-invalid = Invalid phone number (for example: 06 12 34 56 78 or +33 6 12 34 56 78).
time-zone-invalid = Unknown time zone (for example: Europe/Paris).
time-invalid = Invalid time (format HH:MM).
hours-end-before-start = The end time must be after the start time.
hours-no-day = Choose at least one working day.
locale-invalid = Language not supported.
password-too-short = The password must have at least 12 characters.
password-too-long = The password is too long (256 characters at most).
password-too-common = This password is too common or too easy to guess. Try a phrase of several words.
password-current-wrong = The current password is wrong.
password-mismatch = The two passwords are not the same.
password-rules = At least 12 characters. A phrase of several words is safer and easier to remember; common passwords are refused.
roles-required = Choose at least one role.
roles-unknown = Unknown role.
cannot-demote-self = You cannot remove your own administrator role.
cannot-grant-self-patient-access = You cannot give yourself a role that opens patient records: another administrator must do it.
cannot-deactivate-self = You cannot deactivate your own account.
person-deactivated = This account is deactivated.
site-unknown = Unknown site.
teams-unknown = Unknown team.
team-name-taken = A team already has this name.
site-name-taken = A site already has this name.

## First installation
setup-title = Create your organisation
setup-intro = Welcome to Relais. Give the name of your organisation and create its administrator's account.
organisation-name = Organisation name
full-name = Full name
email = E-mail address
password = Password
setup-totp-next = In the next step you will turn on two-factor authentication with an app on your phone.
setup-submit = Create the organisation

## Sign-in
sign-in = Sign in
sign-in-failed = Wrong e-mail address or password.
sign-in-forgotten = Forgot your password? Your administrator can give you a link to choose a new one.
second-factor-title = Two-factor authentication
totp-code = 6-digit code from your app
verify = Verify
use-recovery-code = Use a recovery code
recovery-code = Recovery code
totp-code-wrong = Wrong or already used code. Wait for the next code and try again.
recovery-code-wrong = Wrong or already used recovery code.

## Two-factor authentication
totp-enrol-title = Turn on two-factor authentication
totp-enrol-required = Your role gives access to sensitive data: two-factor authentication is required.
totp-enrol-step-app = Install an authenticator app on your phone (for example FreeOTP, Aegis or Google Authenticator).
totp-enrol-step-scan = Scan this QR code with the app.
totp-qr-label = QR code to scan with your authenticator app
totp-secret-manual = Or type this key into the app:
totp-open-app = Open in this device's authenticator app
totp-enrol-step-code = Enter the 6-digit code the app shows.
totp-enrol-submit = Turn on
recovery-codes-title = Your recovery codes
recovery-codes-intro = Keep these 10 codes somewhere safe (printed or in a password manager). Each lets you sign in once if you lose your phone. They will not be shown again.

## One-time links
activate-title = Activate your account
reset-title = Choose a new password
set-password-for = Account of { $name }
new-password = New password
new-password-confirm = Confirm the new password

## Home
welcome = Hello { $name }.
module-messaging = Team messaging
module-messaging-text = Channels, direct messages and the morning announcement, respecting the right to disconnect.
module-homecare = Home-care management
module-homecare-text = Patients, care plans, rounds on the phone, check-in/out and care notes.
module-planner = Round optimisation
module-planner-text = A planning proposal in seconds, which the coordinators approve.
module-visio = Video and teleconsultation
module-visio-text = Team meetings and teleconsultations with a waiting room, nothing to install.
module-documents = Documents
module-documents-text = Encrypted, versioned team files and time-limited sharing.
module-tasks = Tasks
module-tasks-text = Boards, cards, due dates and checklists.
module-telework = Telework
module-telework-text = Charter, telework days and approvals.
module-qvct = Quality of working life
module-qvct-text = Anonymous surveys and team indicators, without individual surveillance.

## My account
profile-title = Profile
phone = Phone
time-zone = Time zone
working-hours = Working hours
working-hours-why = Outside these hours, Relais holds your notifications (right to disconnect).
day-mon = Monday
day-tue = Tuesday
day-wed = Wednesday
day-thu = Thursday
day-fri = Friday
day-sat = Saturday
day-sun = Sunday
hours-start = Start
hours-end = End
profile-saved = Profile saved.
password-change-title = Change password
current-password = Current password
password-change-submit = Change password
password-changed = Password changed. Your other sessions have been closed.
security-title = Security
totp-on = Two-factor authentication is on.
totp-off = Two-factor authentication is off.
totp-replace = Move to a new phone
totp-enable = Turn it on
sessions-title = My sessions
sessions-caption = Devices currently signed in to your account
session-device = Device
session-ip = IP address
session-started = Signed in
session-last-seen = Last active
session-this-one = this session
session-revoke = Close
security-log-title = Recent account activity
security-log-caption = Latest sign-ins and security changes
when = Date
event = Event
outcome = Outcome

## API tokens
tokens-title = API tokens
tokens-intro = A token lets a program use the Relais API on your behalf (documentation: /api/v1/openapi.json). It has your rights, limited to its scope.
tokens-caption = Active tokens
token-name = Token name
token-scopes = Scope
scope-files = Files (WebDAV application password)
scope-files-hint = To open the documents in a file manager or an office suite: connect to this address with your e-mail address, and the token as the password. A "Files" token serves for nothing else.
token-expiry = Expires after (days)
token-create = Create a token
token-created = Token created.
token-secret = Your new token
token-shown-once = Copy it now: it will not be shown again.
token-revoke-named = Revoke the token { $name }
scopes-required = Choose at least one scope.
expiry-invalid = Give a number of days between 1 and the longest life allowed (366 unless your administrator changed it).
limit-out-of-range = The limit must be between 1 and 500.
cursor-invalid = This page of results no longer matches the list: start again from the first page.

## Background jobs
jobs-title = Background jobs
jobs-intro = Upkeep (audit checkpoints, retention, purges, re-encryption) and long tasks. A failed job is retried after a growing delay.
jobs-caption = Recent jobs
job-kind = Job
job-attempts = Attempts
job-next-run = Due at
job-error = Last error

## Administration
admin-people = People
admin-teams = Teams and sites
invite-person = Add a person
invite-intro = Relais creates the account and gives you a one-time activation link to hand to the person.
invite-submit = Create the account
people-caption = People of the organisation
roles = Roles
teams = Teams
status = Status
active = Active
deactivated = Deactivated
job-title = Job title
account-actions = Account management
password-reset-issue = Create a new-password link
second-factor-reset = Reset two-factor authentication
deactivate = Deactivate the account
reactivate = Reactivate the account
person-deactivated-notice = Account deactivated: all its sessions have been closed.
person-reactivated-notice = Account reactivated.
second-factor-reset-notice = Two-factor authentication reset: the person will set it up at their next sign-in.
invitation-created = Account created
password-reset-created = New-password link created
link-for = One-time link for { $name }.
link-hand-over = Hand it over through another channel than unsecured e-mail (in person, text message, phone). It will not be shown again.
one-time-link = One-time link
back-to-person = Back to the person
teams-caption = Teams of the organisation
team-name = Team name
site = Site
no-site = No site
members = Members
team-delete-named = Delete the team { $name }
team-create = Create a team
team-created = Team created.
site-create = Create a site
site-name = Site name
site-created = Site created.

kek-warning = The key-encryption key (kek.key) is in the data directory. Back it up separately, away from the database backups: without it the encrypted data cannot be read; stored with the backups, it makes them readable.

## Audit log
audit-title = Audit log
audit-filters = Audit log filters
audit-person = Person (e-mail address)
audit-patient = Patient (identifier)
audit-action = Action
audit-from = From
audit-to = To
audit-filter = Filter
audit-export = Export (JSON Lines)
audit-caption = Events, newest first
audit-object = Object
audit-actor = Actor
audit-empty = No event matches these filters.
audit-older = Older events
person-unknown = No person of the organisation has this address.
date-invalid = Invalid date (YYYY-MM-DD).

## Roles
role-admin = Administrator
role-admin-text = manages people, teams and settings
role-manager = Manager
role-manager-text = organises teams and sees collective indicators
role-coordinator = Coordinator
role-coordinator-text = plans rounds and follows patients
role-nurse = Nurse
role-nurse-text = care and records of the patients they follow
role-aide = Care assistant
role-aide-text = care and records of the patients they follow
role-staff = Staff
role-staff-text = no access to patient data
role-dpo = Data protection officer
role-dpo-text = audit log and GDPR requests
role-hr = Human resources
role-hr-text = telework posts, charter and agreements
role-cse = Staff representative (CSE)
role-cse-text = the teams' workload indicators, read only
admin-organisation = Organisation
settings-saved = Settings saved.
presence-setting = Proof of presence at the home
presence-setting-help = With the home card, the caregiver scans its QR code or types its code at arrival and departure; without it, they record arrival and departure in one tap from their day (declared punches). Either way the phone's time is kept and differences from the plan go to the exceptions.
presence-setting-card = Require the home card at arrival and departure
geolocation-setting = Position at arrival and departure
geolocation-setting-help = When enabled, the caregiver's phone sends its position at the moment they record their arrival or departure at a patient's home, and only then: never between visits, never continuously. Caregivers see it on their round and on the "What my organisation sees about me" page; they may refuse location access on their phone, and the punch is then recorded without it. Inform the teams and staff representatives before enabling it (CNIL guidance on employee geolocation).
geolocation-setting-enable = Record the position at arrival and departure

## Security notices and step-up
totp-step-up-intro = To protect your account, first confirm it is you.
totp-step-up-password = Your current password
totp-step-up-current-code = Code from your current app (or a recovery code)
totp-new-code = 6-digit code shown by the new app
totp-current-code-wrong = This code matches neither your current app nor an unused recovery code.
notice-second-factor-changed-subject = Relais: your two-factor authentication was changed
notice-second-factor-changed-body =
    Hello,

    Two-factor authentication on your Relais account was just turned on or moved to a new app. Your other sessions were signed out.

    If this was not you, tell your administrator at once.
notice-password-guessing-subject = Relais: sign-in attempts on your account
notice-password-guessing-body =
    Hello,

    Many wrong passwords were tried on your Relais account from several addresses. The attempts are slowed down; you can still sign in yourself.

    If this was not you, make sure your password is unique and tell your administrator.

## Dates

## Copy, download, print
tool-copy = Copy
tool-copied = Copied.
tool-download = Download
tool-print = Print
recovery-codes-file = relais-recovery-codes.txt


nav-collapse = Collapse or expand the menu
today-title = Today
today-unread = { $count ->
    [0] No unread notifications
    [one] 1 unread notification
   *[other] { $count } unread notifications
}
today-visits = { $count ->
    [0] No visits planned for you today
    [one] 1 visit today
   *[other] { $count } visits today
}
today-to-plan = { $count ->
    [0] Every visit of the week is assigned
    [one] 1 visit to assign this week
   *[other] { $count } visits to assign this week
}
today-next-consultation = Next teleconsultation
today-admin-text = People, teams, sites, settings and the audit log.
today-transparency = What my organisation sees about me
today-transparency-text = Your check-ins, hours and recorded data, open to you at any time.
first-steps = First steps
first-steps-text = Your organisation is ready. These steps let the team start.
first-step-organisation = Check the time zone and settings
first-step-organisation-text = Working hours, the right to disconnect and plannings depend on them.
first-step-teams = Create teams and sites
first-step-teams-text = For example "North team" and "Vitré office".
first-step-people = Invite people
first-step-people-text = Each receives a one-time invitation link.
first-step-patients = Import patients
first-step-patients-text = From your care software (FHIR) or a CSV file.
step-done = Done

# The design system page
design-title = Design system
design-intro = The tokens and components every Relais screen is made of. Icons come from Lucide.
design-colours = Colours
design-buttons = Buttons
design-primary = Main action
design-secondary = Secondary action
design-quiet = Quiet action
design-danger = Risky action
design-icon-button = More actions
design-badges = Badges and figures
design-info = Information
design-avatars = Avatars
design-dates = Dates and numbers
design-states = Visit states
design-feedback = Messages, loading, empty state
design-notice = Done.
design-info-text = Useful information.
design-warning = Careful: to check.
design-empty = Nothing here yet.
design-form = Form with an error
design-field = Team name
design-check = Tell me by e-mail
design-table = Table
design-icons = Icons
close = Close
today-protocols-to-read = { $count ->
    [one] { $count } page to read
   *[other] { $count } pages to read
}
today-protocols-up-to-date = You are up to date with the team's protocols.
