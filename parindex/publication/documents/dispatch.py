"""The dispatch after publication (công văn "V/v nâng cao Chỉ số cải cách hành chính…"), as the origin document is:
drafted from a campaign's locked or published results, edited by Home Affairs, laid out by :mod:`nd30`.

The draft says what the results say: the district's own index and rank when Home Affairs gives them (the province's
decision publishes them, parindex does not compute them), the units' results, the criteria and sub-criteria that were
low across the units (the lowest share of their maximum, and how many units lost points on each:
:func:`parindex.gaps.analysis.low_items`), the units that submitted their self-assessment late or never (their
standing under the lateness policy), and the requirements, which Home Affairs rewrites before issuing. Every text is
a field of :class:`DispatchDraft`, so the web form edits exactly what the document prints.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.assessments.models import Assessment, Campaign, Result
from parindex.assessments.ranking import band_names
from parindex.assessments.scoring import lateness_standing
from parindex.gaps.analysis import LowItem, low_items
from parindex.publication.documents import nd30
from parindex.scoring.numbers import ZERO, quantize_points


class DispatchRefused(ValueError):
    """The dispatch cannot be drafted from this campaign; the message says why, in one sentence."""


@dataclass(frozen=True)
class LateUnit:
    """A unit that submitted its self-assessment after its deadline, or never, and what the policy did to it."""

    name: str
    submitted: bool
    deduction: Decimal = ZERO
    unranked: bool = False


@dataclass(frozen=True)
class DispatchDraft:
    """Every text the dispatch prints. Lists are one line (or one paragraph) each; ``requirements`` are numbered when
    printed."""

    issuer: str
    number: str
    issued_on: date
    subject: tuple[str, ...]
    addressees: tuple[str, ...]
    findings: tuple[str, ...]
    lead_in: str
    requirements: tuple[str, ...]
    closing: str
    recipients: tuple[str, ...]
    signer: str = ""
    title: str = "Chủ tịch"
    on_behalf_of: str = nd30.COMMITTEE
    # What the findings were drafted from (for tests and the page; not printed as such).
    low_criteria: tuple[LowItem, ...] = field(default=(), compare=False)
    low_sub_criteria: tuple[LowItem, ...] = field(default=(), compare=False)
    late_units: tuple[LateUnit, ...] = field(default=(), compare=False)

    def edited(self, **changes: object) -> DispatchDraft:
        return replace(self, **changes)  # type: ignore[arg-type]


def check_campaign(campaign: Campaign) -> None:
    if campaign.is_open:
        raise DispatchRefused(
            _("The dispatch cannot be drafted yet: the results of campaign %(code)s are neither locked nor published.")
            % {"code": campaign.code}
        )


def percent_text(value: Decimal | None) -> str:
    return nd30.number(value)


def late_units(campaign: Campaign) -> list[LateUnit]:
    """The campaign's units that submitted late or never, in name order, with their deduction and whether they were
    left unranked (:func:`parindex.assessments.scoring.lateness_standing`). Two queries."""
    standing = lateness_standing(campaign)
    rows = Assessment.objects.filter(campaign_id=campaign.pk, unit__in=campaign.units()).filter(
        Q(late=True) | Q(submitted_at__isnull=True)
    )
    found = []
    for unit_id, name, submitted_at in rows.values_list("unit_id", "unit__name", "submitted_at"):
        deduction, unranked = standing.get(unit_id, (ZERO, False))
        found.append(LateUnit(name, submitted_at is not None, deduction, unranked))
    found.sort(key=lambda unit: unit.name)
    return found


def _addressee(group_name: str) -> str:
    """ "UBND xã, thị trấn" → "Chủ tịch UBND các xã, thị trấn"; "Cơ quan chuyên môn thuộc UBND huyện" → "Thủ trưởng
    các cơ quan chuyên môn thuộc UBND huyện" (Home Affairs edits it when the group's name reads otherwise)."""
    name = " ".join(group_name.split())
    found = re.match(r"(?i)^(ubnd|ủy ban nhân dân)\s+(các\s+)?(.+)$", name)
    if found:
        return f"Chủ tịch UBND các {found.group(3)}"
    return f"Thủ trưởng các {name[:1].lower()}{name[1:]}"


