"""The host organisation type of a model, as officers actually write it.

The template offers the types' own labels ("Chính quyền", "Hội Liên hiệp Phụ nữ"…), but
officers' files name the body itself: "Ủy ban nhân dân", "UBND xã Cẩm Bình", "Hội Phụ nữ",
"Huyện đoàn", "Công an xã". A cell is matched, ignoring accents, case and punctuation, first
against the labels and stored values, then against the names below, the longest that begins
the cell winning ("Chi hội Phụ nữ thôn 3" is the Women's Union, not the village).

The police and the military are not "chính quyền" in mass-mobilisation work: the Party's rules
for it (Quy chế công tác dân vận, Quyết định 23-QĐ/TW, 2021) treat the state bodies and the
armed forces (Quân đội, Công an) as separate blocks, and the registry has no type for the armed
forces. So "Công an xã", "Ban Chỉ huy quân sự", "Đồn Biên phòng" are `other`, and the name the
officer wrote is kept as the host organisation's name when that cell is empty, so that nothing
is lost. A province that wants the armed forces counted apart would add a type.
"""

from core.cells import Choices
from imports.matching import key
from models_registry.models import HostType

# Folded names (see matching.key) -> type. A name matches the whole cell or its beginning.
SYNONYMS = {
    HostType.GOVERNMENT: ["chinh quyen", "uy ban nhan dan", "ubnd", "hoi dong nhan dan", "hdnd",
                          "co quan nha nuoc"],
    HostType.FRONT: ["mat tran", "mttq", "uy ban mat tran to quoc", "ban cong tac mat tran"],
    HostType.WOMEN: ["hoi phu nu", "phu nu", "hoi lhpn", "lhpn", "hoi lien hiep phu nu", "chi hoi phu nu"],
    HostType.YOUTH: ["doan thanh nien", "doan tn", "doan tncs", "thanh nien", "chi doan", "huyen doan",
                     "tinh doan", "thanh doan", "thi doan", "xa doan"],
    HostType.FARMERS: ["hoi nong dan", "nong dan", "chi hoi nong dan"],
    HostType.VETERANS: ["hoi cuu chien binh", "cuu chien binh", "hoi ccb", "ccb", "chi hoi cuu chien binh"],
    HostType.TRADE_UNION: ["cong doan", "lien doan lao dong", "ldld"],
    HostType.PARTY: ["dang uy", "dang bo", "chi bo", "cap uy", "huyen uy", "tinh uy", "thanh uy", "thi uy",
                     "ban dan van", "ban tuyen giao va dan van"],
    HostType.RESIDENTIAL: ["thon", "xom", "to dan pho", "khu dan cu", "khu pho", "ap"],
    HostType.PERSON: ["ca nhan"],
    HostType.OTHER: ["khac", "cong an", "quan su", "ban chi huy quan su", "quan doi", "bo doi", "bien phong",
                     "don bien phong"],
}
EXAMPLES = ["Ủy ban nhân dân", "UBND xã", "Mặt trận", "Hội Phụ nữ", "Đoàn Thanh niên", "Huyện đoàn", "Hội Nông dân",
            "Hội Cựu chiến binh", "Công đoàn", "Đảng ủy", "Chi bộ", "Thôn", "Tổ dân phố", "Công an xã"]


class HostTypes(Choices):
    """`Choices` of HostType that also understand the names in SYNONYMS."""

    def __init__(self):
        super().__init__(HostType.choices)
        self.synonyms = sorted(((name, kind) for kind, names in SYNONYMS.items() for name in names),
                               key=lambda pair: -len(pair[0]))

    def __call__(self, value, header: str) -> str | None:
        try:
            return super().__call__(value, header)
        except ValueError:
            found = self.synonym(str(value))
            if found is None:
                raise
            return found

    def synonym(self, value: str) -> str | None:
        folded = key(value)
        for name, kind in self.synonyms:
            if folded == name or folded.startswith(name + " "):
                return kind
        return None

    def names_kept(self, value) -> bool:
        """Whether the cell names a body the type does not say (kept as the host's name)."""
        return value is not None and self.synonym(str(value)) == HostType.OTHER and key(str(value)) != "khac"
