"""Demo data: Hà Tĩnh as the June 2023 Báo Hà Tĩnh report describes it.

Everything numeric here is the article's (`shared/seed/baohatinh-dan-van-kheo-2023.txt`);
unit codes are the NSO codes; the 2025 reorganisation follows Nghị quyết 1283 and 1665.
The article does not say which field each typical model belongs to: that is our
classification. Loading is idempotent: a second run finds every row as it should be and
writes nothing (so no change-history entries either).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from models_registry.models import (
    MIN_YEAR,
    AdministrativeUnit,
    Field,
    GoverningBody,
    HostType,
    MobilizationModel,
    ModelKind,
    OfficerProfile,
    SuccessionKind,
    UnitLevel,
    UnitSuccession,
)
from surveys.models import Indicator, Proposal, Recommendation, ReportedCount, SessionStatus, SurveySession

DEMO_PASSWORD = "danvan-demo"  # noqa: S105 - demo users exist only when DEBUG is on
SOURCE = (
    "Báo Hà Tĩnh (baohatinh.vn), 6/2023: “Dân vận khéo” giúp các địa phương thực hiện thắng lợi "
    "các nhiệm vụ chính trị"
)
BEFORE_2025 = datetime.date(2024, 12, 31)
NQ1283 = datetime.date(2025, 1, 1)
LAST_TWO_TIER_EVE = datetime.date(2025, 6, 30)
NQ1665 = datetime.date(2025, 7, 1)
NQ1283_BASIS = "Nghị quyết 1283/NQ-UBTVQH15"
NQ1665_BASIS = "Nghị quyết 1665/NQ-UBTVQH15"

FIELDS = [
    ("kinh-te", "Kinh tế", 1),
    ("van-hoa-xa-hoi", "Văn hóa – xã hội", 2),
    ("quoc-phong-an-ninh", "Quốc phòng – an ninh", 3),
    ("xay-dung-he-thong-chinh-tri", "Xây dựng hệ thống chính trị", 4),
]

# District-level units in 2023: (code, name, kind, valid_until).
DISTRICTS = [
    ("436", "Thành phố Hà Tĩnh", "thanh_pho", LAST_TWO_TIER_EVE),
    ("437", "Thị xã Hồng Lĩnh", "thi_xa", LAST_TWO_TIER_EVE),
    ("439", "Huyện Hương Sơn", "huyen", LAST_TWO_TIER_EVE),
    ("440", "Huyện Đức Thọ", "huyen", LAST_TWO_TIER_EVE),
    ("441", "Huyện Vũ Quang", "huyen", LAST_TWO_TIER_EVE),
    ("442", "Huyện Nghi Xuân", "huyen", LAST_TWO_TIER_EVE),
    ("443", "Huyện Can Lộc", "huyen", LAST_TWO_TIER_EVE),
    ("444", "Huyện Hương Khê", "huyen", LAST_TWO_TIER_EVE),
    ("445", "Huyện Thạch Hà", "huyen", LAST_TWO_TIER_EVE),
    ("446", "Huyện Cẩm Xuyên", "huyen", LAST_TWO_TIER_EVE),
    ("447", "Huyện Kỳ Anh", "huyen", LAST_TWO_TIER_EVE),
    ("448", "Huyện Lộc Hà", "huyen", BEFORE_2025),
    ("449", "Thị xã Kỳ Anh", "thi_xa", LAST_TWO_TIER_EVE),
]

# Communes as they stood in 2023: district code -> [(code, name, kind)].
COMMUNES_2023 = {
    "446": [
        ("18673", "Thị trấn Cẩm Xuyên", "thi_tran"),
        ("18676", "Thị trấn Thiên Cầm", "thi_tran"),
        ("18679", "Xã Yên Hòa", "xa"),
        ("18682", "Xã Cẩm Dương", "xa"),
        ("18685", "Xã Cẩm Bình", "xa"),
        ("18691", "Xã Cẩm Vịnh", "xa"),
        ("18694", "Xã Cẩm Thành", "xa"),
        ("18697", "Xã Cẩm Quang", "xa"),
        ("18706", "Xã Cẩm Thạch", "xa"),
        ("18709", "Xã Cẩm Nhượng", "xa"),
        ("18712", "Xã Nam Phúc Thăng", "xa"),
        ("18715", "Xã Cẩm Duệ", "xa"),
        ("18721", "Xã Cẩm Lĩnh", "xa"),
        ("18724", "Xã Cẩm Quan", "xa"),
        ("18727", "Xã Cẩm Hà", "xa"),
        ("18730", "Xã Cẩm Lộc", "xa"),
        ("18733", "Xã Cẩm Hưng", "xa"),
        ("18736", "Xã Cẩm Thịnh", "xa"),
        ("18739", "Xã Cẩm Mỹ", "xa"),
        ("18742", "Xã Cẩm Trung", "xa"),
        ("18745", "Xã Cẩm Sơn", "xa"),
        ("18748", "Xã Cẩm Lạc", "xa"),
        ("18751", "Xã Cẩm Minh", "xa"),
    ],
    "436": [
        ("18073", "Phường Nam Hà", "phuong"),
        ("18077", "Phường Bắc Hà", "phuong"),
        ("18079", "Phường Tân Giang", "phuong"),
        ("18082", "Phường Đại Nài", "phuong"),
        ("18085", "Phường Hà Huy Tập", "phuong"),
        ("18088", "Phường Thạch Trung", "phuong"),
        ("18091", "Phường Thạch Quý", "phuong"),
        ("18094", "Phường Trần Phú", "phuong"),
        ("18097", "Phường Văn Yên", "phuong"),
        ("18100", "Xã Thạch Hạ", "xa"),
        ("18103", "Xã Đồng Môn", "xa"),
        ("18109", "Xã Thạch Hưng", "xa"),
        ("18112", "Xã Thạch Bình", "xa"),
    ],
    "448": [("18598", "Xã Hộ Độ", "xa")],
    "445": [("18643", "Xã Thạch Đài", "xa"), ("18652", "Xã Tân Lâm Hương", "xa")],
}

# On 1/1/2025 these communes moved into TP Hà Tĩnh (a new version of each, same code).
MOVED_TO_CITY_2025 = ["18685", "18691", "18598", "18643", "18652"]

# Two-tier government from 1/7/2025: new code -> (name, kind, [(old code, whole/partial)]).
SUCCESSORS_2025 = {
    "18673": ("Xã Cẩm Xuyên", "xa", [("18673", "whole"), ("18697", "whole"), ("18724", "whole")]),
    "18676": ("Xã Thiên Cầm", "xa", [("18676", "whole"), ("18709", "whole"), ("18712", "whole")]),
    "18682": ("Xã Yên Hòa", "xa", [("18679", "whole"), ("18682", "whole")]),
    "18685": ("Xã Cẩm Bình", "xa", [("18685", "whole"), ("18691", "whole"), ("18694", "whole"), ("18112", "whole")]),
    "18736": ("Xã Cẩm Hưng", "xa", [("18727", "whole"), ("18733", "whole"), ("18736", "whole")]),
    "18739": ("Xã Cẩm Duệ", "xa", [("18706", "whole"), ("18715", "whole"), ("18739", "whole")]),
    "18742": ("Xã Cẩm Trung", "xa", [("18721", "whole"), ("18730", "whole"), ("18742", "whole")]),
    "18748": ("Xã Cẩm Lạc", "xa", [("18745", "whole"), ("18748", "whole"), ("18751", "whole")]),
    "18073": (
        "Phường Thành Sen",
        "phuong",
        [
            ("18073", "whole"),
            ("18077", "whole"),
            ("18079", "whole"),
            ("18085", "whole"),
            ("18091", "whole"),
            ("18094", "whole"),
            ("18097", "whole"),
            ("18109", "whole"),
            ("18082", "partial"),
        ],
    ),
    "18100": (
        "Phường Trần Phú",
        "phuong",
        [("18088", "whole"), ("18100", "whole"), ("18103", "whole"), ("18598", "whole")],
    ),
    "18652": ("Phường Hà Huy Tập", "phuong", [("18082", "partial"), ("18643", "whole"), ("18652", "whole")]),
}

# (name, field code, unit code, host type, host name, kind)
MODELS_CAM_XUYEN = [
    ("Sản xuất lúa, cá hữu cơ", "kinh-te", "18685", HostType.GOVERNMENT, "Xã Cẩm Bình", ModelKind.COLLECTIVE),
    ("Phân loại, xử lý rác thải", "van-hoa-xa-hoi", "18691", HostType.GOVERNMENT, "Xã Cẩm Vịnh", ModelKind.COLLECTIVE),
    ("Ống tiền tiết kiệm", "kinh-te", "446", HostType.WOMEN, "Hội LHPN các cấp huyện Cẩm Xuyên", ModelKind.COLLECTIVE),
    ("Tổ bát cháo tự tâm", "van-hoa-xa-hoi", "18673", HostType.RESIDENTIAL, "Thị trấn Cẩm Xuyên", ModelKind.COLLECTIVE),
    ("Ngân hàng máu sống cứu người", "van-hoa-xa-hoi", "446", HostType.YOUTH, "Huyện đoàn Cẩm Xuyên",
     ModelKind.COLLECTIVE),
    ("Sản xuất nông nghiệp tuần hoàn", "kinh-te", "18685", HostType.PERSON, "Anh Trần Danh Giáp",
     ModelKind.INDIVIDUAL),
]
MODELS_HA_TINH = [
    ("Trồng sen sinh thái, nuôi trai lấy ngọc", "kinh-te", "18103", HostType.GOVERNMENT, "Xã Đồng Môn",
     ModelKind.COLLECTIVE),
    ("Tập trung ruộng đất kết hợp sản xuất lúa, nuôi tôm, cá", "kinh-te", "436", HostType.GOVERNMENT,
     "Thành phố Hà Tĩnh", ModelKind.COLLECTIVE),
    ("Tổ liên gia an toàn tự quản về an ninh trật tự", "quoc-phong-an-ninh", "436", HostType.RESIDENTIAL,
     "Thành phố Hà Tĩnh", ModelKind.COLLECTIVE),
    ("Xứ đạo an toàn đoàn kết văn hóa", "van-hoa-xa-hoi", "18100", HostType.RESIDENTIAL, "Xã Thạch Hạ",
     ModelKind.COLLECTIVE),
    ("Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh", "xay-dung-he-thong-chinh-tri", "436",
     HostType.FRONT, "Ủy ban MTTQ thành phố Hà Tĩnh", ModelKind.COLLECTIVE),
    ("Ngôi nhà xanh tiết kiệm sinh thái", "van-hoa-xa-hoi", "436", HostType.WOMEN, "Hội LHPN thành phố Hà Tĩnh",
     ModelKind.COLLECTIVE),
    ("Tổ dân phố mẫu, ngôi nhà trí tuệ tổ dân phố Trung Lân", "xay-dung-he-thong-chinh-tri", "18091",
     HostType.RESIDENTIAL, "Tổ dân phố Trung Lân, phường Thạch Quý", ModelKind.COLLECTIVE),
]

DELEGATION = "Đoàn công tác Ban Chỉ đạo Phong trào thi đua “Dân vận khéo” tỉnh Hà Tĩnh"

SESSIONS = [
    {
        "unit": "446",
        "title": "Khảo sát, đánh giá phong trào thi đua “Dân vận khéo” giai đoạn 2008 – 2023 của huyện Cẩm Xuyên",
        "head_name": "Trương Thanh Huyền",
        "head_title": "Trưởng ban Dân vận Tỉnh ủy",
        "chairs": "Trưởng ban Dân vận Tỉnh ủy Trương Thanh Huyền\n"
        "Phó Bí thư Thường trực Huyện ủy Cẩm Xuyên Hà Thị Việt Ánh",
        "summary": "Buổi sáng 5/6/2023. Chất lượng phong trào thi đua “Dân vận khéo” của huyện Cẩm Xuyên được nâng "
        "lên; nhiều mô hình có sức lan tỏa rõ nét, tạo chuyển biến tích cực trong hệ thống chính trị và toàn xã "
        "hội. Đoàn đã khảo sát thực tế một số mô hình điển hình trên địa bàn huyện.",
        "conclusion": "Đánh giá cao các mô hình dân vận khéo mà địa phương đã xây dựng được; Cẩm Xuyên là một trong "
        "những địa phương đi đầu trong phong trào thi đua “Dân vận khéo” của Hà Tĩnh.",
        "reported_total": 3372,
        "counts": {"kinh-te": 1205, "van-hoa-xa-hoi": 1427, "quoc-phong-an-ninh": 425,
                   "xay-dung-he-thong-chinh-tri": 315},
        "indicators": [
            ("Thu ngân sách", "trên 400 tỷ đồng", Decimal("400"), "tỷ đồng", 2023),
            ("Thu nhập bình quân đầu người", "50,5 triệu đồng/người/năm", Decimal("50.5"),
             "triệu đồng/người/năm", 2023),
            ("Tỷ lệ hộ nghèo đa chiều", "2,8%", Decimal("2.8"), "%", 2023),
        ],
        "proposals": [
            ("Bí thư Huyện ủy Cẩm Xuyên Nguyễn Văn Thành",
             "Tỉnh cần có bộ tiêu chí cụ thể để đánh giá về các mô hình “Dân vận khéo”; tăng cường tập huấn cho cán "
             "bộ phụ trách về công tác “Dân vận khéo”."),
            ("Một số đại biểu",
             "Ban Chỉ đạo cấp tỉnh và cấp huyện cần đẩy mạnh tập huấn cho cán bộ phụ trách về công tác “Dân vận "
             "khéo”; quan tâm hơn nữa công tác thi đua khen thưởng, nhân rộng các điển hình tiên tiến."),
        ],
        "responsible": "Huyện ủy Cẩm Xuyên",
        "recommendations": [
            "Tiếp tục quan tâm lãnh đạo, chỉ đạo phong trào để góp phần thực hiện thắng lợi các mục tiêu, nhiệm vụ "
            "chính trị; huy động cả hệ thống chính trị cùng tham gia “Dân vận khéo”.",
            "Khảo sát lại các mô hình, lựa chọn những mô hình có hàm lượng “Dân vận khéo” cao để nhân rộng, lan tỏa.",
            "Tăng cường tiếp xúc đối thoại và giải quyết những vấn đề phát sinh ở cơ sở.",
            "Quan tâm công tác dân vận chính quyền.",
            "Đẩy mạnh thực hiện quy chế dân chủ cơ sở.",
            "Tiếp tục làm tốt công tác tuyên truyền, vận động Nhân dân thực hiện các phong trào thi đua yêu nước "
            "gắn với mô hình “Dân vận khéo”.",
            "Chuẩn bị các điều kiện tốt nhất để tham gia hội thi “Dân vận khéo” trong thời gian tới.",
        ],
        "visited": ["Sản xuất nông nghiệp tuần hoàn"],
    },
    {
        "unit": "436",
        "title": "Khảo sát, đánh giá phong trào thi đua “Dân vận khéo” giai đoạn 2008 – 2023 của TP Hà Tĩnh",
        "head_name": "Nguyễn Hải Nam",
        "head_title": "Phó Trưởng ban Dân vận Tỉnh ủy",
        "chairs": "Phó Trưởng ban Dân vận Tỉnh ủy Nguyễn Hải Nam\nPhó Bí thư Thường trực Thành ủy Phan Ngọc Long",
        "summary": "Buổi chiều 5/6/2023. Phong trào thi đua “Dân vận khéo” đã tạo ra khí thế mới, sức lan tỏa rõ nét, "
        "đóng góp tích cực vào kết quả thực hiện các nhiệm vụ chính trị của TP Hà Tĩnh.",
        "conclusion": "Đánh giá cao các mô hình dân vận khéo tại TP Hà Tĩnh.",
        "reported_total": 794,
        "counts": {"kinh-te": 263, "van-hoa-xa-hoi": 420, "quoc-phong-an-ninh": 62,
                   "xay-dung-he-thong-chinh-tri": 49},
        "indicators": [
            ("Công nhận đô thị", "đô thị loại II", None, "", None),
            ("Phường đạt văn minh đô thị", "10/10", None, "phường", None),
            ("Phường đạt chuẩn văn minh đô thị kiểu mẫu", "3", Decimal("3"), "phường", None),
            ("Xã đạt chuẩn nông thôn mới nâng cao", "4/5", None, "xã", None),
            ("Xã đạt chuẩn nông thôn mới kiểu mẫu", "1", Decimal("1"), "xã", None),
            ("Khu dân cư nông thôn mới kiểu mẫu", "34", Decimal("34"), "khu dân cư", None),
            ("Tốc độ tăng trưởng bình quân giai đoạn 2021 – 2023", "9,86%", Decimal("9.86"), "%", 2023),
            ("Thu nhập bình quân đầu người", "64 triệu đồng/người/năm", Decimal("64"), "triệu đồng/người/năm", 2023),
        ],
        "proposals": [
            ("Các đại biểu", "Quan tâm hơn nữa công tác thi đua khen thưởng, nhân rộng các điển hình tiên tiến."),
            ("Các đại biểu",
             "Xác định nội dung trọng tâm của phong trào phù hợp với điều kiện từng địa bàn, từng đối tượng."),
            ("Các đại biểu", "Đổi mới công tác tuyên truyền."),
        ],
        "responsible": "Thành ủy Hà Tĩnh",
        "recommendations": [
            "Thường xuyên nâng cao nhận thức về công tác dân vận, đặc biệt là phong trào “Dân vận khéo” để tiếp tục "
            "đi vào chiều sâu, tạo sự chuyển biến thực chất.",
            "Tổ chức sơ kết, tổng kết, khen thưởng kịp thời.",
            "Khảo sát, lựa chọn và có giải pháp để nhân rộng các mô hình “Dân vận khéo” phù hợp với điều kiện cơ sở.",
            "Tiếp tục làm tốt công tác tuyên truyền, vận động Nhân dân thực hiện các phong trào thi đua yêu nước "
            "gắn với mô hình “Dân vận khéo”.",
            "Chuẩn bị các điều kiện tốt nhất để tham gia hội thi “Dân vận khéo”.",
        ],
        "visited": ["Tổ dân phố mẫu, ngôi nhà trí tuệ tổ dân phố Trung Lân"],
    },
]
SESSION_DATE = datetime.date(2023, 6, 5)

# The governing body's names: (valid from, full name, short name, abbreviation, name in document
# headers under "Tỉnh ủy Hà Tĩnh"). Hà Tĩnh merged its
# Ban Dân vận and Ban Tuyên giáo in early 2025 (February–March, as most provinces did); our sources
# do not give the day, so 1/3/2025 stands for it. The first name is dated from the earliest day the
# application accepts: it stands for everything before the merger.
GOVERNING_BODIES = [
    (datetime.date(MIN_YEAR, 1, 1), "Ban Dân vận Tỉnh ủy Hà Tĩnh", "Ban Dân vận Tỉnh ủy", "BDVTU", "Ban Dân vận"),
    (datetime.date(2025, 3, 1), "Ban Tuyên giáo và Dân vận Tỉnh ủy Hà Tĩnh", "Ban Tuyên giáo và Dân vận Tỉnh ủy",
     "BTGDVTU", "Ban Tuyên giáo và Dân vận"),
]


def upsert(model, lookup: dict, values: dict):
    """Get the row matching `lookup`; create it, or save it only if a value differs.

    Saving an unchanged row would still add a change-history entry, and a second
    `load_demo` must change nothing."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj


