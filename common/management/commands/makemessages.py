"""Django's makemessages, also reading ``_lazy(...)``: the pages' views import gettext_lazy
under that name beside gettext's ``_``, and xgettext knows neither alias by itself (``_`` is
one of its defaults). Without it, ``make messages`` drops their sentences from the catalogue
and the pages show them in English."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_lazy"]
