"""Lookalike links judged on the registrable name, with tldextract's bundled suffix list."""

import socket

import pytest

from moderation import check_text, links


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("the suffix list must never be fetched")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    links._public_suffixes.cache_clear()
    yield
    links._public_suffixes.cache_clear()


@pytest.mark.parametrize(
    "text",
    [
        "claim it at https://discord-nitro.vercel.app/claim",
        "https://dlscord.github.io/gift",
        "https://steamcornmunity.co.za/id/trade",
        "https://paypa1.com.br/login",
    ],
)
def test_lookalikes_are_phishing_even_on_hosting_suffixes(no_network, text):
    assert "scam" in check_text(text).categories


@pytest.mark.parametrize(
    "text",
    [
        "https://pubmed.ncbi.nlm.nih.gov/123456",
        "https://connect.garmin.com/modern/activity/1",
        "https://runningclub.github.io/llc",
    ],
)
def test_official_and_unrelated_sites_are_not_phishing(no_network, text):
    assert "scam" not in check_text(text).categories
