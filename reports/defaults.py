"""The calendar an installation starts with (migration 0002; `ensure_defaults` for tests and the
demo): NĐ 09/2019/NĐ-CP Điều 12 and the two-tier local government of 1/7/2025. Plain data, so
that the migration reads it without importing models."""

import datetime

# (code, name, months per period, periods per year, display order); cut-off day 14, deadline 2
# working days after it, 5 grace days, reminders 3 days before: the model's field defaults.
KINDS = [
    ("6-thang", "6 tháng", 6, 1, 1),
    ("nam", "Năm", 12, 1, 2),
]

# (valid from, level): the districts reported until the district level was abolished; the
# communes and wards from 1/7/2025. The first rule starts on the earliest date the
# application accepts (danvan.inputs.MIN_DATE).
LEVEL_RULES = [
    (datetime.date(1945, 1, 1), "district"),
    (datetime.date(2025, 7, 1), "commune"),
]
