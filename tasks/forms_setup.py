"""Forms of the office's set-up pages (责任分工, agencies, reporting periods); Chinese messages."""

from __future__ import annotations

from django import forms

from agencies.models import Agency, Membership

from .models import Assignment, Measure, Plan, ReportingPeriod, Section
from .selectors.responsibilities import MeasureFilter


def _agencies():
    return Agency.objects.filter(is_active=True).order_by("level", "name")


class MeasureFilterForm(forms.Form):
    section = forms.ModelChoiceField(label="章节", queryset=Section.objects.none(), required=False)
    q = forms.CharField(label="关键词", max_length=100, required=False)
    without_lead = forms.BooleanField(label="只看无牵头单位", required=False)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = plan.sections.filter(parent__isnull=True).order_by(
            "order"
        )

    def measure_filter(self) -> MeasureFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return MeasureFilter(
            section=data.get("section"),
            q=(data.get("q") or "").strip(),
            without_lead=bool(data.get("without_lead")),
        )


class BulkAssignForm(MeasureFilterForm):
    """The measures ticked, or (``scope=filtered``) every measure the filter shows."""

    SCOPES = [("selected", "勾选的措施"), ("filtered", "筛选出的全部措施")]
    scope = forms.ChoiceField(label="范围", choices=SCOPES, initial="selected")
    measures = forms.ModelMultipleChoiceField(
        label="措施", queryset=Measure.objects.none(), required=False
    )
    lead = forms.ModelChoiceField(label="牵头单位", queryset=_agencies(), required=False)
    co = forms.ModelMultipleChoiceField(label="配合单位", queryset=_agencies(), required=False)
    replace_lead = forms.BooleanField(label="替换已有牵头单位（原牵头改为配合）", required=False)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.plan = plan
        self.fields["measures"].queryset = Measure.objects.filter(plan=plan)

    def chosen_measures(self) -> list[Measure]:
        if self.cleaned_data["scope"] == "filtered":
            return list(self.measure_filter().apply(self.plan))
        return list(self.cleaned_data["measures"])


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="角色", choices=Assignment.Role.choices)


class AgencyForm(forms.ModelForm):
    """An agency, and optionally its first person (an invitation with a set-password link)."""

    invite_username = forms.CharField(label="填报人登录名", max_length=150, required=False)
    invite_full_name = forms.CharField(label="填报人姓名", max_length=60, required=False)
    invite_email = forms.EmailField(label="填报人邮箱", required=False)

    class Meta:
        model = Agency
        fields = ["name", "short_name", "level", "kind", "parent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Agency.objects.filter(
            kind=Agency.Kind.GOVERNMENT
        ).order_by("level", "name")

    def agency_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def validate_unique(self):
        # The service runs full_clean (it reports a duplicate name in Chinese itself).
        pass


class MembersForm(forms.Form):
    members = forms.ModelMultipleChoiceField(label="成员单位", queryset=_agencies(), required=False)


class InviteForm(forms.Form):
    username = forms.CharField(label="登录名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=60, required=False)
    email = forms.EmailField(label="邮箱", required=False)
    role = forms.ChoiceField(
        label="角色",
        choices=[
            (Membership.Role.REPORTER, "填报人"),
            (Membership.Role.APPROVER, "审核人"),
            (Membership.Role.VIEWER, "查看者"),
        ],
    )


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=ReportingPeriod.Kind.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    number = forms.IntegerField(label="期次", min_value=1, max_value=4, initial=1)
    due_on = forms.DateField(
        label="截止日期",
        required=False,
        help_text="留空则按计划规则（期末后第 N 天，遇节假日顺延）。",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        data = super().clean()
        kind, number = data.get("kind"), data.get("number")
        limits = {"quarter": 4, "half": 2, "year": 1}
        if kind and number and number > limits[kind]:
            label = dict(ReportingPeriod.Kind.choices)[kind]
            raise forms.ValidationError(f"{label}的期次最多为 {limits[kind]}。")
        return data


class PlanYearsForm(forms.Form):
    """The plan's 实施期; the range rules live in ``periods.plan_years_set``."""

    start_year = forms.IntegerField(label="起始年度")
    end_year = forms.IntegerField(label="截止年度")


class AutoOpenForm(forms.Form):
    auto_open = forms.BooleanField(label="每季度到开放日期时自动开启", required=False)
