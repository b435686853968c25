"""Re-send the CDN purges that failed (or never finished), oldest first."""

from django.core.management.base import BaseCommand, CommandError

from audit.cdn import send_purge
from audit.models import CdnPurge


class Command(BaseCommand):
    help = "重新发送失败（或未完成）的 CDN 清除请求，最早的在前。"

    def handle(self, *args, **options):
        from django.conf import settings

        if not settings.CDN_PURGE_URL:
            raise CommandError("未设置 CDN_PURGE_URL，无法发送 CDN 清除请求。")
        unfinished = CdnPurge.objects.exclude(status=CdnPurge.Status.SENT).order_by("pk")
        failed = 0
        for pk in unfinished.values_list("pk", flat=True):
            purge = send_purge(pk)
            failed += purge.status == CdnPurge.Status.FAILED
            self.stdout.write(f"{purge.pk} {' '.join(purge.tags)}: {purge.get_status_display()}")
        if failed:
            raise CommandError(f"{failed} 个清除请求仍然失败。")
