"""Settings, read from the environment with safe development defaults, one module per concern.

`DJANGO_SETTINGS_MODULE` stays `config.settings` for every environment: production differs
only by its variables (`DJANGO_ENV=production`, `SECRET_KEY`, `DATABASE_URL`, ...).
"""

from config.settings.base import *  # noqa: F403
from config.settings.delivery import *  # noqa: F403
