"""Forms of the import pages: the upload, the column mapping and the manual link."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aglomera.core.dates import validate_years
from aglomera.core.money import Currency
from aglomera.core.once import OnceForm
from aglomera.core.widgets import DateInput
from aglomera.intentions.models import ProjectIntention
from aglomera.monitoring.importing.layouts import CUSTOM_REQUIRED, FIELDS
from aglomera.monitoring.models import SourceLayout

ENCODING_CHOICES = [
    ("", _("as the layout expects (UTF-8; cp1250 for Polish lists)")),
    ("utf-8-sig", "UTF-8"),
    ("cp1250", "Windows-1250 (cp1250)"),
    ("iso-8859-2", "ISO-8859-2"),
]
ACCEPTED_FILES = ",".join(
    (
        ".xlsx",
        ".xls",
        ".ods",
        ".csv",
        ".txt",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-excel",
        "application/vnd.oasis.opendocument.spreadsheet",
        "text/csv",
    )
)
DELIMITER_CHOICES = [
    ("", _("detect")),
    (";", _("semicolon ;")),
    (",", _("comma ,")),
    ("\t", _("tab")),
]


class UploadForm(OnceForm):
    """The upload with its one-time token: the same upload sent twice queues one job."""

    file = forms.FileField(
        label=_("List of operations"),
        help_text=_("XLSX, XLS, ODS or CSV, as the managing authority sent it."),
        # A hint for the browser's file picker; the server decides by the file's content.
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
    )
    layout = forms.ChoiceField(label=_("Layout"), choices=SourceLayout.choices)
    source_name = forms.CharField(
        label=_("Source"),
        max_length=200,
        help_text=_(
            "A name for where the list comes from, e.g. “ŘO IROP”; a custom layout keeps its "
            "column mapping under this name."
        ),
    )
    as_of = forms.DateField(
        label=_("Data as of"),
        widget=DateInput,
        validators=[validate_years],
        help_text=_("The date the managing authority's data refer to; changes are dated by it."),
    )
    currency = forms.ChoiceField(
        label=_("Currency of the list"),
        choices=[("", _("the agglomeration's currency")), *Currency.choices],
        required=False,
        help_text=_(
            "The currency the list's amounts are in, kept for this source (e.g. EUR for an "
            "Interreg or Austrian list). Empty keeps the source's currency or, for a new "
            "source, the agglomeration's."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check the file and report, write nothing"), required=False
    )
    encoding = forms.ChoiceField(
        label=_("Encoding (custom layout)"), choices=ENCODING_CHOICES, required=False
    )
    delimiter = forms.ChoiceField(
        label=_("CSV delimiter (custom layout)"), choices=DELIMITER_CHOICES, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["as_of"].initial = timezone.localdate()
        self.fields["source_name"].widget.attrs["list"] = "import-sources"


class MappingForm(forms.Form):
    """One select per field of an operation, offering the file's headers."""

    def __init__(
        self, headers: list[str], initial_mapping: dict[str, str], data: Any = None
    ) -> None:
        super().__init__(data, initial=initial_mapping)
        choices = [("", _("— not in the file —")), *((h, h) for h in headers)]
        for name, spec in FIELDS.items():
            self.fields[name] = forms.ChoiceField(
                label=spec.label, choices=choices, required=name in CUSTOM_REQUIRED
            )


class LinkForm(forms.Form):
    """Validates the manual link; the page renders its select from the result's intentions."""

    intention = forms.ModelChoiceField(
        label=_("Intention"), queryset=ProjectIntention.objects.none(), empty_label=_("— choose —")
    )

    def __init__(self, intentions: list[ProjectIntention], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["intention"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows for mypy
        field.queryset = ProjectIntention.objects.filter(pk__in=[i.pk for i in intentions])
