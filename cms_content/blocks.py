"""Generic content blocks, shared by every page type; course blocks build on these.

Every block sets an icon, a template, a preview value and a description, so that the
Wagtail block picker can show trainers what each one is for.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = [
    "h2",
    "h3",
    "h4",
    "bold",
    "italic",
    "ol",
    "ul",
    "link",
    "document-link",
    "hr",
]


class RichTextBlock(blocks.RichTextBlock):
    """Formatted text: headings, lists, links and tables."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "blocks/rich_text_block.html"
        description = _("Paragraphs, headings, lists and links.")
        preview_value = (
            "<h2>การเชื่อมต่อ Wi-Fi</h2><p>Wi-Fi คือการต่ออินเทอร์เน็ตแบบไร้สาย "
            "ใช้ได้ฟรีที่ศูนย์ดิจิทัลชุมชน</p><ul><li>เปิดการตั้งค่า</li><li>เลือก Wi-Fi</li></ul>"
        )


class TableBlock(blocks.StructBlock):
    """A simple table: a header row and body rows of plain text cells."""

    caption = blocks.CharBlock(label=_("Caption"), required=False)
    header = blocks.ListBlock(blocks.CharBlock(label=_("Cell")), label=_("Header row"))
    rows = blocks.ListBlock(
        blocks.ListBlock(blocks.CharBlock(label=_("Cell"), required=False), label=_("Row")),
        label=_("Rows"),
    )

    class Meta:
        icon = "table"
        label = _("Table")
        template = "blocks/table_block.html"
        description = _("A table of rows and columns, for example a price calculation.")
        preview_value = {
            "caption": "ตัวอย่างการคิดราคา",
            "header": ["รายการ", "บาท"],
            "rows": [["ต้นทุนสินค้า", "60"], ["ค่าส่ง", "40"]],
        }


class ImageBlock(blocks.StructBlock):
    """An image with the alt text a screen reader speaks (required) and a caption."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alt text"),
        max_length=300,
        help_text=_("Describe the picture for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image_block.html"
        description = _("A picture with a description and an optional caption.")
        preview_value = {"alt_text": "ภาพตัวอย่าง", "caption": "คำบรรยายภาพ"}


class VideoEmbedBlock(blocks.StructBlock):
    """A YouTube or Vimeo video that loads nothing from the video site until tapped.

    The page shows a poster and a play button; only a tap swaps in the player, so a
    learner on a slow or metered connection pays for the video only when they want it.
    """

    url = blocks.URLBlock(label=_("Video URL"), help_text=_("A YouTube or Vimeo address."))
    title = blocks.CharBlock(label=_("Video title"), max_length=200)

    def clean(self, value):
        from cms_content.video import parse_video_url

        value = super().clean(value)
        if parse_video_url(value.get("url")) is None:
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError(_("Only YouTube and Vimeo videos are supported."))}
            )
        return value

    def get_context(self, value, parent_context=None):
        """Add ``video``: the parsed address, whose privacy-friendly embed URL the
        facade hands to the player script."""
        from cms_content.video import parse_video_url

        context = super().get_context(value, parent_context=parent_context)
        context["video"] = parse_video_url(value.get("url"))
        return context

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video_embed_block.html"
        description = _("A YouTube or Vimeo video that plays only when the learner taps it.")
        preview_value = {
            "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "title": "วิดีโอตัวอย่าง",
        }


class CalloutBlock(blocks.StructBlock):
    """A boxed note, tip or warning that stands out from the text."""

    kind = blocks.ChoiceBlock(
        choices=[("note", _("Note")), ("tip", _("Tip")), ("warning", _("Warning"))],
        default="note",
        label=_("Kind"),
    )
    text = RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "blocks/callout_block.html"
        description = _("A highlighted note, tip or warning.")
        preview_value = {
            "kind": "warning",
            "text": "<p>อย่าบอกรหัส OTP กับใครเด็ดขาด</p>",
        }


class DocumentBlock(blocks.StructBlock):
    """A file to download, such as a worksheet."""

    document = DocumentChooserBlock(label=_("File"))
    title = blocks.CharBlock(label=_("Link text"), max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("Downloadable file")
        template = "blocks/document_block.html"
        description = _("A file learners can download, for example a worksheet.")
        preview_value = {"title": "ใบงาน"}
