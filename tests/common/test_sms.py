"""Text messages: the console backend keeps what it would send; the Tencent Cloud backend
speaks SendSms through the provider's own SDK, here to a local server that answers as the API
does (https://cloud.tencent.com/document/api/382/55981)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from common import sms


class FakeSendSms(BaseHTTPRequestHandler):
    """Answer a SendSms call as Tencent Cloud does; keep what was asked."""

    answer: dict = {}
    seen: list = []

    def do_POST(self):  # noqa: N802  the http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).seen.append((dict(self.headers), json.loads(body)))
        payload = json.dumps(type(self).answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def tencent(settings, monkeypatch):
    """A local SendSms server and the settings that point the Tencent backend at it."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    server = HTTPServer(("127.0.0.1", 0), FakeSendSms)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeSendSms.seen = []
    settings.SMS_BACKEND = "common.sms.TencentBackend"
    settings.TENCENT_SMS_SECRET_ID = "AKIDtest"
    settings.TENCENT_SMS_SECRET_KEY = "test-key"
    settings.TENCENT_SMS_APP_ID = "1400000000"
    settings.TENCENT_SMS_SIGN = "文化路街道"
    settings.TENCENT_SMS_TEMPLATE_ID = "123456"
    settings.TENCENT_SMS_PROTOCOL = "http"
    settings.TENCENT_SMS_ENDPOINT = f"127.0.0.1:{server.server_port}"
    settings.TENCENT_SMS_TIMEOUT = 5
    yield FakeSendSms
    server.shutdown()
    server.server_close()


def sent(serial="2433:123", code="Ok", message="send success"):
    return {
        "Response": {
            "SendStatusSet": [
                {"SerialNo": serial, "PhoneNumber": "+8613800138000", "Fee": 1,
                 "SessionContext": "", "Code": code, "Message": message, "IsoCode": "CN"}
            ],
            "RequestId": "a0aabda6-cf91-4f3e-a81f-9198114a2279",
        }
    }  # fmt: skip


def test_the_console_backend_keeps_the_text(settings):
    settings.SMS_BACKEND = "common.sms.ConsoleBackend"
    sms.outbox.clear()
    text = sms.send_text("+8613800138000", ["123456", 10])
    assert sms.outbox == [text] and text.params == ("123456", "10")
    sms.outbox.clear()


def test_tencent_sends_through_its_sdk(tencent):
    tencent.answer = sent()
    text = sms.send_text("+8613800138000", ["654321", "10"])
    assert text.serial == "2433:123" and text.template == "123456"
    headers, body = tencent.seen[-1]
    assert headers["X-TC-Action"] == "SendSms" and headers["X-TC-Version"] == "2021-01-11"
    assert headers["Authorization"].startswith("TC3-HMAC-SHA256 Credential=AKIDtest/")
    assert body == {
        "PhoneNumberSet": ["+8613800138000"],
        "SmsSdkAppId": "1400000000",
        "SignName": "文化路街道",
        "TemplateId": "123456",
        "TemplateParamSet": ["654321", "10"],
    }


def test_a_text_the_provider_does_not_send_is_an_error(tencent):
    tencent.answer = sent(code="LimitExceeded.PhoneNumberDailyLimit", message="daily limit")
    with pytest.raises(sms.SmsError, match="PhoneNumberDailyLimit"):
        sms.send_text("+8613800138000", ["654321", "10"])


def test_a_refused_call_is_an_error(tencent):
    tencent.answer = {
        "Response": {
            "Error": {
                "Code": "AuthFailure.SecretIdNotFound",
                "Message": "The SecretId is not found",
            },
            "RequestId": "b1",
        }
    }
    with pytest.raises(sms.SmsError, match="SecretIdNotFound"):
        sms.send_text("+8613800138000", ["654321", "10"])


def test_tencent_without_its_settings_says_which_are_missing(settings):
    settings.SMS_BACKEND = "common.sms.TencentBackend"
    settings.TENCENT_SMS_SECRET_ID = ""
    with pytest.raises(sms.SmsError, match="TENCENT_SMS_SECRET_ID"):
        sms.send_text("+8613800138000", ["1"])
