"""The WSGI entry point for gunicorn: `gunicorn -c gunicorn.conf.py quiz_app.wsgi:app`."""

from . import create_app

app = create_app()
