"""Chinese formats: Django's, with amounts grouped by thousands (17,601,400.00), as the
street's and the ministry's tables write them; Django's zh_Hans has no separator at all.

Only what asks for grouping is grouped (floatformat's "g", intcomma): USE_THOUSAND_SEPARATOR
stays off, so years, ids and form inputs stay plain numbers.
"""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
