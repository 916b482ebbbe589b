"""Deployment checks (`manage.py check --deploy`): the links of every e-mail
are built from SITE_URL, which must then be the public address."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def site_url_is_public(app_configs, **kwargs):
    host = urlsplit(settings.SITE_URL).hostname or ""
    try:
        local = ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = host in ("", "localhost") or host.endswith(".localhost")
    if not local:
        return []
    return [
        checks.Warning(
            f"SITE_URL is {settings.SITE_URL!r}: links in e-mails would lead "
            "nowhere. Set SITE_URL to the site's public address.",
            id="community.W001",
        )
    ]
