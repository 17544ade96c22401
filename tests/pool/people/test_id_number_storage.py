import base64
import datetime as dt

import pytest
from django.db import IntegrityError, connection

from pool.models import Cadre
from pool.people import crypto
from tests.factories import CadreFactory

ID = "430181199001011233"


def test_id_number_is_encrypted_at_rest_and_found_by_keyed_hash(db):
    cadre = CadreFactory(id_number=ID, birth_month=dt.date(1990, 1, 1))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_cipher, id_hash, id_masked FROM pool_cadre WHERE id = %s", [cadre.pk]
        )
        cipher, id_hash, masked = cursor.fetchone()
    assert ID.encode() not in bytes(cipher)
    assert ID not in id_hash
    assert masked == "430181********1233"
    assert Cadre.objects.get(id_hash=crypto.lookup_hash(ID)).id_number == ID


def test_the_same_id_number_twice_is_refused_by_the_database(db):
    CadreFactory(id_number=ID)
    with pytest.raises(IntegrityError):
        CadreFactory(id_number="430181199001011233 ")  # same person, stray space


def test_encrypting_twice_gives_different_ciphertexts(settings):
    assert crypto.encrypt(ID) != crypto.encrypt(ID)
    assert crypto.decrypt(crypto.encrypt(ID)) == ID


def test_an_old_key_still_decrypts_after_rotation(settings):
    old_blob = crypto.encrypt(ID)
    new_key = base64.b64encode(b"n" * 32).decode()
    settings.CADRE_ID_ENCRYPTION_KEY = f"{new_key},{settings.CADRE_ID_ENCRYPTION_KEY}"
    assert crypto.decrypt(old_blob) == ID
    assert not crypto.is_current(old_blob)
    assert crypto.is_current(crypto.encrypt(ID))
