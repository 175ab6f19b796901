"""The publication decision (Quyết định phê duyệt và công bố Chỉ số cải cách hành chính) as a Word document, from
locked or published results only.

One decision may cover several campaigns of the same year run by the same committee (the agencies' and the
communes' campaigns, as the province's decision covers its departments and its districts): one appendix per campaign
(its unit group's ranking, landscape), then one appendix of the head-of-unit ratings. The figures are read where the
command line reads them: :func:`parindex.assessments.ranking.ranking_rows` (what ``parindex ranking`` prints, so the
appendix's index and rank are the ranking's) and :func:`parindex.ratings.services.stored_ratings` (the ratings stored
with the lock).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx.document import Document
from docx.shared import Length, Mm

from parindex.assessments.models import Campaign
from parindex.assessments.ranking import RankingRow, area_columns, ranking_rows
from parindex.assessments.scoring import scoring_setup
from parindex.audit import chain
from parindex.publication.documents import nd30
from parindex.ratings.services import RatingRow, stored_ratings
from parindex.scoring.engine import LeafKind

DEFAULT_TITLE = "Phó Chủ tịch"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


class Authority(TextChoices):
    """Who decides: the committee as a body (signed "TM. ỦY BAN NHÂN DÂN"), or its chairman (no "TM.")."""

    COMMITTEE = "committee", gettext_lazy("The People's Committee (signed on its behalf, TM.)")
    CHAIRMAN = "chairman", gettext_lazy("The chairman of the People's Committee")


class DecisionRefused(ValueError):
    """The decision cannot be drawn from these campaigns; the message says why, in one sentence."""


@dataclass(frozen=True)
class DecisionMeta:
    """What Home Affairs types in: the number, the date, the signer; the rest has defaults drawn from the data."""

    number: str
    issued_on: date
    signer: str = ""
    title: str = ""  # the signer's title; default DEFAULT_TITLE
    authority: str = ""  # an Authority; default the committee
    issuer: str = ""  # the issuing body's name; default: the running unit of the campaigns
    place: str = ""  # the place name of the date line; default: from the issuer's name
    legal_bases: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()


@dataclass
class GroupResults:
    """One campaign's part of the decision: its rows in ranking order, its areas and their maxima, its ratings."""

    campaign: Campaign
    rows: list[RankingRow]
    areas: list[tuple[str, str, Decimal]]  # code, name, maximum
    ratings: list[RatingRow] = field(default_factory=list)

    @property
    def group_name(self) -> str:
        return self.campaign.group.name

    @property
    def ranked(self) -> list[RankingRow]:
        return [row for row in self.rows if row.rank is not None and row.index is not None]


def check_campaigns(campaigns: Sequence[Campaign]) -> None:
    """Refuse unless every campaign's results are locked or published and they share a year and a running unit."""
    if not campaigns:
        raise DecisionRefused(_("name at least one campaign"))
    for campaign in campaigns:
        if campaign.is_open:
            raise DecisionRefused(
                _(
                    "the results of campaign %(code)s are not locked: the decision is drawn only from locked or "
                    "published results (lock them first)"
                )
                % {"code": campaign.code}
            )
    if len({c.year for c in campaigns}) > 1 or len({c.owner_id for c in campaigns}) > 1:
        raise DecisionRefused(_("one decision covers campaigns of one year run by one committee"))


def read_results(campaigns: Sequence[Campaign]) -> list[GroupResults]:
    """Each campaign's figures as ``parindex ranking`` and the stored ratings give them."""
    check_campaigns(campaigns)
    groups = []
    for campaign in campaigns:
        tree = scoring_setup(campaign).tree
        maxima: dict[str, Decimal] = {}
        for leaf in tree.leaves:
            if leaf.kind is LeafKind.NORMAL and leaf.nodes:
                code = tree.nodes[leaf.nodes[0]][0]
                maxima[code] = maxima.get(code, Decimal(0)) + leaf.max_points
        areas = [(a.code, a.name, maxima.get(a.code, Decimal(0))) for a in area_columns(campaign)]
        ratings = stored_ratings(campaign) if campaign.rating_rules_id else []
        groups.append(GroupResults(campaign, ranking_rows(campaign), areas, ratings))
    return groups


