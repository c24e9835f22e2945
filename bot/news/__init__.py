"""Sequel reports and automatic news: the ledger, subscriptions, the delivery outbox and its worker."""
