"""The home page sits at the root; content pages nest under it and under each other."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cms_content.models import ContentPage, HomePage
from courses.models import CourseIndexPage


class ContentPageTreeTests(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_and_holds_the_catalogue_and_content_pages(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {CourseIndexPage, ContentPage})

    def test_content_pages_nest_under_home_and_each_other(self):
        self.assertAllowedParentPageTypes(ContentPage, {HomePage, ContentPage})
        self.assertAllowedSubpageTypes(ContentPage, {ContentPage})

    def test_there_is_only_one_home_page(self):
        # The migrations already created it, so no second one can be added at the root.
        root = Page.get_first_root_node()
        self.assertFalse(HomePage.can_create_at(root))