def default_legal_bases(issuer: nd30.Issuer, year: int) -> list[str]:
    """The legal bases a district decision usually cites (editable before issuing)."""
    return [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều "
        "của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;",
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ ban hành Chương trình tổng thể cải cách "
        "hành chính nhà nước giai đoạn 2021 - 2030;",
        f"Căn cứ Bộ tiêu chí xác định Chỉ số cải cách hành chính và kết quả tự đánh giá, chấm điểm, thẩm định Chỉ số "
        f"cải cách hành chính năm {year} của các cơ quan, đơn vị thuộc {issuer.short_name};",
        "Theo đề nghị của Trưởng phòng Nội vụ.",
    ]


DEFAULT_RECIPIENTS = [
    "Như Điều 3;",
    "Sở Nội vụ tỉnh (để b/c);",
    "Thường trực Huyện ủy, HĐND huyện;",
    "Chủ tịch, các Phó Chủ tịch UBND;",
    "Cổng thông tin điện tử;",
    "Lưu: VT, NV.",
]


def issuer_of(campaigns: Sequence[Campaign], meta: DecisionMeta) -> nd30.Issuer:
    return nd30.Issuer.from_unit_name(meta.issuer or campaigns[0].owner.name, place=meta.place)


def _percent(value: Decimal | None) -> str:
    return f"{nd30.number(value)}%"


def _summary_item(number_: int, group: GroupResults) -> str:
    ranked = group.ranked
    text = f"{number_}. {group.group_name} ({len(group.rows)} đơn vị)"
    if not ranked:
        return text + ": không có đơn vị được xếp hạng."
    mean = sum((row.index for row in ranked if row.index is not None), Decimal(0)) / len(ranked)
    best, worst = ranked[0], ranked[-1]
    text += (
        f": Chỉ số bình quân đạt {_percent(mean)}; cao nhất là {best.unit_name} ({_percent(best.index)}), "
        f"thấp nhất là {worst.unit_name} ({_percent(worst.index)})"
    )
    bands = Counter(row.band_name or row.band for row in ranked if row.band)
    if bands:
        order = {str(b["name"]): i for i, b in enumerate(group.campaign.framework.bands or [])}
        listed = sorted(bands.items(), key=lambda item: order.get(item[0], 99))
        text += "; xếp loại " + ", ".join(f"{name}: {count} đơn vị" for name, count in listed)
    unranked = len(group.rows) - len(ranked)
    if unranked:
        text += f"; {unranked} đơn vị không được xếp hạng"
    return text + "."


def _ratings_item(number_: int, groups: list[GroupResults], appendix: str) -> str | None:
    levels: Counter[str] = Counter()
    order: dict[str, int] = {}
    for group in groups:
        rules = group.campaign.rating_rules
        if rules is not None:
            for i, level in enumerate(rules.rules.levels):
                order.setdefault(level.name, i)
        levels.update(row.level_name for row in group.ratings)
    if not levels:
        return None
    listed = sorted(levels.items(), key=lambda item: order.get(item[0], 99))
    counts = "; ".join(f"{name}: {count} đơn vị" for name, count in listed)
    return (
        f"{number_}. Kết quả đánh giá trách nhiệm người đứng đầu trong thực hiện nhiệm vụ cải cách hành chính: "
        f"{counts} (chi tiết tại Phụ lục {appendix})."
    )


def _in_sentence(name: str) -> str:
    """A group's name inside a sentence: "Cơ quan chuyên môn…" → "cơ quan chuyên môn…"; "UBND xã" stays."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def _authority_line(authority: str, issuer: nd30.Issuer) -> str:
    body = " ".join(issuer.name_lines)
    return f"CHỦ TỊCH {body}" if authority == Authority.CHAIRMAN else body


def _by_whom(authority: str, issuer: nd30.Issuer) -> str:
    return f"Chủ tịch {issuer.short_name}" if authority == Authority.CHAIRMAN else issuer.short_name


def audit_head_line(audit_head: str) -> str:
    """The line that prints the audit chain's head: its first 16 hex digits, then the whole hash."""
    return f"Mã kiểm chứng nhật ký: {audit_head[:16]}… (đầy đủ: {audit_head})"


