"""Writes that carry business rules, one module per concern."""
