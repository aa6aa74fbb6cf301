"""Serializer fields every app's API shares."""

from rest_framework import serializers


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A reference to a record of the user's scope: ``selector(user=...)`` gives the records
    that may be named, so one outside them is "does not exist" (a 400). Without a request
    there are none."""

    def __init__(self, *, selector, **kwargs):
        self.selector = selector
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.selector(user=None).none()
        return self.selector(user=request.user)