def _subject_lines(text: str, width: int = 30) -> tuple[str, ...]:
    """The subject broken into short lines for the narrow left column under the number."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return tuple(lines)


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]


def _results_paragraph(campaign: Campaign, issuer: nd30.Issuer, published: date) -> str:
    results = list(
        Result.objects.filter(campaign_id=campaign.pk, unit__in=campaign.units())
        .select_related("unit")
        .order_by("rank", "unit__name")
    )
    indexed = [r for r in results if r.index is not None]
    indices = [r.index for r in results if r.index is not None]
    text = (
        f"Ngày {nd30.short_date(published)}, {issuer.short_name} đã công bố kết quả {campaign.name} "
        f"của {len(results)} đơn vị"
    )
    if not indexed:
        return text + "."
    mean = quantize_points(sum(indices, ZERO) / len(indices))
    names = band_names(campaign.framework)
    counts = Counter(r.band for r in indexed if r.band)
    bands = [f"{counts[code]} đơn vị xếp loại {names[code]}" for code in names if counts.get(code)]
    ranked = [r for r in indexed if r.rank is not None]
    text += f": chỉ số bình quân đạt {percent_text(mean)}%"
    if bands:
        text += "; " + "; ".join(bands)
    if ranked:
        top, bottom = ranked[0], ranked[-1]
        text += (
            f"; đơn vị có chỉ số cao nhất là {top.unit.name} ({percent_text(top.index)}%), "
            f"thấp nhất là {bottom.unit.name} ({percent_text(bottom.index)}%)"
        )
    return text + "."


def _district_paragraph(district: str, index: Decimal | None, rank: str, province_decision: str) -> str:
    """The district's own result, as the province's decision published it; "…" where Home Affairs has not said."""
    source = f"Theo {province_decision}, c" if province_decision else "C"
    figure = "…" if index is None else nd30.number(index)
    place = rank or "…/…"
    return f"{source}hỉ số cải cách hành chính (CCHC) của {district} đạt {figure}/100 điểm, xếp thứ {place}."


def _low_paragraphs(criteria: list[LowItem], sub_criteria: list[LowItem]) -> list[str]:
    if not criteria and not sub_criteria:
        return []
    lines = ["Một số tiêu chí, tiêu chí thành phần có điểm số thấp (tỷ lệ điểm đạt bình quân so với điểm tối đa):"]
    for item in [*criteria, *sub_criteria]:
        lines.append(
            f"- {item.name}: đạt {percent_text(item.share)}%, {item.units_losing}/{item.units} đơn vị bị mất điểm;"
        )
    lines[-1] = lines[-1][:-1] + "."
    return lines


def _late_paragraph(late: list[LateUnit]) -> str:
    if not late:
        return ""
    parts = []
    submitted = [u for u in late if u.submitted]
    never = [u for u in late if not u.submitted]
    if submitted:
        part = f"{_join([u.name for u in submitted])} nộp hồ sơ tự đánh giá sau thời hạn"
        deducted = [u for u in submitted if u.deduction > ZERO]
        if deducted:
            part += " (bị trừ " + "; ".join(f"{u.name}: {nd30.number(u.deduction)} điểm" for u in deducted) + ")"
        parts.append(part)
    if never:
        part = (
            f"{_join([u.name for u in never])} không nộp hồ sơ tự đánh giá, các nội dung chưa tự chấm được tính 0 điểm"
        )
        if any(u.unranked for u in never):
            part += ", không được xếp hạng"
        parts.append(part)
    return (
        "Công tác tự đánh giá, chấm điểm Chỉ số CCHC của một số đơn vị chưa thực hiện nghiêm túc, còn chậm trễ: "
        + "; ".join(parts)
        + ", ảnh hưởng trực tiếp đến kết quả công tác CCHC chung."
    )


def _in_sentence(name: str) -> str:
    """A criterion's name inside a sentence: its first letter in lower case, unless it starts an abbreviation
    (TTHC, UBND…)."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def _requirements(campaign: Campaign, sub_criteria: list[LowItem], criteria: list[LowItem], late: bool) -> list[str]:
    year = campaign.year + 1
    items = [
        "Tiếp tục chỉ đạo, tổ chức thực hiện nghiêm công tác CCHC theo chức năng, nhiệm vụ được giao và kế hoạch CCHC "
        "của cơ quan, đơn vị. Nghiêm túc đánh giá tình hình thực hiện tại cơ quan, đơn vị; chấn chỉnh, khắc phục những "
        "thiếu sót, tồn tại, hạn chế và có giải pháp thực hiện hiệu quả các nhiệm vụ đề ra trong kế hoạch CCHC năm "
        f"{year} và những năm tiếp theo."
    ]
    low = [_in_sentence(item.name) for item in (sub_criteria or criteria)]
    if low:
        items.append(
            "Tập trung triển khai thực hiện các tiêu chí, tiêu chí thành phần còn đạt thấp như: " + "; ".join(low) + "."
        )
    items.append(
        "Căn cứ kết quả chấm điểm của cơ quan, đơn vị, xây dựng kế hoạch khắc phục đối với từng tiêu chí, tiêu chí "
        "thành phần bị mất điểm, phân công người thực hiện, thời hạn hoàn thành và gửi về Phòng Nội vụ để theo dõi, "
        "tổng hợp, báo cáo UBND huyện."
    )
    if late:
        items.append(
            "Thực hiện nghiêm túc, đúng thời hạn việc tự đánh giá, chấm điểm Chỉ số CCHC; công tác báo cáo CCHC định "
            "kỳ và các nhiệm vụ được giao đảm bảo tiến độ, chất lượng, không để nhiệm vụ quá hạn hoặc không thực hiện."
        )
    return items


