"""TLS: the OS trust store by default, plus a CA file; off only when asked, and then visibly."""

from __future__ import annotations

import ssl
from argparse import Namespace
from collections.abc import Callable
from pathlib import Path
from typing import Any

import certifi
import pytest
import truststore

from tui.config import load_settings

ENV = {"SDE_SERVER": "https://sde.example.com", "SDE_API_TOKEN": "tls-token-1"}


def test_default_is_the_os_trust_store() -> None:
    settings = load_settings(None, ENV)
    context = settings.ssl_context()
    assert isinstance(context, truststore.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert settings.tls_mode() == "OS trust store (truststore)"


def test_ca_file_flag_is_loaded_and_reported() -> None:
    settings = load_settings(Namespace(ca_file=certifi.where()), ENV)
    assert settings.ca_file == certifi.where()
    assert settings.sources["ca_file"] == "flag --ca-file"
    assert isinstance(settings.ssl_context(), truststore.SSLContext)
    assert certifi.where() in settings.tls_mode()


def test_ssl_cert_file_is_honoured() -> None:
    settings = load_settings(None, {**ENV, "SSL_CERT_FILE": certifi.where()})
    assert settings.ca_file == certifi.where()
    assert settings.sources["ca_file"] == "env SSL_CERT_FILE"


def test_insecure_flag_turns_verification_off_and_says_so() -> None:
    settings = load_settings(Namespace(insecure=True), ENV)
    assert settings.insecure is True
    assert settings.ssl_context() is False
    assert "OFF" in settings.tls_mode()


def test_verify_tls_false_in_a_profile_is_insecure(
    write_config: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config('[profiles.lab]\nserver = "https://lab.example.com"\ntoken_env = "LAB"\n'
                 "verify_tls = false\n")
    monkeypatch.setenv("SDE_PROFILE", "lab")
    monkeypatch.setenv("LAB", "lab-token-1")
    settings = load_settings(None)
    assert settings.insecure is True
    assert settings.sources["insecure"] == "profile lab (verify_tls = false)"


def test_timeouts_come_from_the_profile(
    write_config: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config('[profiles.slow]\nserver = "https://slow.example.com"\ntoken_env = "S"\n'
                 "connect_timeout = 2\nread_timeout = 40.5\ndeadline = 90\n")
    monkeypatch.setenv("SDE_PROFILE", "slow")
    monkeypatch.setenv("S", "slow-token-1")
    settings = load_settings(None)
    timeout = settings.timeouts()
    assert (timeout.connect, timeout.read) == (2.0, 40.5)
    assert (settings.deadline, settings.write_deadline) == (90.0, 180.0)


def test_make_client_passes_server_token_tls_and_timeouts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, Any] = {}

    class Recorder:
        def __init__(self, server: str, token: str, **kwargs: Any) -> None:
            seen.update(server=server, token=token, **kwargs)

    monkeypatch.setattr("tui.api.client.AlmClient", Recorder)
    settings = load_settings(None, {**ENV, "SDE_SERVER": "https://sde.example.com/api/v2"})
    settings.make_client(page_size=7)
    assert (seen["server"], seen["token"]) == ("https://sde.example.com", "tls-token-1")
    assert isinstance(seen["verify"], truststore.SSLContext)
    assert seen["timeouts"].connect == settings.connect_timeout
    assert (seen["read_deadline"], seen["write_deadline"]) == (30.0, 60.0)
    assert seen["page_size"] == 7


async def test_make_client_builds_a_real_client() -> None:
    settings = load_settings(None, ENV)
    async with settings.make_client() as client:
        assert client.server == "https://sde.example.com"
        assert "tls-token-1" not in repr(client)


def test_a_plain_http_server_gets_no_tls_context(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.config.secret import Secret
    from tui.config.settings import Settings

    def no_context(self: Settings) -> bool:
        raise AssertionError("a TLS context was built")

    monkeypatch.setattr(Settings, "ssl_context", no_context)
    plain = Settings(server="http://127.0.0.1:8000", token=Secret("tok-12345678"))
    plain.make_client()  # builds no context
    secure = Settings(server="https://sde.example.com", token=Secret("tok-12345678"))
    with pytest.raises(AssertionError, match="TLS context"):
        secure.make_client()
