"""Exports the office hands upward: Excel tables, the printable report, the circulation notice.

Every workbook is written in openpyxl's write-only mode, streaming rows from the database,
so a large period costs little memory; text that users typed is always written as text.
"""
