"""The Excel round trip of quarterly reporting: download a pre-filled template, fill it
offline, upload it, preview every change, apply on confirmation through the services.

``template`` builds the workbook, ``upload`` reads and checks a filled one into a preview,
``apply`` writes a confirmed preview with ``report_save`` / ``report_submit``.
"""
