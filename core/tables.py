"""The list pages' tables: django-tables2 tables, sorted by `?sort=` and paginated by the table.

Every list page (the registry, the survey sessions) renders its rows through one
`django_tables2.Table` and the one template `templates/includes/table.html`: the headers
are the columns' Vietnamese names, a sortable header is a link that sorts by it, every value
is escaped (cells are built with `format_html`, never `mark_safe`), and on a small screen each
cell is labelled with its column (`data-label`). A table may give its rows an id (`row_attrs`)."""

from django.core.paginator import InvalidPage
from django.http import Http404
from django_tables2 import SingleTableMixin, Table

NUMBER = {"th": {"class": "num"}, "td": {"class": "num"}}


class ListTable(Table):
    class Meta:
        template_name = "includes/table.html"
        attrs = {"class": "list"}
        orderable = False  # a column is sortable when it says so (and how, in Vietnamese order)
        default = ""


class TableListMixin(SingleTableMixin):
    """For a ListView whose `get_queryset` returns the filtered rows: the table sorts them
    (`?sort=`) and shows one page (`?page=`, `paginate_by` rows; a page that does not exist is
    a 404, as in Django's ListView). `page_obj` and `paginator` stay in the context for the
    count and the page links; the page's records are the ListView's `context_object_name`."""

    paginate_by = 25

    def get_table(self, **kwargs):
        table = self.get_table_class()(self.get_table_data(), request=self.request, **kwargs)
        table.order_by = self.request.GET.getlist("sort")
        page = self.request.GET.get("page") or 1
        try:
            table.paginate(per_page=self.paginate_by, page=page)
        except InvalidPage:
            if page != "last":
                raise Http404 from None
            table.paginate(per_page=self.paginate_by, page=table.paginator.num_pages)
        return table

    def get_paginate_by(self, queryset):
        return None  # the table paginates, not the ListView

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        table = context["table"]
        records = [row.record for row in table.page.object_list]
        context.update(page_obj=table.page, paginator=table.paginator, is_paginated=table.page.has_other_pages())
        context[self.get_context_object_name(self.object_list)] = records
        context["object_list"] = records
        return context
