import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create the local superuser for development (once) and print its login. The password is "
        "kept in .local-admin, outside version control, so it stays the same between runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("refusing to create a local admin with DJANGO_DEBUG off")
        password_file = Path(settings.BASE_DIR) / ".local-admin"
        password = password_file.read_text().strip() if password_file.exists() else ""
        if not password:
            password = secrets.token_urlsafe(12)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        User = get_user_model()
        user, _created = User.objects.get_or_create(username=username)
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(
            f"Admin: http://127.0.0.1:8000/admin/  user: {username}  password: {password}"
        )
