"""WSGI entry point for gunicorn: `service.wsgi:app`."""

from .app import create_app
from .config import Settings
from .logs import configure_logging

settings = Settings.from_env()
configure_logging(settings.log_level)
app = create_app(settings)
