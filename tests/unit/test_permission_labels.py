"""Every permission has words: the roles page lists them to the administrator who grants them."""

from __future__ import annotations

from lti_tool.labels import PERMISSION
from lti_tool.permissions import Permission


def test_every_permission_is_named_in_words():
    assert {p.value for p in Permission} - PERMISSION.keys() == set()
    assert PERMISSION.keys() - {p.value for p in Permission} == set()
