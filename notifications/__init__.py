"""Reminders, urging (催办) and escalation (督办); the in-app inbox and delivery channels."""
