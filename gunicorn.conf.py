"""gunicorn's settings, read from the environment: `gunicorn` in the project folder uses them.

    DJANGO_SECRET_KEY=… DJANGO_ALLOWED_HOSTS=… .venv/bin/gunicorn

The variables are listed in `.env.example`; README, "Running in production", says the rest.
"""

import os

wsgi_app = "config.wsgi:application"

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers, 2 × CPUs + 1 as gunicorn's documentation advises, at most 12: each holds a
# Django process (~100 MB), and more than that only queues on the database.
workers = int(os.environ.get("GUNICORN_WORKERS") or min(2 * (os.cpu_count() or 1) + 1, 12))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# An import of a 10 MB issue text in the admin takes tens of seconds; a request that runs longer
# than this is stuck, and its worker is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30

# Requests and errors to standard output and standard error, where the service manager keeps them.
accesslog = "-"
errorlog = "-"
