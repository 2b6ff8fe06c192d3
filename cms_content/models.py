"""The home page, generic content pages and site-wide settings.

The page tree is declared: the root holds one ``HomePage``; under it live the course
catalogue (``courses.CourseIndexPage``) and plain ``ContentPage``s (about, privacy).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms_content.blocks import CalloutBlock, DocumentBlock, ImageBlock, RichTextBlock, TableBlock


def content_blocks():
    """The generic blocks any content page may use."""
    return [
        ("text", RichTextBlock()),
        ("table", TableBlock()),
        ("image", ImageBlock()),
        ("callout", CalloutBlock()),
        ("document", DocumentBlock()),
    ]


class HomePage(Page):
    """The site's front page: a welcome, what the center offers, and a way into courses."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(content_blocks(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CourseIndexPage", "cms_content.ContentPage"]
    max_count = 1
    #: Anonymous visitors get it from the shared page cache (cms_content/page_cache.py).
    page_cache_anonymous = True

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def route(self, request, path_components):
        """Every page of the site is routed from here: the page found for an address
        comes from the shared cache until the next purge (one query per tree level
        otherwise)."""
        from cms_content.page_cache import shared_route

        return shared_route(root=self, request=request, path_components=path_components, route=super().route)


class ContentPage(Page):
    """A plain page of text and pictures: about the center, privacy notice, help."""

    body = StreamField(content_blocks(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]

    parent_page_types = ["cms_content.HomePage", "cms_content.ContentPage"]
    subpage_types = ["cms_content.ContentPage"]
    #: Anonymous visitors get it from the shared page cache (cms_content/page_cache.py).
    page_cache_anonymous = True

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What every page's header and footer show about the programme."""

    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    contact_line = models.CharField(_("LINE ID"), max_length=100, blank=True)
    footer_text = models.TextField(_("footer text"), blank=True)

    panels = [FieldPanel("contact_phone"), FieldPanel("contact_line"), FieldPanel("footer_text")]

    class Meta:
        verbose_name = _("site settings")

    @classmethod
    def for_site(cls, site):
        """The settings of ``site``, from the shared cache until they are saved (every
        page's footer reads them)."""
        from cms_content.page_cache import shared_fragment

        if site is None:
            return super().for_site(site)
        return shared_fragment(
            name="site-settings", parts=(site.pk,), build=lambda: super(SiteSettings, cls).for_site(site)
        )
