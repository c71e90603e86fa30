"""The user's recent import jobs on /nhap-xuat/."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.tables import ListTable


class ImportJobTable(ListTable):
    file_name = tables.Column(verbose_name=_("File"))
    kind = tables.Column(verbose_name=_("Kind"), accessor="kind_label")
    status = tables.Column(verbose_name=_("Status"), accessor="get_status_display")
    created_at = tables.DateTimeColumn(verbose_name=_("Uploaded"), format="d/m/Y H:i")

    class Meta(ListTable.Meta):
        pass

    def render_file_name(self, record):
        return format_html('<a href="{}">{}</a>', reverse("imports:job", args=[record.pk]), record.file_name)