def build_decision(campaigns: Sequence[Campaign], meta: DecisionMeta, audit_head: str | None = None) -> bytes:
    """The decision as .docx bytes. Raises :class:`DecisionRefused` unless the results are locked or published.

    ``audit_head`` is the audit chain's head hash printed under the signature (default: the current head), with
    which ``parindex verify-audit --head`` later proves the audited history up to the decision was not changed."""
    if audit_head is None:
        audit_head = chain.head()[1]
    if not meta.number.strip():
        raise DecisionRefused(_("the decision needs a number (số, ký hiệu), e.g. 771/QĐ-UBND"))
    groups = read_results(campaigns)
    year = campaigns[0].year
    issuer = issuer_of(campaigns, meta)
    summary = [
        f"Về việc phê duyệt và công bố Chỉ số cải cách hành chính năm {year}",
        "của " + " và ".join(_in_sentence(group.group_name) for group in groups),
    ]
    doc = nd30.new_document(title_text=" ".join(summary), author=issuer.short_name)
    nd30.header_block(doc, issuer, meta.number.strip(), meta.issued_on)
    nd30.title(doc, "Quyết định", summary)
    nd30.authority(doc, _authority_line(meta.authority, issuer))
    nd30.legal_bases(doc, meta.legal_bases or default_legal_bases(issuer, year))
    nd30.centred(doc, "QUYẾT ĐỊNH:", bold=True, before=6, after=6)
    appendices = [ROMAN[i] if i < len(ROMAN) else str(i + 1) for i in range(len(groups) + 1)]
    items = [_summary_item(i, group) for i, group in enumerate(groups, start=1)]
    rated = any(group.ratings for group in groups)
    ratings_item = _ratings_item(len(items) + 1, groups, appendices[len(groups)]) if rated else None
    if ratings_item:
        items.append(ratings_item)
    listed = ", ".join(appendices[: len(groups) + (1 if rated else 0)])
    nd30.article(
        doc,
        1,
        f"Phê duyệt và công bố Chỉ số cải cách hành chính năm {year} (chi tiết tại Phụ lục {listed} kèm theo), "
        "như sau:",
        items,
    )
    nd30.article(
        doc,
        2,
        "Căn cứ kết quả Chỉ số cải cách hành chính được công bố tại Điều 1, Thủ trưởng các cơ quan, đơn vị có tên "
        "tại Phụ lục kèm theo tổ chức quán triệt, phân tích kết quả; xác định các tiêu chí, tiêu chí thành phần đạt "
        "thấp, nguyên nhân và giải pháp khắc phục; xây dựng kế hoạch khắc phục, phân công người thực hiện, thời hạn "
        "hoàn thành và báo cáo kết quả thực hiện. Giao Phòng Nội vụ theo dõi, đôn đốc, tổng hợp và báo cáo kết quả "
        "thực hiện.",
    )
    nd30.article(
        doc,
        3,
        "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Trưởng phòng Nội vụ, Thủ trưởng các cơ quan, "
        "đơn vị có tên tại Phụ lục kèm theo và các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành "
        "Quyết định này./.",
    )
    signer = nd30.Signer(
        name=meta.signer.strip() or "…………………………",
        title=meta.title.strip() or DEFAULT_TITLE,
        on_behalf_of="" if meta.authority == Authority.CHAIRMAN else nd30.COMMITTEE,
    )
    nd30.recipients_and_signer(doc, meta.recipients or DEFAULT_RECIPIENTS, signer)
    if audit_head:
        nd30.centred(doc, audit_head_line(audit_head), italic=True, size=10, before=12, keep_with_next=False)
    reference = (
        f"(Kèm theo Quyết định số {meta.number.strip()} ngày {nd30.short_date(meta.issued_on)} "
        f"của {_by_whom(meta.authority, issuer)})"
    )
    for label, group in zip(appendices, groups, strict=False):
        _ranking_appendix(doc, f"Phụ lục {label}", group, year, reference)
    if rated:
        _ratings_appendix(doc, f"Phụ lục {appendices[len(groups)]}", groups, year, reference)
    return nd30.to_bytes(doc)


def _other_points(row: RankingRow, group: GroupResults) -> Decimal:
    """What the total holds besides the areas' points: bonus, penalty and a late deduction (signed)."""
    areas = sum((Decimal((row.areas.get(code) or ["0"])[0] or "0") for code, _n, _m in group.areas), Decimal(0))
    return (row.points or Decimal(0)) - areas


