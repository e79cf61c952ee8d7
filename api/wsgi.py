"""gunicorn entry point: `gunicorn api.wsgi:app`."""

from api import create_app
from api.context import Services
from engine.runtime import install_runtime, settle_heap
from engine.settings import Settings

settings = Settings.from_env()
services = Services.build(settings)
install_runtime(settings, services.db)
app = create_app(settings, services)
settle_heap()
