"""Reads behind the office's dashboards and exports, one module per page: every aggregate is
computed in SQL.

Each function issues a fixed number of queries whatever the size of the plan; Python only
arranges rows that the database has already grouped (one per measure, agency or period).
The grade's policy lives in tasks/grading.py; the counts in tasks/selectors/counts.py.
"""

from ..counts import BUCKET_LABELS
from .evaluation import EvaluationRow, evaluation_rows
from .filters import (
    RAG_LABELS,
    DashboardFilters,
    bucket_url,
    current_period,
    filter_choices,
    periods_latest_first,
    plan_periods,
    plans_with_periods,
    reports_in_bucket,
    shorten,
)
from .matrix import MATRIX_SORTS, agency_period_matrix, matrix_periods
from .measure import indicator_chart, measure_detail
from .overview import RatedIndicator, measures_rag, plan_overview, rated_indicators
from .report import supervision_report
from .timeline import schedule_timeline

__all__ = [
    "BUCKET_LABELS",
    "MATRIX_SORTS",
    "RAG_LABELS",
    "DashboardFilters",
    "EvaluationRow",
    "RatedIndicator",
    "agency_period_matrix",
    "bucket_url",
    "current_period",
    "evaluation_rows",
    "filter_choices",
    "indicator_chart",
    "matrix_periods",
    "measure_detail",
    "measures_rag",
    "periods_latest_first",
    "plan_overview",
    "plan_periods",
    "plans_with_periods",
    "rated_indicators",
    "reports_in_bucket",
    "schedule_timeline",
    "shorten",
    "supervision_report",
]
