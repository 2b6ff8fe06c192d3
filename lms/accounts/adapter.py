"""How django-allauth stores and finds phone numbers, and how codes reach people.

SMS: no provider is wired in. :class:`AccountAdapter` hands every text message to the
backend named by ``settings.SMS_BACKEND`` (see :mod:`lms.accounts.sms`); the default
writes it to the console, which is what development and tests use. docs/sms.md says
how to plug a provider in.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError

from lms.accounts.phone import normalize_thai_mobile


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter, taught our ``User.phone`` field and Thai mobile numbers."""

    def clean_phone(self, phone: str) -> str:
        try:
            return normalize_thai_mobile(phone)
        except ValidationError as exc:
            raise ValidationError(exc.messages[0], code="invalid_phone") from exc

    def set_phone(self, user, phone: str, verified: bool) -> None:
        user.phone = phone
        user.phone_verified = verified
        user.save(update_fields=["phone", "phone_verified"])

    def get_phone(self, user):
        if not user.phone:
            return None
        return user.phone, user.phone_verified

    def set_phone_verified(self, user, phone: str) -> None:
        self.set_phone(user, phone, True)

    def get_user_by_phone(self, phone: str):
        from django.contrib.auth import get_user_model

        try:
            normalized = normalize_thai_mobile(phone)
        except ValidationError:
            return None
        return get_user_model().objects.filter(phone=normalized).order_by("pk").first()

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        from lms.accounts.sms import send_sms

        send_sms(phone, f"รหัสยืนยันของคุณคือ {code}")

    def send_unknown_account_sms(self, phone: str, **kwargs) -> None:
        from lms.accounts.sms import send_sms

        send_sms(phone, "ไม่พบบัญชีที่ใช้เบอร์นี้ สมัครได้ที่ศูนย์ดิจิทัลชุมชนใกล้บ้าน")

    def send_account_already_exists_sms(self, phone: str) -> None:
        from lms.accounts.sms import send_sms

        send_sms(phone, "เบอร์นี้มีบัญชีอยู่แล้ว เข้าสู่ระบบหรือขอตั้งรหัสผ่านใหม่ได้")
