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
