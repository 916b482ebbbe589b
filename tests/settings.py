"""The site's settings, made fast for the test suite. Everything else, including
DATABASE_URL and REDIS_URL, is read from the environment as in production."""

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The browser journeys confirm their e-mail, as on the real site.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
HEALTHZ_CHANNEL_TIMEOUT = 1.0
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run at once, in the test's own process, on a queue held in memory.
HUEY = {**HUEY, "immediate": True}  # noqa: F405