def link(predecessor, successor, kind, date, basis):
    upsert(
        UnitSuccession,
        {"predecessor": predecessor, "successor": successor},
        {"kind": kind, "effective_date": date, "legal_basis": basis},
    )


class DemoLoader:
    """Builds the demo rows in order: the governing body, units, fields, models, sessions, users."""

    def __init__(self):
        self.units_2023 = {}

    @transaction.atomic
    def load(self, with_users: bool):
        for valid_from, full_name, short_name, abbreviation, header_name in GOVERNING_BODIES:
            upsert(GoverningBody, {"valid_from": valid_from}, {
                "full_name": full_name, "short_name": short_name, "abbreviation": abbreviation,
                "header_name": header_name,
                "parent_body": "Tỉnh ủy Hà Tĩnh", "province_name": "Hà Tĩnh",
            })
        self.load_units()
        self.fields = {code: upsert(Field, {"code": code}, {"name": name, "order": order, "is_active": True})
                       for code, name, order in FIELDS}
        self.load_models()
        self.load_sessions()
        if with_users:
            self.load_users()

    def unit(self, code, name, level, kind, parent, valid_from, valid_until):
        return upsert(
            AdministrativeUnit,
            {"level": level, "code": code, "valid_from": valid_from},
            {"name": name, "kind": kind, "parent": parent, "valid_until": valid_until},
        )

    def load_units(self):
        self.province = self.unit("42", "Tỉnh Hà Tĩnh", UnitLevel.PROVINCE, "tinh", None, None, None)
        for code, name, kind, until in DISTRICTS:
            self.units_2023[code] = self.unit(code, name, UnitLevel.DISTRICT, kind, self.province, None, until)
        for district_code, communes in COMMUNES_2023.items():
            district = self.units_2023[district_code]
            for code, name, kind in communes:
                until = BEFORE_2025 if code in MOVED_TO_CITY_2025 else LAST_TWO_TIER_EVE
                self.units_2023[code] = self.unit(code, name, UnitLevel.COMMUNE, kind, district, None, until)
        self.load_2025_changes()

    def load_2025_changes(self):
        city = self.units_2023["436"]
        before_july = dict(self.units_2023)  # the versions in force on 30/6/2025
        for code in MOVED_TO_CITY_2025:
            old = self.units_2023[code]
            moved = self.unit(code, old.name, UnitLevel.COMMUNE, old.kind, city, NQ1283, LAST_TWO_TIER_EVE)
            link(old, moved, SuccessionKind.WHOLE, NQ1283, NQ1283_BASIS)
            before_july[code] = moved
        loc_ha = self.units_2023["448"]
        link(loc_ha, self.units_2023["445"], SuccessionKind.PARTIAL, NQ1283, NQ1283_BASIS)
        link(loc_ha, city, SuccessionKind.PARTIAL, NQ1283, NQ1283_BASIS)
        for code, (name, kind, sources) in SUCCESSORS_2025.items():
            new = self.unit(code, name, UnitLevel.COMMUNE, kind, self.province, NQ1665, None)
            for old_code, succession in sources:
                link(before_july[old_code], new, succession, NQ1665, NQ1665_BASIS)

    def load_models(self):
        self.models = {}
        for name, field, unit, host_type, host_name, kind in MODELS_CAM_XUYEN + MODELS_HA_TINH:
            self.models[name] = upsert(
                MobilizationModel,
                {"name": name, "unit": self.units_2023[unit]},
                {
                    "field": self.fields[field],
                    "host_type": host_type,
                    "host_name": host_name,
                    "kind": kind,
                    "is_exemplary": True,
                    "is_published": True,
                },
            )

    def load_sessions(self):
        for data in SESSIONS:
            unit = self.units_2023[data["unit"]]
            session = upsert(
                SurveySession,
                {"date": SESSION_DATE, "unit": unit},
                {
                    "title": data["title"],
                    "delegation": DELEGATION,
                    "head_name": data["head_name"],
                    "head_title": data["head_title"],
                    "chairs": data["chairs"],
                    "period_start": 2008,
                    "period_end": 2023,
                    "reported_total": data["reported_total"],
                    "source": SOURCE,
                    "summary": data["summary"],
                    "conclusion": data["conclusion"],
                    "status": SessionStatus.FINAL,
                },
            )
            self.load_session_parts(session, data)

    def load_session_parts(self, session, data):
        for field, count in data["counts"].items():
            upsert(ReportedCount, {"session": session, "field": self.fields[field]}, {"count": count})
        for order, (name, text, number, measure, year) in enumerate(data["indicators"], start=1):
            upsert(
                Indicator,
                {"session": session, "name": name},
                {"value_text": text, "value_number": number, "unit_of_measure": measure, "year": year, "order": order},
            )
        for order, (raised_by, text) in enumerate(data["proposals"], start=1):
            upsert(Proposal, {"session": session, "text": text}, {"raised_by": raised_by, "order": order})
        for order, text in enumerate(data["recommendations"], start=1):
            upsert(
                Recommendation,
                {"session": session, "text": text},
                {"responsible": data["responsible"], "responsible_unit": session.unit, "order": order},
            )
        visited = [self.models[name] for name in data["visited"]]
        if set(session.visited_models.all()) != set(visited):
            session.visited_models.set(visited)

    def load_users(self):
        User = get_user_model()  # noqa: N806
        admin = self.user(User, "admin", "Quản trị viên", is_staff=True, is_superuser=True)
        tinh = self.user(User, "tinh", "Cán bộ Ban Tuyên giáo và Dân vận Tỉnh ủy")
        camxuyen = self.user(User, "camxuyen", "Cán bộ Ban Dân vận Huyện ủy Cẩm Xuyên")
        upsert(
            OfficerProfile, {"user": tinh},
            {"scope_unit": self.province, "title": "Chuyên viên Ban Tuyên giáo và Dân vận Tỉnh ủy"},
        )
        upsert(
            OfficerProfile,
            {"user": camxuyen},
            {"scope_unit": self.units_2023["446"], "title": "Chuyên viên Ban Dân vận Huyện ủy Cẩm Xuyên"},
        )
        return admin

    @staticmethod
    def user(User, username, full_name, **flags):  # noqa: N803
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, first_name=full_name, **flags)
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user


def load_demo(with_users: bool | None = None) -> None:
    """Load the demo data; demo users (password `danvan-demo`) only when DEBUG is on."""
    DemoLoader().load(settings.DEBUG if with_users is None else with_users)