def draft_dispatch(
    campaign: Campaign,
    *,
    issued_on: date | None = None,
    number: str = "      /UBND-NV",
    district_index: Decimal | None = None,
    district_rank: str = "",
    province_decision: str = "",
    signer: str = "",
    title: str = "Chủ tịch",
) -> DispatchDraft:
    """The draft Home Affairs edits, from the campaign's locked or published results."""
    check_campaign(campaign)
    issuer = nd30.Issuer.from_unit_name(campaign.owner.name)
    district = issuer.short_name.removeprefix("UBND ")
    published = campaign.publish_on or (
        timezone.localdate(campaign.published_at) if campaign.published_at else timezone.localdate()
    )
    criteria, sub_criteria = low_items(campaign)
    late = late_units(campaign)
    addressee = _addressee(campaign.group.name)
    findings = [
        *(
            [_district_paragraph(district, district_index, district_rank, province_decision)]
            if district_index is not None or district_rank or province_decision
            else []
        ),
        _results_paragraph(campaign, issuer, published),
        *_low_paragraphs(criteria, sub_criteria),
    ]
    if late_text := _late_paragraph(late):
        findings.append(late_text)
    return DispatchDraft(
        issuer=campaign.owner.name,
        number=number,
        issued_on=issued_on or timezone.localdate(),
        subject=_subject_lines(
            "V/v nâng cao chỉ số và trách nhiệm người đứng đầu trong thực hiện nhiệm vụ cải cách hành chính"
        ),
        addressees=(addressee,),
        findings=tuple(findings),
        lead_in=(
            f"Để nâng cao Chỉ số CCHC và trách nhiệm người đứng đầu trong thực hiện nhiệm vụ CCHC năm "
            f"{campaign.year + 1} và những năm tiếp theo, {issuer.short_name} yêu cầu {addressee}:"
        ),
        requirements=tuple(_requirements(campaign, sub_criteria, criteria, bool(late))),
        closing=f"Yêu cầu {addressee} nghiêm túc triển khai thực hiện./.",
        recipients=("Như trên;", f"Lãnh đạo {issuer.short_name};", "Lưu: VT, NV."),
        signer=signer,
        title=title,
        low_criteria=tuple(criteria),
        low_sub_criteria=tuple(sub_criteria),
        late_units=tuple(late),
    )


_NUMBERED = re.compile(r"^\s*\d+\s*[.)]\s*")


def build_dispatch(draft: DispatchDraft) -> bytes:
    """The dispatch as a Word document (Nghị định 30/2020 layout: :mod:`nd30`)."""
    issuer = nd30.Issuer.from_unit_name(draft.issuer)
    doc = nd30.new_document(title_text=" ".join(draft.subject), author=draft.issuer)
    nd30.header_block(doc, issuer, draft.number, draft.issued_on, subject=draft.subject)
    nd30.addressees(doc, list(draft.addressees))
    for paragraph in draft.findings:
        if paragraph.strip():
            nd30.body(doc, paragraph.strip())
    if draft.lead_in.strip():
        nd30.body(doc, draft.lead_in.strip())
    for i, requirement in enumerate((r for r in draft.requirements if r.strip()), start=1):
        nd30.body(doc, f"{i}. {_NUMBERED.sub('', requirement.strip())}")
    if draft.closing.strip():
        nd30.body(doc, draft.closing.strip())
    signer = nd30.Signer(draft.signer, title=draft.title, on_behalf_of=draft.on_behalf_of)
    nd30.recipients_and_signer(doc, list(draft.recipients), signer)
    return nd30.to_bytes(doc)
