"""Thin web views of the tasks app."""
