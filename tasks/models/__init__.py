"""Plans and their structure, and the reporting calendar."""

from .conversation import CommentAttachment, ReportComment
from .evaluation import AnnualEvaluation, Grade
from .exports import ExportJob
from .imports import ImportJob
from .plans import Assignment, Measure, Plan, ScheduleEntry, Section
from .reporting import (
    PeriodEvent,
    ProgressReport,
    ReportAttachment,
    ReportEvent,
    ReportingPeriod,
    ReportValue,
    ReportVersion,
)
from .revisions import PlanRevision

__all__ = [
    "AnnualEvaluation",
    "Assignment",
    "CommentAttachment",
    "ExportJob",
    "Grade",
    "ImportJob",
    "Measure",
    "PeriodEvent",
    "Plan",
    "PlanRevision",
    "ProgressReport",
    "ReportAttachment",
    "ReportComment",
    "ReportEvent",
    "ReportValue",
    "ReportVersion",
    "ReportingPeriod",
    "ScheduleEntry",
    "Section",
]
