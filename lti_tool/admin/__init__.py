"""Tool administration pages (outbox status, retries)."""
