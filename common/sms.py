"""Text messages (SMS) to residents' phones, through the backend the ``SMS_BACKEND`` setting
names (a dotted path, as Django's EMAIL_BACKEND):

- ``common.sms.ConsoleBackend`` (the default, for the demo and the tests): writes each text to
  the log and keeps it in ``outbox``, as Django's locmem mail backend keeps its mails;
- ``common.sms.TencentBackend``: Tencent Cloud SMS (腾讯云短信) through its own SDK,
  ``tencentcloud-sdk-python-sms``, with the ``TENCENT_SMS_*`` settings (docs/deployment.md).

A provider sends only texts of templates it approved, with the template's parameters filled in:
``send_text`` takes the parameters, the backend the template. A refusal of the provider, or a
provider out of reach, is an ``SmsError``.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The text could not be sent (the provider refused it, or could not be reached)."""


@dataclass(frozen=True)
class Text:
    """A text as sent: the phone (E.164, +86...), the template and its parameters."""

    phone: str
    params: tuple[str, ...]
    template: str = ""
    serial: str = field(default="", compare=False)


# What the console backend sent, oldest first (tests read the codes residents would get).
outbox: list[Text] = []


class ConsoleBackend:
    """Send nothing: log the text and keep it in ``outbox``."""

    def send(self, phone: str, params: tuple[str, ...]) -> Text:
        text = Text(phone=phone, params=tuple(params), template="console")
        outbox.append(text)
        logger.info("SMS to %s: %s", phone, ", ".join(text.params))
        return text


class TencentBackend:
    """Tencent Cloud SMS, API version 2021-01-11 (SendSms), through the provider's SDK."""

    def __init__(self):
        missing = [
            name
            for name in ("TENCENT_SMS_SECRET_ID", "TENCENT_SMS_SECRET_KEY",
                         "TENCENT_SMS_APP_ID", "TENCENT_SMS_SIGN", "TENCENT_SMS_TEMPLATE_ID")
            if not getattr(settings, name, "")
        ]  # fmt: skip
        if missing:
            raise SmsError(f"Tencent Cloud SMS is not configured: set {', '.join(missing)}.")

    def client(self):
        from tencentcloud.common import credential
        from tencentcloud.common.profile.client_profile import ClientProfile
        from tencentcloud.common.profile.http_profile import HttpProfile
        from tencentcloud.sms.v20210111 import sms_client

        http = HttpProfile(
            protocol=settings.TENCENT_SMS_PROTOCOL,
            endpoint=settings.TENCENT_SMS_ENDPOINT,
            reqTimeout=settings.TENCENT_SMS_TIMEOUT,
        )
        return sms_client.SmsClient(
            credential.Credential(settings.TENCENT_SMS_SECRET_ID, settings.TENCENT_SMS_SECRET_KEY),
            settings.TENCENT_SMS_REGION,
            ClientProfile(httpProfile=http),
        )

    def send(self, phone: str, params: tuple[str, ...]) -> Text:
        from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
            TencentCloudSDKException,
        )
        from tencentcloud.sms.v20210111 import models

        request = models.SendSmsRequest()
        request.PhoneNumberSet = [phone]
        request.SmsSdkAppId = settings.TENCENT_SMS_APP_ID
        request.SignName = settings.TENCENT_SMS_SIGN
        request.TemplateId = settings.TENCENT_SMS_TEMPLATE_ID
        request.TemplateParamSet = [str(param) for param in params]
        try:
            response = self.client().SendSms(request)
        except TencentCloudSDKException as error:
            raise SmsError(f"Tencent Cloud SMS refused the request: {error}") from error
        statuses = response.SendStatusSet or []
        if not statuses or statuses[0].Code != "Ok":
            status = statuses[0] if statuses else None
            reason = f"{status.Code}: {status.Message}" if status else "no status in the answer"
            raise SmsError(f"Tencent Cloud SMS did not send the text ({reason}).")
        return Text(
            phone=phone,
            params=tuple(request.TemplateParamSet),
            template=settings.TENCENT_SMS_TEMPLATE_ID,
            serial=statuses[0].SerialNo or "",
        )


def backend():
    """The backend of the ``SMS_BACKEND`` setting (read at each call, so a test may change it)."""
    return import_string(settings.SMS_BACKEND)()


def send_text(phone, params) -> Text:
    """Send the template's text with ``params`` to ``phone`` (a PhoneNumber or an E.164
    string); raise SmsError when it could not be sent."""
    number = getattr(phone, "as_e164", phone)
    if not number:
        raise SmsError("No phone number to send the text to.")
    return backend().send(str(number), tuple(str(param) for param in params))
