"""Every failure the server or the network can produce becomes one typed, sanitised error."""

from __future__ import annotations

import httpx
import pytest
import respx

from tui.api.client import AlmClient
from tui.api.errors import (
    ApiError,
    CannotConnect,
    HtmlInsteadOfJson,
    MalformedResponse,
    MethodNotAllowed,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    RateLimited,
    Redirected,
    ResponseTooLarge,
    ServerError,
    TimedOut,
    TlsError,
    ValidationFailed,
)
from tui.api.responses import HTML_MESSAGE

from .api_support import BASE, GITHUB_CONNECTOR, RALLY_CONNECTION, TOKEN, MakeClient

CONNECTION = "/api/v2/connections/alm/1/"
LOGIN_PAGE = "<!DOCTYPE html><html><body><form action='/sso'>Sign in</form></body></html>"


async def failing_get(
    api: respx.MockRouter, client: AlmClient, response: httpx.Response
) -> ApiError:
    api.get(CONNECTION).mock(return_value=response)
    with pytest.raises(ApiError) as caught:
        await client.get_connection(1)
    return caught.value


async def test_401_names_the_server_that_rejected_the_token(
    api: respx.MockRouter, client: AlmClient
) -> None:
    error = await failing_get(api, client, httpx.Response(401, json={"detail": "Invalid token."}))
    assert isinstance(error, NotAuthenticated)
    assert error.message == "Token rejected by https://sde.example.test (Invalid token.)"
    assert error.status == 401


async def test_403_includes_the_servers_reason(api: respx.MockRouter, client: AlmClient) -> None:
    detail = "You do not have permission to perform this action."
    error = await failing_get(api, client, httpx.Response(403, json={"detail": detail}))
    assert isinstance(error, PermissionDenied)
    assert detail in error.message


async def test_404_and_405(api: respx.MockRouter, client: AlmClient) -> None:
    error = await failing_get(api, client, httpx.Response(404, json={"detail": "Not found."}))
    assert isinstance(error, NotFound)
    assert CONNECTION in error.message
    api.delete(CONNECTION).respond(405, json={"detail": 'Method "DELETE" not allowed.'})
    with pytest.raises(MethodNotAllowed, match="does not allow DELETE"):
        await client.delete_connection(1)


async def test_400_keeps_drf_field_errors_and_summarises_form_errors_first(
    api: respx.MockRouter, client: AlmClient
) -> None:
    body = {
        "alias": ["This field is required."],
        "params": {"alm_server": ["Enter a valid host."]},
        "non_field_errors": ["Connector and project do not match."],
    }
    api.post("/api/v2/connections/alm/").respond(400, json=body)
    with pytest.raises(ValidationFailed) as caught:
        await client.create_connection({"connector": 1})
    error = caught.value
    assert error.field_errors == body
    assert error.message.startswith("Connector and project do not match.")
    assert "alias: This field is required." in error.message
    assert "params.alm_server: Enter a valid host." in error.message


async def test_400_with_a_detail_uses_it_as_the_message(
    api: respx.MockRouter, client: AlmClient
) -> None:
    api.patch(CONNECTION).respond(400, json={"detail": "Frequency not allowed for this org."})
    with pytest.raises(ValidationFailed, match="Frequency not allowed") as caught:
        await client.patch_connection(1, {"frequency": "hourly"})
    assert caught.value.field_errors == {"detail": "Frequency not allowed for this org."}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"detail": "from detail", "error": "from error", "message": "m"}, "from detail"),
        ({"error": "from error", "message": "m"}, "from error"),
        ({"message": "from message"}, "from message"),
        ({"detail": ["first", "second"]}, "first; second"),
        ({"alias": ["bad alias"]}, "alias: bad alias"),
    ],
)
async def test_error_message_is_read_detail_error_message_then_fields(
    api: respx.MockRouter, client: AlmClient, body: dict[str, object], expected: str
) -> None:
    error = await failing_get(api, client, httpx.Response(409, json=body))
    assert f"({expected})" in error.message


async def test_plain_text_error_bodies_are_shown_short_and_sanitised(
    api: respx.MockRouter, client: AlmClient
) -> None:
    text = "maintenance \x1b]0;owned\x07 window " + "x" * 1000
    error = await failing_get(api, client, httpx.Response(500, text=text))
    assert isinstance(error, ServerError)
    assert "\x1b" not in error.message and "\\x1b" in error.message
    assert len(error.message) < 450


