"""The personal-data consent text (Thailand's PDPA) that learners accept at sign-up.

``CURRENT_VERSION`` names the text in force. Changing what is kept or why means a new
version: add it to ``TEXTS`` and point ``CURRENT_VERSION`` at it. Each acceptance is
stored as a :class:`lms.accounts.models.ConsentRecord` with the version and the time,
so it is always known which text a person agreed to.

The text is Thai only on purpose: it is a legal statement and must read exactly as
approved, not as a translator rendered it.
"""

CURRENT_VERSION = "2026-01"

TEXTS = {
    "2026-01": {
        "title": "การเก็บและใช้ข้อมูลส่วนบุคคลของคุณ",
        "paragraphs": [
            "ศูนย์ดิจิทัลชุมชนเก็บข้อมูลต่อไปนี้ของคุณ: คำนำหน้า ชื่อ นามสกุล ปีเกิด เพศ "
            "กลุ่มเป้าหมาย ศูนย์ที่ใกล้บ้าน เบอร์มือถือหรืออีเมล และประวัติการเรียน "
            "(บทที่เรียน ผลแบบทดสอบ และหลักสูตรที่เรียนจบ)",
            "เราใช้ข้อมูลนี้เพื่อ: ให้คุณเข้าสู่ระบบและเรียนต่อจากที่ค้างไว้ได้ "
            "พิมพ์ชื่อของคุณบนเกียรติบัตร ให้เจ้าหน้าที่ศูนย์ช่วยเหลือคุณได้ "
            "และทำสถิติจำนวนผู้เรียนรายงานต่อหน่วยงานที่ดูแลศูนย์ (รายงานเป็นตัวเลขรวม ไม่ระบุชื่อ)",
            "เจ้าหน้าที่ของศูนย์ที่คุณเลือกและผู้ดูแลระบบเท่านั้นที่เห็นข้อมูลของคุณ เราไม่ขายหรือให้ข้อมูลนี้แก่ผู้อื่นเพื่อการโฆษณา",
            "เราเก็บข้อมูลไว้ตราบที่บัญชีของคุณยังใช้งานอยู่ คุณขอดู แก้ไข หรือขอลบข้อมูลได้ "
            "ที่ศูนย์ดิจิทัลชุมชนใกล้บ้าน หรือถอนความยินยอมได้ทุกเมื่อ "
            "(เมื่อถอนความยินยอม เราจะปิดบัญชี แต่เกียรติบัตรที่ออกแล้วยังตรวจสอบได้)",
        ],
    },
}


def current_text() -> dict:
    """The consent text in force: ``{"title": ..., "paragraphs": [...]}``."""
    return TEXTS[CURRENT_VERSION]
