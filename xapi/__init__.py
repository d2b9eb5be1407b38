"""xAPI: the statement vocabulary and builders, the LRS client, the outbox sender, and (later)
the derivation of certification status from statements. No Flask here."""
