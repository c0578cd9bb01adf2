"""Forms of the tasks app; validation messages in Chinese."""

from django import forms
from django.forms import inlineformset_factory

from agencies.models import Agency
from core.models import Level
from indicators.models import Indicator

from .models import Assignment, Measure


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="公文文件", help_text="txt（UTF-8 / GBK）、docx 或 xlsx 任务分解表"
    )
    level = forms.ChoiceField(
        label="计划层级", choices=[("", "自动识别"), *Level.choices], required=False
    )


class ImportLevelForm(forms.Form):
    """Asked when the document does not say which government level issued it."""

    level = forms.ChoiceField(label="计划层级", choices=Level.choices)


class NameResolveForm(forms.Form):
    name_as_written = forms.CharField(widget=forms.HiddenInput)
    agencies = forms.ModelMultipleChoiceField(
        label="对应单位", queryset=Agency.objects.filter(is_active=True).order_by("level", "name")
    )
    remember = forms.BooleanField(label="记为别名，下次自动识别", required=False, initial=True)


class AgencyFromNameForm(forms.Form):
    name_as_written = forms.CharField(widget=forms.HiddenInput)
    full_name = forms.CharField(label="新单位全称", max_length=120)
    kind = forms.ChoiceField(label="类别", choices=Agency.Kind.choices)


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["title", "text", "status"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only applying a revision retires a measure (tasks.services.revisions).
        self.fields["status"].choices = [
            choice for choice in Measure.Status.choices if choice[0] != Measure.Status.RETIRED
        ]


class AssignmentForm(forms.ModelForm):
    """A body added during review needs no 原文名称: it defaults to the body's short name."""

    class Meta:
        model = Assignment
        fields = ["agency", "role", "name_as_written", "note", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_as_written"].required = False

    def clean(self):
        data = super().clean()
        agency = data.get("agency")
        if not data.get("name_as_written") and agency is not None:
            data["name_as_written"] = agency.short_name or agency.name
        return data


AssignmentFormSet = inlineformset_factory(
    Measure,
    Assignment,
    form=AssignmentForm,
    fk_name="measure",
    fields=["agency", "role", "name_as_written", "note", "order"],
    extra=1,
    can_delete=True,
)

IndicatorFormSet = inlineformset_factory(
    Measure,
    Indicator,
    fk_name="measure",
    fields=[
        "name",
        "kind",
        "comparison",
        "base_year",
        "base_value",
        "target_value",
        "target_max",
        "unit",
        "target_year",
        "phrase",
    ],
    extra=0,
    can_delete=True,
)
