"""Dutch for the messages of the certificate documents (PDF, Open Badge, verification page): applied to the
catalogue with ``python scripts/translate.py scripts/nl_certs.py``."""

NL = {
    "AI diploma %(level)s": "AI-diploma %(level)s",
    "Revoked on %(date)s: this certificate is not valid.": "Ingetrokken op %(date)s: dit certificaat is niet geldig.",
    "Reason: %(reason)s": "Reden: %(reason)s",
    "Expired on %(date)s: this certificate is no longer valid.":
        "Verlopen op %(date)s: dit certificaat is niet meer geldig.",
    "Ended on %(date)s: recertification was required by then.":
        "Beëindigd op %(date)s: vóór die datum was hercertificering vereist.",
    "Recertification required: valid until %(date)s instead of %(until)s.":
        "Hercertificering vereist: geldig tot en met %(date)s in plaats van tot en met %(until)s.",
    "Why: %(reason)s": "Waarom: %(reason)s",
    "expiring soon: renew it in time": "verloopt binnenkort: vernieuw het op tijd",
    "Valid until %(date)s.": "Geldig tot en met %(date)s.",
    "recertification required": "hercertificering vereist",
    "expired: not recertified in time": "verlopen: niet op tijd gehercertificeerd",
    "Logo of the issuer": "Logo van de uitgever",
    "Issued by": "Uitgegeven door",
    "Revoked on": "Ingetrokken op",
    "Ended on": "Beëindigd op",
}
