"""Agencies, the people in them and their roles; reading who is responsible from text."""
