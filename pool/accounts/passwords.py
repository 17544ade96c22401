"""Password rules for a 等保三级 system: at least 12 characters (Django's
MinimumLengthValidator) and at least 3 of 4 character classes (this module)."""

import string

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError

CLASSES = (
    ("大写字母", set(string.ascii_uppercase)),
    ("小写字母", set(string.ascii_lowercase)),
    ("数字", set(string.digits)),
    ("符号", set(string.punctuation)),
)


def character_classes(password: str) -> int:
    chars = set(password)
    return sum(1 for _, members in CLASSES if chars & members)


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return f"密码须至少包含大写字母、小写字母、数字、符号中的{self.min_classes}类。"


class LengthValidator(MinimumLengthValidator):
    """Django's length rule with its message in Chinese: Django 5.2 reworded the
    message and its zh_Hans catalogue has no translation, so users read English."""

    def get_error_message(self):
        return f"密码太短，至少须{self.min_length}个字符。"

    def get_help_text(self):
        return f"密码至少须{self.min_length}个字符。"


class OneTimePasswordHasher(PBKDF2PasswordHasher):
    """For the one-time passwords of accounts opened in bulk (``accounts.generate_password``:
    16 random characters, about 97 bits): a slow hash guards guessable passwords, and
    these are not guessable, so 1,000 rounds instead of the default's million let the
    干部科 open a unit's accounts in one request. Django rehashes with the default
    hasher at the first sign-in, which must then change the password anyway."""

    algorithm = "pbkdf2_onetime"
    iterations = 1000
