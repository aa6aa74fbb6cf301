"""Rate limits of the data requests' public page, like the receipt-code look-ups
(oversight/opinions/throttles.py): per client address, and per receipt code, so that no one
texts a resident's phone again and again, whatever address they come from."""

import hashlib

from ..opinions.throttles import PublicRateThrottle


class PrivacyLookupThrottle(PublicRateThrottle):
    """Look-ups of a receipt code and a phone, per client address."""

    scope = "privacy_lookup"


class PrivacyVerifyThrottle(PublicRateThrottle):
    """Confirmation codes tried, per client address."""

    scope = "privacy_verify"


class PrivacyCodeThrottle(PublicRateThrottle):
    """Look-ups of one receipt code, from any address: each may text the phone."""

    scope = "privacy_code"

    def __init__(self, code: str):
        super().__init__()
        self.code = code

    def get_cache_key(self, request, view):
        # A digest: the typed code may hold any character, and a key must not.
        ident = hashlib.sha256(self.code.encode()).hexdigest()[:32]
        return self.cache_format % {"scope": self.scope, "ident": ident}
