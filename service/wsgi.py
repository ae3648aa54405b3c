"""WSGI entry point for gunicorn: `service.wsgi:app`."""

from .app import build_pipeline, create_app
from .config import Settings
from .logs import configure_logging

settings = Settings.from_env()
configure_logging(settings.log_level)
# gunicorn imports this module in the master (preload_app) and forks the workers afterwards;
# deploy/gunicorn.conf.py's post_fork hook gives each worker its TORCH_THREADS.
app = create_app(settings, pipeline=build_pipeline(settings, before_fork=True))
