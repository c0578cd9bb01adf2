"""Reads shared by the web pages, the API and exports, one module per concern."""
