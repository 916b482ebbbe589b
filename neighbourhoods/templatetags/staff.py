"""`{% staff_mark person neighbourhood %}`: "Staff" next to the name of a
moderator or coordinator of the neighbourhood, wherever they write, so that
a look-alike name cannot pass for the centre's team. One query per
neighbourhood and page, whatever the number of names."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from neighbourhoods import selectors

register = template.Library()


def _staff(context, neighbourhood_id) -> frozenset[int]:
    holder = context.get("request") or context.render_context
    cache = getattr(holder, "_staff_ids", None)
    if cache is None:
        cache = {}
        holder._staff_ids = cache
    if neighbourhood_id not in cache:
        cache[neighbourhood_id] = selectors.staff_ids(neighbourhood_id=neighbourhood_id)
    return cache[neighbourhood_id]


@register.simple_tag(takes_context=True)
def staff_mark(context, person, neighbourhood) -> str:
    person_id = getattr(person, "pk", person)
    neighbourhood_id = getattr(neighbourhood, "pk", neighbourhood)
    if person_id is None or neighbourhood_id is None:
        return ""
    if person_id not in _staff(context, neighbourhood_id):
        return ""
    return format_html(
        ' <span class="badge badge--staff" title="{}">{}</span>',
        _("A moderator or coordinator of the neighbourhood"),
        _("Staff"),
    )
