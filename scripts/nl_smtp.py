"""Dutch for the reminder mails (issue 15, item 3): apply with ``python scripts/translate.py scripts/nl_smtp.py``."""

NL = {
    "mail the reminders to managers": "de herinneringen naar managers mailen",
    'Your team is in the rollout phase "%(phase)s" of the AI diploma, which runs until %(end)s. These people in '
    "your team need to act on their AI diploma:":
        "Je team zit in de uitrolfase ‘%(phase)s’ van het AI-diploma, die loopt tot %(end)s. Deze mensen in je "
        "team moeten iets doen voor hun AI-diploma:",
    "Dear %(name)s,": "Beste %(name)s,",
    "Please remind them to take the exam in time.": "Wil je hen eraan herinneren de toets op tijd te maken?",
    "This message was sent by the AI diploma tool of %(organisation)s.":
        "Dit bericht is verstuurd door de AI-diplomatool van %(organisation)s.",
    "Sending is off: no mail server is configured (AIDIP_SMTP_HOST, AIDIP_SMTP_FROM). Download the CSV for a mail "
    "merge instead.":
        "Versturen staat uit: er is geen mailserver ingesteld (AIDIP_SMTP_HOST, AIDIP_SMTP_FROM). Download in "
        "plaats daarvan de CSV voor een mailmerge.",
    "Choose the language of the reminder mails.": "Kies de taal van de herinneringsmails.",
    "%(queued)d reminder mails queued; the worker sends them. %(already)d were already queued today.":
        "%(queued)d herinneringsmails in de wachtrij gezet; de worker verstuurt ze. %(already)d stonden vandaag al "
        "in de wachtrij.",
    "Send the reminders by e-mail": "De herinneringen per e-mail versturen",
    "Preview for": "Voorbeeld voor",
    "Show preview": "Voorbeeld tonen",
    ("Send the reminders to %(num)d manager?", "Send the reminders to %(num)d managers?"):
        ("De herinneringen naar %(num)d manager versturen?", "De herinneringen naar %(num)d managers versturen?"),
    "Each manager with an e-mail address gets one message listing their team members; the worker sends them. "
    "Pressing again today with the same reminders sends nothing twice.":
        "Elke manager met een e-mailadres krijgt één bericht met de namen uit zijn of haar team; de worker "
        "verstuurt ze. Vandaag nogmaals drukken met dezelfde herinneringen verstuurt niets dubbel.",
    "reminder mails queued": "herinneringsmails in de wachtrij gezet",
    "Send the reminders": "Herinneringen versturen",
    "No manager with an e-mail address has reminders.": "Geen manager met een e-mailadres heeft herinneringen.",
    "Reminder mails": "Herinneringsmails",
    "Queued": "In de wachtrij gezet",
    "Sent": "Verstuurd",
    ("%(num)d try", "%(num)d tries"): ("%(num)d poging", "%(num)d pogingen"),
    ("%(num)d manager has no e-mail address and gets no mail.",
     "%(num)d managers have no e-mail address and get no mail."):
        ("%(num)d manager heeft geen e-mailadres en krijgt geen mail.",
         "%(num)d managers hebben geen e-mailadres en krijgen geen mail."),
}
