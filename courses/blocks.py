"""Lesson blocks: the generic content blocks plus numbered steps and quiz questions.

Quiz questions live in the lesson's StreamField so trainers edit them in place; each
question is identified by its block id, which is what learners' answers refer to.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from cms_content.blocks import (
    CalloutBlock,
    DocumentBlock,
    ImageBlock,
    RichTextBlock,
    TableBlock,
    VideoEmbedBlock,
)


class StepBlock(blocks.StructBlock):
    """One step: what to do, and optionally a screenshot of it."""

    text = RichTextBlock(label=_("What to do"), features=["bold", "italic", "link"])
    image = ImageChooserBlock(label=_("Screenshot"), required=False)
    alt_text = blocks.CharBlock(
        label=_("Screenshot description"),
        required=False,
        max_length=300,
        help_text=_("Required when there is a screenshot."),
    )

    def clean(self, value):
        value = super().clean(value)
        if value.get("image") and not value.get("alt_text"):
            raise blocks.StructBlockValidationError(
                block_errors={"alt_text": ValidationError(_("Describe the screenshot."))}
            )
        return value

    class Meta:
        icon = "list-ol"
        label = _("Step")


class StepsBlock(blocks.StructBlock):
    """Numbered steps to follow, each with an optional screenshot."""

    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    steps = blocks.ListBlock(StepBlock(), label=_("Steps"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Numbered steps")
        template = "blocks/steps_block.html"
        description = _("Step-by-step instructions, each step with an optional screenshot.")
        preview_value = {
            "title": "เชื่อมต่อ Wi-Fi",
            "steps": [
                {"text": "<p>เปิดแอป <b>ตั้งค่า</b></p>", "alt_text": ""},
                {"text": "<p>แตะ <b>Wi-Fi</b> แล้วเลือกชื่อเครือข่าย</p>", "alt_text": ""},
            ],
        }


class QuizChoiceBlock(blocks.StructBlock):
    """An answer to choose, marked right or wrong."""

    text = blocks.CharBlock(label=_("Answer"), max_length=300)
    correct = blocks.BooleanBlock(label=_("Right answer"), required=False)

    class Meta:
        icon = "tick"
        label = _("Choice")


class QuizQuestionBlock(blocks.StructBlock):
    """A quiz question with single or multiple right answers and an explanation.

    The server grades: a question scores when the learner chose exactly the right
    choices. The explanation is shown after answering.
    """

    question = blocks.CharBlock(label=_("Question"), max_length=500)
    allow_multiple = blocks.BooleanBlock(
        label=_("More than one right answer"),
        required=False,
        help_text=_("Learners tick every right answer instead of choosing one."),
    )
    choices = blocks.ListBlock(QuizChoiceBlock(), label=_("Choices"), min_num=2, max_num=8)
    explanation = blocks.TextBlock(label=_("Explanation"), required=False)

    def clean(self, value):
        value = super().clean(value)
        correct = [c for c in value.get("choices", []) if c.get("correct")]
        if not correct:
            raise blocks.StructBlockValidationError(
                block_errors={"choices": ValidationError(_("Mark at least one right answer."))}
            )
        if len(correct) > 1 and not value.get("allow_multiple"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "allow_multiple": ValidationError(
                        _("Several answers are marked right: tick 'More than one right answer'.")
                    )
                }
            )
        return value

    class Meta:
        icon = "help"
        label = _("Quiz question")
        template = "blocks/quiz_question_block.html"
        description = _("A question with answers to choose; the explanation shows after answering.")
        preview_value = {
            "question": "รหัส OTP ควรบอกใครได้บ้าง",
            "allow_multiple": False,
            "choices": [
                {"text": "เจ้าหน้าที่ธนาคารที่โทรมา", "correct": False},
                {"text": "ไม่บอกใครเลย", "correct": True},
            ],
            "explanation": "ธนาคารไม่เคยขอรหัส OTP ทางโทรศัพท์",
        }


def lesson_blocks():
    """Every block a lesson may use, in the order the block picker shows them."""
    return [
        ("text", RichTextBlock()),
        ("table", TableBlock()),
        ("image", ImageBlock()),
        ("video", VideoEmbedBlock()),
        ("steps", StepsBlock()),
        ("callout", CalloutBlock()),
        ("document", DocumentBlock()),
        ("quiz_question", QuizQuestionBlock()),
    ]
