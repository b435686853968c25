"""The admin index's 待我处理 block: `{% inbox_of request.user as inbox %}`."""

from django import template

from workflow.inbox import inbox_for

register = template.Library()


@register.simple_tag
def inbox_of(user):
    """What waits for `user` (workflow.inbox)."""
    return inbox_for(user)
