"""{% reports_todo %}: the officer's periodic reports to act on (the home page)."""

from django import template

from reports.todo import todo

register = template.Library()


@register.inclusion_tag("reports/_todo.html", takes_context=True)
def reports_todo(context):
    return {"rows": todo(context["request"].user)}
