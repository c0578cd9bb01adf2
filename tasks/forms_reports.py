"""Forms of the reporting pages: parse what people type; the services judge it.

Numbers are read with ``parse_quantity`` so ``３万``, ``2.2万`` and full-width digits work;
every message names the field it is about, in Chinese.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet

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
ALL_STATES = "all"
ALL_PERIODS = "all"


class ReviewFilterForm(forms.Form):
    """The review queue's filters; they live in the URL so a filtered view can be shared."""

    plan = forms.ModelChoiceField(label="计划", queryset=Plan.objects.none(), required=False)
    section = forms.ModelChoiceField(
        label="章节", queryset=Section.objects.none(), required=False, empty_label="全部章节"
    )
    agency = forms.ModelChoiceField(label="单位", queryset=Agency.objects.none(), required=False)
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
        # EXISTS, not a DISTINCT over the join: that compared every column of each plan,
        # its whole source document included, once per period (26 ms at 3,600 periods).
        self.fields["plan"].queryset = Plan.objects.filter(
            Exists(ReportingPeriod.objects.filter(plan_id=OuterRef("pk")))
        ).defer("source_text")
        self.fields["plan"].empty_label = "全部计划"
        plan_id = self._selected("plan")
        self.fields["section"].queryset = self._chapters(plan_id)
        self.fields["agency"].queryset = Agency.objects.filter(
            Exists(ProgressReport.objects.filter(agency_id=OuterRef("pk")))
        )
        self.fields["agency"].empty_label = "全部单位"
        period_id = self._selected("period")
        if period_id and not plan_id:  # a shared link naming a period names its plan too
            plan_id = (
                ReportingPeriod.objects.filter(pk=period_id).values_list("plan_id", flat=True)
            ).first()
        self.fields["period"].choices = self._periods(plan_id)

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
