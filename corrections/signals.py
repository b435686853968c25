"""A correction changes what its issue shows (its notice is on the issue and the article)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from core.effects import ISSUE_CONTENT_CHANGED, defer

from .models import Correction


@receiver(post_save, sender=Correction)
def correction_made(sender, instance, using, **kwargs):
    defer(ISSUE_CONTENT_CHANGED, [instance.issue_id], using=using)
