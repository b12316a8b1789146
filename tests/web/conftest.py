"""Fixtures of the website tests: entries of each security in alice's journal."""

from __future__ import annotations

import pytest

from journal import services


@pytest.fixture
def entries(network):
    """alice's public, friends-only, close-friends-only and private entries."""
    alice = network["alice"]
    return {
        "public": services.post_entry(alice, subject="Public hello", body="for everyone"),
        "friends": services.post_entry(
            alice,
            subject="Friends news",
            body="friends only text",
            security="usemask",
            allowmask=1,
        ),
        "close": services.post_entry(
            alice,
            subject="Close secret",
            body="close friends text",
            security="usemask",
            allowmask=1 << 1,
        ),
        "private": services.post_entry(
            alice, subject="Diary", body="private diary text", security="private"
        ),
    }
