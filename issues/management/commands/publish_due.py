"""Publish the signed-off issues whose scheduled publication time has come (cron, timer)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from issues.services import issues_publish_due


class Command(BaseCommand):
    help = "发布已签发且定时发布时间已到的期次；可反复运行，已发布的不会再发布。"

    def handle(self, *args, **options):
        published = issues_publish_due()
        for issue in published:
            moment = timezone.localtime(issue.published_at).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(f"published {issue.pk} {issue} at {moment}")
        if not published:
            self.stdout.write("nothing due")
