"""Indicators, their targets and observed values; reading targets from text."""
