"""What reading a responsibility phrase gives: bodies with roles, plain dataclasses, no database."""

from __future__ import annotations

from dataclasses import dataclass

# Roles a body can hold for a measure or schedule row (Assignment.Role values).
LEAD = "lead"  # 牵头 / 组织实施 / first listed
CO = "co"  # 会同 / 按职责分工负责 / further listed bodies
PARTICIPANT = "participant"  # 参与 / 共同参与
DATA_SUPPLIER = "data"  # 提供…数据 / 提供…名录
FUNDER = "funder"  # 给予…经费支持
ROLES = (LEAD, CO, PARTICIPANT, DATA_SUPPLIER, FUNDER)


@dataclass
class ParsedResponsibility:
    """One body named in a responsibility phrase, with its role."""

    name: str  # normalised full short form, prefix distributed: "省科技厅"
    role: str  # one of ROLES
    written: str = ""  # the fragment exactly as printed: "科技厅"
    is_group: bool = False  # 各省辖市, 各镇（街道）, 区…领导小组成员单位
    needs_resolution: bool = False  # 相关省辖市: the office must pick the members
    note: str = ""  # what the body does when the text says so: "提供相关数据"