async def test_429_becomes_rate_limited_with_retry_after(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    client = make_client(get_retries=0)
    response = httpx.Response(429, headers={"Retry-After": "30"}, json={"detail": "Slow down."})
    error = await failing_get(api, client, response)
    assert isinstance(error, RateLimited)
    assert error.retry_after == 30
    assert "try again in 30 s" in error.message


@pytest.mark.parametrize("status", [502, 503, 504])
async def test_gateway_errors_are_server_errors_whatever_the_body(
    api: respx.MockRouter, make_client: MakeClient, status: int
) -> None:
    client = make_client(get_retries=0)
    error = await failing_get(api, client, httpx.Response(status, html="<html>Bad Gateway</html>"))
    assert isinstance(error, ServerError)
    assert error.message == f"Server or proxy unavailable ({status})"


async def test_500_is_a_server_error_with_its_detail(
    api: respx.MockRouter, client: AlmClient
) -> None:
    error = await failing_get(api, client, httpx.Response(500, json={"detail": "Oops."}))
    assert isinstance(error, ServerError)
    assert error.message == "Server error (500): Oops."
    html = await failing_get(api, client, httpx.Response(500, html="<html>Traceback</html>"))
    assert isinstance(html, ServerError) and "Traceback" not in str(html)
    assert html.message.startswith("Server error (500)")


async def test_redirect_is_not_followed_and_names_the_target(
    api: respx.MockRouter, client: AlmClient
) -> None:
    elsewhere = respx.get("https://login.corp/sso").respond(200, json=RALLY_CONNECTION)
    route = api.get(CONNECTION).respond(302, headers={"Location": "https://login.corp/sso?x=1"})
    with pytest.raises(Redirected) as caught:
        await client.get_connection(1)
    assert caught.value.location == "https://login.corp/sso?x=1"
    assert caught.value.message == (
        "Server redirected to https://login.corp/sso… — check the server URL"
    )
    assert route.call_count == 1
    assert not elsewhere.called


async def test_redirected_write_body_never_reaches_the_other_host(
    api: respx.MockRouter, client: AlmClient
) -> None:
    elsewhere = respx.patch("https://evil.example/x").respond(200, json=RALLY_CONNECTION)
    api.patch(CONNECTION).respond(307, headers={"Location": "https://evil.example/x"})
    with pytest.raises(Redirected):
        await client.patch_connection(1, {"params": {"alm_pass": "new-secret-pw"}})
    assert not elsewhere.called


async def test_https_to_http_redirect_is_called_a_downgrade(
    api: respx.MockRouter, client: AlmClient
) -> None:
    api.get(CONNECTION).respond(301, headers={"Location": "http://sde.example.test/x"})
    with pytest.raises(Redirected, match="from HTTPS to plain HTTP"):
        await client.get_connection(1)


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, html=LOGIN_PAGE),
        httpx.Response(200, content=b"  <html><body>login</body></html>"),
        httpx.Response(401, html=LOGIN_PAGE),
        httpx.Response(403, content=LOGIN_PAGE.encode(), headers={"content-type": "text/html"}),
        httpx.Response(404, html=LOGIN_PAGE),
    ],
)
async def test_html_pages_are_recognised_and_never_shown(
    api: respx.MockRouter, client: AlmClient, response: httpx.Response
) -> None:
    error = await failing_get(api, client, response)
    assert isinstance(error, HtmlInsteadOfJson)
    assert error.message == HTML_MESSAGE
    assert "Sign in" not in str(error) and "login</body>" not in str(error)


@pytest.mark.parametrize(
    "body",
    [
        b'{"id": 1, "alias": NaN}',
        b'{"id": 1, "alias": Infinity}',
        b'\xef\xbb\xbf{"id": 1, "alias": "x"}',
        b'{"id": 1, "al',
        b'{"id": 1, "alias": "x"} trailing',
        b'{"id": 1, "alias": "\\ud800"}',
        b'{"id": 1, "alias": "x", "deep": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"id": 1, "alias": "\xff\xfe"}',
    ],
    ids=["nan", "infinity", "bom", "truncated", "trailing", "surrogate", "deep", "bad-utf8"],
)
async def test_malformed_json_is_reported_without_dumping_the_body(
    api: respx.MockRouter, client: AlmClient, body: bytes
) -> None:
    response = httpx.Response(200, content=body, headers={"content-type": "application/json"})
    error = await failing_get(api, client, response)
    assert isinstance(error, MalformedResponse)
    assert error.message.startswith("Malformed JSON from server")
    assert '"alias"' not in error.message and "[[[" not in error.message


async def test_empty_200_where_an_object_is_expected(
    api: respx.MockRouter, client: AlmClient
) -> None:
    error = await failing_get(api, client, httpx.Response(200, content=b""))
    assert isinstance(error, MalformedResponse)
    assert "empty answer" in error.message


async def test_200_detail_envelope_is_a_server_error_with_the_detail(
    api: respx.MockRouter, client: AlmClient
) -> None:
    error = await failing_get(api, client, httpx.Response(200, json={"detail": "Backend down."}))
    assert isinstance(error, ServerError)
    assert "Backend down." in error.message


