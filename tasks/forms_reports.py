"""Forms of the reporting pages: parse what people type; the services judge it.

Numbers are read with ``parse_quantity`` so ``３万``, ``2.2万`` and full-width digits work;
every message names the field it is about, in Chinese.
"""

from __future__ import annotations

import html
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.safestring import SafeString, mark_safe

from agencies.models import Agency
from indicators.models import Indicator
from indicators.numbers import QuantityError, number_text, parse_quantity

from .models import Assignment, Plan, ProgressReport, ReportingPeriod, Section
from .selectors.reporting import ReviewFilters
from .services.reporting import ReportInput

Progress = ProgressReport.Progress


def _quantity(text: str, label: str) -> Decimal | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return parse_quantity(text)
    except QuantityError as error:
        raise ValidationError(f"{label}：{error}", code="invalid") from error


def _text_area(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ReportForm(forms.Form):
    """A progress report as its agency fills it in; everything optional while drafting."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    progress_status = forms.ChoiceField(
        label="进展状态",
        choices=[("", "请选择"), *Progress.choices],
        required=False,
        error_messages={"invalid_choice": "进展状态“%(value)s”无效，请从列表中选择。"},
    )
    adjusted_reason = forms.CharField(
        label="调整原因",
        required=False,
        widget=_text_area(2),
        help_text="进展状态为“已调整”时必填：说明调整了什么、经谁同意。",
    )
    completion_percent = forms.CharField(
        label="完成比例（%）",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "0–100"}),
    )
    progress_text = forms.CharField(label="进展情况", required=False, widget=_text_area(6))
    problems = forms.CharField(label="存在问题", required=False, widget=_text_area(3))
    next_steps = forms.CharField(label="下步打算", required=False, widget=_text_area(3))
    contribution = forms.CharField(
        label="配合工作",
        required=False,
        widget=_text_area(4),
        help_text="本单位作为配合单位承担的工作，牵头单位据此汇总。",
    )
    attachment = forms.FileField(
        label="上传附件",
        required=False,
        help_text="PDF、Word、Excel、WPS 或图片（jpg、png）；保存草稿时一并上传。",
    )

    def __init__(
        self,
        *args,
        report: ProgressReport,
        indicators: list[Indicator],
        **kwargs,
    ):
        self.report = report
        self.indicators = indicators
        kwargs.setdefault("initial", self._initial(report, indicators))
        super().__init__(*args, **kwargs)
        if report.role == Assignment.Role.LEAD:
            # The lead composes the consolidated report; 配合工作 is for the others.
            del self.fields["contribution"]
        for indicator in indicators:
            unit = f"（{indicator.unit}）" if indicator.unit else ""
            self.fields[self.value_field(indicator)] = forms.CharField(
                label=f"{indicator.name}{unit}",
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )

    @staticmethod
    def value_field(indicator: Indicator) -> str:
        return f"value_{indicator.pk}"

    @classmethod
    def _initial(cls, report: ProgressReport, indicators: list[Indicator]) -> dict:
        initial = {
            "expected_version": report.version,
            "progress_status": report.progress_status,
            "adjusted_reason": report.adjusted_reason,
            "completion_percent": ""
            if report.completion_percent is None
            else str(report.completion_percent),
            "progress_text": report.progress_text,
            "problems": report.problems,
            "next_steps": report.next_steps,
            "contribution": report.contribution,
        }
        for indicator in indicators:
            initial[cls.value_field(indicator)] = number_text(getattr(indicator, "reported", None))
        return initial

    @property
    def value_fields(self) -> list[forms.BoundField]:
        return [self[self.value_field(indicator)] for indicator in self.indicators]

    def clean_completion_percent(self) -> int | None:
        value = _quantity(self.cleaned_data["completion_percent"], "完成比例")
        if value is None:
            return None
        if value != value.to_integral_value():
            raise ValidationError("完成比例：请填写整数，如 60。", code="invalid")
        return int(value)

    def clean(self) -> dict:
        cleaned = super().clean()
        values = {}
        for indicator in self.indicators:
            name = self.value_field(indicator)
            try:
                value = _quantity(cleaned.get(name, ""), f"“{self[name].label}”实际值")
            except ValidationError as error:
                self.add_error(name, error)
                continue
            if value is not None:
                values[indicator.pk] = value
        cleaned["values"] = values
        return cleaned

    def to_input(self) -> ReportInput:
        data = self.cleaned_data
        return ReportInput(
            progress_status=data["progress_status"],
            adjusted_reason=data["adjusted_reason"],
            completion_percent=data["completion_percent"],
            progress_text=data["progress_text"],
            problems=data["problems"],
            next_steps=data["next_steps"],
            contribution=data.get("contribution", self.report.contribution),
            values=data["values"],
        )

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's field errors beside the fields they name; the rest on top."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)


_LATE_CHOICES = [("", "全部"), ("yes", "逾期报送"), ("no", "按时报送")]


def _plans_with_periods() -> QuerySet[Plan]:
    # EXISTS, not a DISTINCT over the join: that compared every column of each plan, its
    # whole source document included, once per period (26 ms at 3,600 periods).
    return Plan.objects.filter(Exists(ReportingPeriod.objects.filter(plan_id=OuterRef("pk"))))


def _agencies_with_reports() -> QuerySet[Agency]:
    return Agency.objects.filter(Exists(ProgressReport.objects.filter(agency_id=OuterRef("pk"))))


def _options(choices) -> str:
    return "".join(
        f'<option value="{html.escape(str(value))}">{html.escape(str(text))}</option>'
        for value, text in choices
    )


# The review queue's two lists that grow with the directory: the rows each offers, and what
# each option reads (Plan.__str__, Agency.__str__, in the models' own order).
_DIRECTORY_LISTS = {
    "plan": (_plans_with_periods, ("id", "title"), lambda pk, title: (pk, title)),
    "agency": (
        _agencies_with_reports,
        ("id", "name", "short_name"),
        lambda pk, name, short_name: (pk, short_name or name),
    ),
}
_written: dict[str, tuple[tuple, str]] = {}  # list name → (fingerprint, its <option>s)


def _fingerprints() -> dict[str, tuple]:
    """Per list, what changes whenever one of its rows is added, removed or saved: how many,
    the sum of their ids, their latest save (every ``save()`` — a rename in the admin or on
    the agency page — stamps ``updated_at``; neither model is written with
    ``QuerySet.update()``). One query for both lists, the same work whatever the size of
    the directory."""
    parts, params = [], []
    for name, (rows, _columns, _option) in _DIRECTORY_LISTS.items():
        sql, list_params = rows().order_by().values("id", "updated_at").query.sql_with_params()
        parts.append(
            f"(SELECT COUNT(*) AS n, SUM(id) AS ids, MAX(updated_at) AS saved FROM ({sql}) "
            f"AS listed) AS {name}"
        )
        params.extend(list_params)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {', '.join(parts)}", params)
        row = cursor.fetchone()
    return {name: row[3 * i : 3 * i + 3] for i, name in enumerate(_DIRECTORY_LISTS)}


def _directory_options() -> dict[str, str]:
    """The ``<option>``s of the plan and agency filters, written once per state of the rows
    they list (``_fingerprints``) and kept per process: the fingerprint is read from the
    database on every request, so each process sees a change on its next request."""
    written = {}
    for name, fingerprint in _fingerprints().items():
        cached = _written.get(name)
        if cached is None or cached[0] != fingerprint:
            rows, columns, option = _DIRECTORY_LISTS[name]
            options = _options(option(*row) for row in rows().values_list(*columns))
            cached = _written[name] = (fingerprint, options)
        written[name] = cached[1]
    return written


ALL_STATES = "all"
ALL_PERIODS = "all"


class ReviewFilterForm(forms.Form):
    """The review queue's filters; they live in the URL so a filtered view can be shared."""

    plan = forms.ModelChoiceField(
        label="计划", queryset=Plan.objects.none(), required=False, empty_label="全部计划"
    )
    section = forms.ModelChoiceField(
        label="章节", queryset=Section.objects.none(), required=False, empty_label="全部章节"
    )
    agency = forms.ModelChoiceField(
        label="单位", queryset=Agency.objects.none(), required=False, empty_label="全部单位"
    )
    period = forms.ChoiceField(label="填报周期", required=False)
    state = forms.ChoiceField(
        label="状态",
        choices=[(ALL_STATES, "全部状态"), *ProgressReport.State.choices],
        required=False,
    )
    late = forms.ChoiceField(label="是否逾期", choices=_LATE_CHOICES, required=False)

    def __init__(self, data=None):
        data = data.copy() if data is not None else {}
        if not data.get("state"):
            data["state"] = ProgressReport.State.SUBMITTED
        super().__init__(data)
        self.fields["plan"].queryset = _plans_with_periods().defer("source_text")
        plan_id = self._selected("plan")
        self.fields["section"].queryset = self._chapters(plan_id)
        self.fields["agency"].queryset = _agencies_with_reports()
        period_id = self._selected("period")
        if period_id and not plan_id:  # a shared link naming a period names its plan too
            plan_id = (
                ReportingPeriod.objects.filter(pk=period_id).values_list("plan_id", flat=True)
            ).first()
        self.fields["period"].choices = self._periods(plan_id)

    def controls(self) -> list[tuple[str, SafeString]]:
        """(label, ``<select>``) per filter, the chosen option marked. Written here rather
        than by Django's widget templates (a template per option): the plan and agency lists
        grow with the directory (90 plans and 240 agencies at three times province scale),
        so they come written once per state of the directory (``_directory_options``)."""
        controls, directory = [], _directory_options()
        for name, field in self.fields.items():
            chosen = str(self.data.get(name) or "")
            if name in directory:
                options = directory[name]
            elif name == "section":
                options = _options([(s.pk, s) for s in field.queryset])
            else:
                options = _options(field.choices)
            empty = getattr(field, "empty_label", None)
            if empty is not None:
                options = _options([("", empty)]) + options
            marker = f'<option value="{html.escape(chosen)}">'
            options = options.replace(marker, f"{marker[:-1]} selected>", 1)
            invalid = (
                f' aria-invalid="true" aria-describedby="id_{name}_error"'
                if name in self.errors
                else ""
            )
            select = f'<select name="{name}"{invalid} id="id_{name}">{options}</select>'
            controls.append((field.label, mark_safe(select)))
        return controls

    def _selected(self, name: str) -> int | None:
        value = str(self.data.get(name) or "")
        return int(value) if value.isdigit() else None

    @staticmethod
    def _periods(plan_id: int | None) -> list[tuple[str, str]]:
        # A province runs dozens of plans with forty quarters each: a plan's own periods are
        # offered once the plan is chosen.
        choices = [("", "开放中的周期"), (ALL_PERIODS, "全部周期")]
        if plan_id:
            periods = ReportingPeriod.objects.filter(plan_id=plan_id).order_by("-starts_on")
            choices += [(str(p.pk), p.label) for p in periods]
        return choices

    @staticmethod
    def _chapters(plan_id: int | None) -> QuerySet[Section]:
        # Chapters only mean something within one plan: offered once a plan is chosen.
        if not plan_id:
            return Section.objects.none()
        return Section.objects.filter(plan_id=plan_id, parent__isnull=True).order_by("order")

    def to_filters(self) -> ReviewFilters:
        if not self.is_valid():
            return ReviewFilters()
        data = self.cleaned_data
        state = data["state"]
        return ReviewFilters(
            plan=data["plan"].pk if data["plan"] else None,
            section=data["section"].pk if data["section"] else None,
            agency=data["agency"].pk if data["agency"] else None,
            period=int(data["period"]) if data["period"].isdigit() else None,
            open_periods_only=data["period"] != ALL_PERIODS,
            state=None if state == ALL_STATES else state,
            late={"yes": True, "no": False}.get(data["late"]),
        )
