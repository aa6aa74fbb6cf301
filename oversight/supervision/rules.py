"""Pure rules of supervision: the quality items a check offers and the levels at which each
role files records."""

# The quality items a check offers by default (others may be added on the record). From the
# street's own concerns in the article: safety, dust control, materials, the works themselves.
QUALITY_CHECKLIST = (
    "施工围挡与安全防护",
    "扬尘管控（覆盖、洒水、车辆冲洗）",
    "材料合格证与进场验收",
    "管线铺设深度与回填",
    "楼道粉刷平整无空鼓",
    "暖气管道试压",
    "消防通道畅通",
    "文明施工与渣土清运",
)
# The levels at which each role files supervision records: the street also files what its
# hired supervision firm and the third party found.
FILING_LEVELS = {
    "street_staff": {"street", "firm", "third_party"},
    "community_staff": {"community"},
    "resident_supervisor": {"residents"},
}
ALL_FILING_LEVELS = frozenset().union(*FILING_LEVELS.values())


def filing_levels(*, roles, administrator: bool = False) -> set[str]:
    """Return the levels at which a user holding ``roles`` may file supervision records."""
    if administrator:
        return set(ALL_FILING_LEVELS)
    return set().union(*(FILING_LEVELS.get(role, set()) for role in roles))