async def test_object_of_the_wrong_shape_names_the_field_not_the_value(
    api: respx.MockRouter, client: AlmClient
) -> None:
    body = {**RALLY_CONNECTION, "id": "twelve-secret-value"}
    error = await failing_get(api, client, httpx.Response(200, json=body))
    assert isinstance(error, MalformedResponse)
    assert "id: Input should be a valid integer" in error.message
    assert "twelve-secret-value" not in error.message


async def test_list_answer_of_the_wrong_shape(api: respx.MockRouter, client: AlmClient) -> None:
    api.get("/api/v2/connectors/alm/").respond(json={"items": []})
    with pytest.raises(MalformedResponse, match="results: Field required"):
        await client.list_connectors()


async def test_answer_larger_than_the_cap_is_cut_off(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    client = make_client(max_body_bytes=1_000)
    big = {**GITHUB_CONNECTOR, "name": "x" * 5_000}
    api.get("/api/v2/connectors/alm/1/").respond(json=big)
    with pytest.raises(ResponseTooLarge):
        await client.get_connector(1)


async def test_streamed_answer_without_length_is_counted_as_it_arrives(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    class Endless(httpx.AsyncByteStream):
        async def __aiter__(self):  # type: ignore[no-untyped-def]
            for _ in range(10_000):
                yield b" " * 1_000

    client = make_client(max_body_bytes=50_000)
    api.get("/api/v2/connectors/alm/1/").respond(200, stream=Endless())
    with pytest.raises(ResponseTooLarge):
        await client.get_connector(1)


async def test_connect_error_names_host_and_port(api: respx.MockRouter, client: AlmClient) -> None:
    api.get(CONNECTION).mock(side_effect=httpx.ConnectError("[Errno 111] Connection refused"))
    with pytest.raises(CannotConnect) as caught:
        await client.get_connection(1)
    assert type(caught.value) is CannotConnect
    expected = "Cannot reach sde.example.test:443 ([Errno 111] Connection refused)"
    assert caught.value.message == expected


async def test_certificate_failure_names_the_knobs(
    api: respx.MockRouter, client: AlmClient
) -> None:
    failure = httpx.ConnectError(
        "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate"
    )
    api.get(CONNECTION).mock(side_effect=failure)
    with pytest.raises(TlsError) as caught:
        await client.get_connection(1)
    assert "SSL_CERT_FILE" in caught.value.message and "--ca-file" in caught.value.message


async def test_connect_timeout_is_timed_out(api: respx.MockRouter, client: AlmClient) -> None:
    route = api.get(CONNECTION).mock(side_effect=httpx.ConnectTimeout("timed out"))
    with pytest.raises(TimedOut) as caught:
        await client.get_connection(1)
    assert caught.value.message == "Connecting to sde.example.test:443 timed out after 5 s"
    assert route.call_count == 1  # connect retries belong to the transport


async def test_proxy_failures_name_the_proxy_with_its_password_masked(
    api: respx.MockRouter, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://alice:pr0xy-pw@proxy.corp:3128")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = make_client(trust_env=True)
    assert client.proxy is not None
    client._transport._injected = httpx.MockTransport(
        lambda request: (_ for _ in ()).throw(httpx.ConnectError("Name or service not known"))
    )
    with pytest.raises(CannotConnect) as caught:
        await client.get_connection(1)
    message = caught.value.message
    assert "http://alice:••••••••@proxy.corp:3128" in message
    assert "HTTPS_PROXY" in message and "pr0xy-pw" not in message


def test_no_proxy_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.corp:3128")
    monkeypatch.setenv("NO_PROXY", "localhost,.example.test")
    assert AlmClient(BASE, TOKEN).proxy is None
    monkeypatch.setenv("NO_PROXY", "other.test")
    proxy = AlmClient(BASE, TOKEN).proxy
    assert proxy is not None and proxy.source == "HTTPS_PROXY"
    assert AlmClient(BASE, TOKEN, trust_env=False).proxy is None
    explicit = AlmClient(BASE, TOKEN, proxy="http://u:p@10.0.0.1:8080", trust_env=False).proxy
    assert explicit is not None and explicit.label == "http://u:••••••••@10.0.0.1:8080"


async def test_proxy_refusing_the_tunnel(api: respx.MockRouter, client: AlmClient) -> None:
    api.get(CONNECTION).mock(side_effect=httpx.ProxyError("407 Proxy Authentication Required"))
    with pytest.raises(CannotConnect, match="NO_PROXY"):
        await client.get_connection(1)


async def test_unexpected_status_is_a_plain_api_error(
    api: respx.MockRouter, client: AlmClient
) -> None:
    error = await failing_get(api, client, httpx.Response(418, json={"detail": "teapot"}))
    assert type(error) is ApiError
    assert error.status == 418 and "teapot" in error.message
