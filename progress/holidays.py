"""The official holidays and make-up working days (放假调休) from the State Council's notices.

Only the years the portal is used for are filled: 2020 (the demo programme) and 2026. Other
years are added in the admin (progress → holiday calendar) when their notice comes out.
"""

import datetime

D = datetime.date


def _span(first, last):
    day = first
    while day <= last:
        yield day
        day += datetime.timedelta(days=1)


# (occasion, first holiday, last holiday, make-up working days)
NOTICES = {
    # 国办发明电〔2019〕16号, and 国办发明电〔2020〕1号 extending 春节 to 2 February: the
    # make-up working day of 1 February fell inside the extension and was not worked.
    2020: [
        ("元旦", D(2020, 1, 1), D(2020, 1, 1), []),
        ("春节", D(2020, 1, 24), D(2020, 2, 2), [D(2020, 1, 19)]),
        ("清明节", D(2020, 4, 4), D(2020, 4, 6), []),
        ("劳动节", D(2020, 5, 1), D(2020, 5, 5), [D(2020, 4, 26), D(2020, 5, 9)]),
        ("端午节", D(2020, 6, 25), D(2020, 6, 27), [D(2020, 6, 28)]),
        ("国庆节、中秋节", D(2020, 10, 1), D(2020, 10, 8), [D(2020, 9, 27), D(2020, 10, 10)]),
    ],
    # 国务院办公厅关于2026年部分节假日安排的通知 (4 November 2025).
    2026: [
        ("元旦", D(2026, 1, 1), D(2026, 1, 3), [D(2026, 1, 4)]),
        ("春节", D(2026, 2, 15), D(2026, 2, 23), [D(2026, 2, 14), D(2026, 2, 28)]),
        ("清明节", D(2026, 4, 4), D(2026, 4, 6), []),
        ("劳动节", D(2026, 5, 1), D(2026, 5, 5), [D(2026, 5, 9)]),
        ("端午节", D(2026, 6, 19), D(2026, 6, 21), []),
        ("中秋节", D(2026, 9, 25), D(2026, 9, 27), []),
        ("国庆节", D(2026, 10, 1), D(2026, 10, 7), [D(2026, 9, 20), D(2026, 10, 10)]),
    ],
}


def calendar_days(year):
    """Yield (date, kind, occasion) for each exception to the working week in ``year``."""
    for name, first, last, workdays in NOTICES[year]:
        for day in _span(first, last):
            yield day, "holiday", name
        for day in workdays:
            yield day, "workday", name
