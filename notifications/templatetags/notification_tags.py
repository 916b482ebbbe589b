from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def failing_address(user):
    """{% failing_address resident as failing %}: the resident's address if
    e-mail to it keeps failing, for the desk to say so."""
    return selectors.failing_address(user=user)
