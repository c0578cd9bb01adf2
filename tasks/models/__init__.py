"""Plans and their structure, and the reporting calendar."""

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

__all__ = [
    "AnnualEvaluation",
    "Assignment",
    "ExportJob",
    "Grade",
    "ImportJob",
    "Measure",
    "PeriodEvent",
    "Plan",
    "ProgressReport",
    "ReportAttachment",
    "ReportEvent",
    "ReportValue",
    "ReportVersion",
    "ReportingPeriod",
    "ScheduleEntry",
    "Section",
]
