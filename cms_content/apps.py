from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsContentConfig(AppConfig):
    name = "cms_content"
    verbose_name = _("Site content")
