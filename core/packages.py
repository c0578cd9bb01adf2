"""Checking an uploaded zip package (.docx, .xlsx) before anything parses it.

A small package can inflate to a great deal (a "zip bomb"). The sizes in the package's
directory bound what reading it can yield — reading a member never yields more than its
declared size — so checking them before parsing bounds the parse's memory. The importer
(Word and Excel documents) and the Excel upload (filled templates) both ask here, each with
its own limits, and each says the refusal in its own Chinese words.
"""

from __future__ import annotations

import io
import zipfile


class PackageRefused(Exception):
    """Why a package is refused: ``reason`` is ``corrupt``, ``members`` or ``inflated``; the
    counts say how far it went."""

    CORRUPT = "corrupt"
    TOO_MANY_MEMBERS = "members"
    INFLATED = "inflated"

    def __init__(self, reason: str, *, members: int = 0, inflated: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.members = members
        self.inflated = inflated


# What a corrupt or hostile package raises from zipfile, whatever the damage.
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError)


def zip_members(
    data: bytes, *, max_members: int, max_inflated: int, max_ratio: int | None = None
) -> list[zipfile.ZipInfo]:
    """The package's members, once their number and their declared inflated size are within
    the limits (``max_ratio``: at most that many times the package's own size)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
    except ZIP_ERRORS as error:
        raise PackageRefused(PackageRefused.CORRUPT) from error
    inflated = sum(member.file_size for member in members)
    if len(members) > max_members:
        raise PackageRefused(
            PackageRefused.TOO_MANY_MEMBERS, members=len(members), inflated=inflated
        )
    if inflated > max_inflated or (max_ratio is not None and inflated > max_ratio * len(data)):
        raise PackageRefused(PackageRefused.INFLATED, members=len(members), inflated=inflated)
    return members