def _ranking_appendix(doc: Document, label: str, group: GroupResults, year: int, reference: str) -> None:
    """A unit group's ranking, landscape: STT, unit, each area's points (then bonus and penalty, when a unit has
    any), total, applicable maximum, index, rank, band."""
    section = nd30.landscape_section(doc)
    nd30.appendix_heading(
        doc,
        label,
        [f"KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}", group.group_name.upper()],
        reference,
    )
    cell = nd30.HeaderCell
    n = len(group.areas)
    other = any(_other_points(row, group) for row in group.rows)
    tail = [  # (header, width, value of a row, alignment)
        *([("Điểm thưởng, trừ", Mm(17), lambda r: _signed(_other_points(r, group)), "right")] if other else []),
        ("Tổng điểm", Mm(16), lambda r: nd30.number(r.points), "right"),
        ("Điểm tối đa", Mm(16), lambda r: nd30.number(r.max_points), "right"),
        ("Chỉ số (%)", Mm(16), lambda r: nd30.number(r.index), "right"),
        ("Xếp hạng", Mm(14), lambda r: "—" if r.rank is None else str(r.rank), "center"),
        ("Xếp loại", Mm(20), lambda r: r.band_name or r.band or "—", "center"),
    ]
    free = int(nd30.text_width(section)) - int(Mm(12)) - sum(int(width) for _h, width, _v, _a in tail)
    area_width = Length(max(int(Mm(11)), min(int(Mm(15)), (free - int(Mm(60))) // max(n, 1))))
    unit_width = Length(free - int(area_width) * n)
    header = [
        [
            cell("STT", rowspan=2),
            cell("Cơ quan, đơn vị", rowspan=2),
            *([cell("Điểm đạt theo lĩnh vực", colspan=n)] if n else []),
            *(cell(title, rowspan=2) for title, _w, _v, _a in tail),
        ],
        [cell(code) for code, _name, _max in group.areas],
    ]
    rows = [
        [
            str(i),
            row.unit_name,
            *(nd30.number((row.areas.get(code) or [None])[0]) for code, _name, _max in group.areas),
            *(value(row) for _t, _w, value, _a in tail),
        ]
        for i, row in enumerate(group.rows, start=1)
    ]
    widths = [Mm(12), unit_width, *([area_width] * n), *(width for _t, width, _v, _a in tail)]
    align = ["center", "left", *(["right"] * n), *(where for _t, _w, _v, where in tail)]
    nd30.grid_table(doc, header if n else [header[0]], rows, widths, align, size=11 if n <= 8 else 10)
    legend = "; ".join(f"{code}. {name} (tối đa {nd30.number(maximum)} điểm)" for code, name, maximum in group.areas)
    lines = [f"Lĩnh vực: {legend}."] if legend else []
    lines.append(
        "Chỉ số = Tổng điểm / Điểm tối đa × 100 (điểm tối đa không tính các nội dung không áp dụng đối với đơn vị); "
        "các đơn vị có chỉ số bằng nhau cùng thứ hạng."
        + (" Điểm thưởng, trừ gồm điểm thưởng, điểm trừ và điểm trừ do nộp chậm (nếu có)." if other else "")
    )
    nd30.note(doc, "\n".join(lines))


def _signed(value: Decimal) -> str:
    if not value:
        return "—"
    return ("+" if value > 0 else "−") + nd30.number(abs(value))


def _ratings_appendix(doc: Document, label: str, groups: list[GroupResults], year: int, reference: str) -> None:
    """The head-of-unit ratings stored with the results, one table per unit group, portrait."""
    section = nd30.portrait_section(doc)
    nd30.appendix_heading(
        doc,
        label,
        [
            "KẾT QUẢ ĐÁNH GIÁ TRÁCH NHIỆM NGƯỜI ĐỨNG ĐẦU",
            f"TRONG THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM {year}",
        ],
        reference,
    )
    cell = nd30.HeaderCell
    fixed = [Mm(12), Mm(25), Mm(16), Mm(56)]
    unit_width = Length(int(nd30.text_width(section)) - sum(int(w) for w in fixed))
    widths = [fixed[0], unit_width, *fixed[1:]]
    ranks = {}
    for group in groups:
        ranks.update({row.unit_code: row.rank for row in group.rows})
    numbered = [group for group in groups if group.ratings]
    for i, group in enumerate(numbered):
        if len(numbered) > 1:
            nd30.body(doc, group.group_name, lead=f"{ROMAN[i] if i < len(ROMAN) else i + 1}.", after=4)
        rows = [
            [
                str(n),
                row.unit_name,
                nd30.number(row.index),
                "—" if ranks.get(row.unit_code) is None else str(ranks[row.unit_code]),
                row.level_name,
            ]
            for n, row in enumerate(group.ratings, start=1)
        ]
        header = [
            [cell("STT"), cell("Cơ quan, đơn vị"), cell("Chỉ số CCHC (%)"), cell("Xếp hạng"), cell("Kết quả xếp loại")]
        ]
        nd30.grid_table(doc, header, rows, widths, ["center", "left", "right", "center", "left"], size=12)
        nd30.note(doc, "")
