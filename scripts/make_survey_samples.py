"""Write the two sample questionnaires shipped in parindex/surveys/samples/ (XLSForm, Vietnamese, labelled samples).

    .venv/bin/python scripts/make_survey_samples.py

- sipas-mau.xlsx: citizens' and organisations' satisfaction with the administrative services of a unit (the five
  components of SIPAS: access to the service, administrative procedures, the officials handling the case, the result,
  the handling of feedback), answers Rất hài lòng 100 / Hài lòng 60 / Không hài lòng 20 / Rất không hài lòng 0 and
  "Không biết, không có ý kiến" not scored;
- can-bo-cchc-mau.xlsx: officials' assessment of their unit's administrative-reform work (seven areas of the PAR
  programme), answers Rất tốt 100 / Tốt 75 / Trung bình 50 / Yếu 25 / Kém 0 and "Không nắm được thông tin" not scored.

They are written from common practice, not from an official decision: a committee adapts them (questions, scores,
weights) before use. The files are committed; run this script again after changing it.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

SAMPLES = Path(__file__).resolve().parent.parent / "parindex" / "surveys" / "samples"
SURVEY_HEADER = ["type", "name", "label", "hint", "required", "component", "weight"]


def write(
    path: Path,
    survey: list[list[object]],
    choices: list[list[object]],
    settings: dict[str, object],
    components: list[list[object]],
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "survey"
    for title, header, rows in (
        ("survey", SURVEY_HEADER, survey),
        ("choices", ["list_name", "name", "label", "score"], choices),
        ("settings", list(settings), [list(settings.values())]),
        ("components", ["component", "name", "weight"], components),
    ):
        target = sheet if title == "survey" else workbook.create_sheet(title)
        target.append(header)
        for cell in target[1]:
            cell.font = Font(bold=True)
        for row in rows:
            target.append(row)
        target.column_dimensions["C"].width = 70 if title in ("survey", "choices") else 40
        target.column_dimensions["B"].width = 22
    workbook.save(path)


def group(
    name: str,
    label: str,
    component: str,
    questions: list[tuple[str, str]],
    listname: str,
    weights: dict[str, int] | None = None,
) -> list[list[object]]:
    rows: list[list[object]] = [["begin_group", name, label, "", "", "", ""]]
    for qname, qlabel in questions:
        weight = (weights or {}).get(qname, "")
        rows.append([f"select_one {listname}", qname, qlabel, "", "yes", component, weight])
    rows.append(["end_group", "", "", "", "", "", ""])
    return rows


def sipas() -> None:
    survey: list[list[object]] = [
        ["start", "start", "", "", "", "", ""],
        ["end", "end", "", "", "", "", ""],
        [
            "note",
            "gioi_thieu",
            "Phiếu khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan "
            "hành chính nhà nước. Phiếu không ghi tên; ý kiến của Ông/Bà chỉ dùng để tổng hợp.",
            "",
            "",
            "",
            "",
        ],
        [
            "select_one linh_vuc",
            "linh_vuc",
            "Ông/Bà vừa giải quyết thủ tục hành chính thuộc lĩnh vực nào?",
            "",
            "yes",
            "",
            "",
        ],
        ["select_one kenh", "kenh", "Ông/Bà nộp hồ sơ bằng hình thức nào?", "", "yes", "", ""],
        ["select_one gioi_tinh", "gioi_tinh", "Giới tính", "", "", "", ""],
        ["select_one nhom_tuoi", "nhom_tuoi", "Độ tuổi", "", "", "", ""],
    ]
    survey += group(
        "g_tiep_can",
        "I. Tiếp cận dịch vụ",
        "tiep_can",
        [
            ("tc1", "Nơi ngồi chờ tại Bộ phận Một cửa có đủ chỗ ngồi"),
            ("tc2", "Trang thiết bị phục vụ người dân, tổ chức tại Bộ phận Một cửa đầy đủ"),
            ("tc3", "Trang thiết bị phục vụ tại Bộ phận Một cửa hiện đại, dễ sử dụng"),
            ("tc4", "Dễ dàng tìm hiểu thông tin về thủ tục hành chính (trên trang điện tử, tại nơi tiếp nhận)"),
        ],
        "muc_do",
    )
    survey += group(
        "g_thu_tuc",
        "II. Thủ tục hành chính",
        "thu_tuc",
        [
            ("tt1", "Thủ tục hành chính được niêm yết công khai đầy đủ, chính xác"),
            ("tt2", "Thành phần hồ sơ Ông/Bà phải nộp đúng quy định"),
            ("tt3", "Phí, lệ phí Ông/Bà phải nộp đúng quy định"),
            ("tt4", "Thời hạn giải quyết ghi trên giấy hẹn đúng quy định"),
        ],
        "muc_do",
    )
    survey += group(
        "g_cong_chuc",
        "III. Công chức giải quyết công việc",
        "cong_chuc",
        [
            ("cc1", "Công chức có thái độ giao tiếp lịch sự"),
            ("cc2", "Công chức chú ý lắng nghe ý kiến của Ông/Bà"),
            ("cc3", "Công chức trả lời, giải thích đầy đủ các ý kiến của Ông/Bà"),
            ("cc4", "Công chức hướng dẫn kê khai hồ sơ tận tình, chu đáo"),
            ("cc5", "Công chức hướng dẫn kê khai hồ sơ dễ hiểu"),
            ("cc6", "Công chức tuân thủ đúng quy định trong giải quyết công việc (không gây phiền hà, sách nhiễu)"),
        ],
        "muc_do",
        {"cc6": 2},
    )
    survey += group(
        "g_ket_qua",
        "IV. Kết quả giải quyết thủ tục hành chính",
        "ket_qua",
        [
            ("kq1", "Kết quả Ông/Bà nhận được đúng quy định"),
            ("kq2", "Kết quả có thông tin đầy đủ"),
            ("kq3", "Kết quả có thông tin chính xác"),
            ("kq4", "Ông/Bà nhận kết quả đúng hẹn"),
        ],
        "muc_do",
        {"kq4": 2},
    )
    survey += group(
        "g_phan_anh",
        "V. Tiếp nhận và xử lý góp ý, phản ánh, kiến nghị",
        "phan_anh",
        [
            ("pa1", "Cơ quan có bố trí hình thức tiếp nhận góp ý, phản ánh, kiến nghị"),
            ("pa2", "Ông/Bà dễ dàng thực hiện góp ý, phản ánh, kiến nghị"),
            ("pa3", "Cơ quan tiếp nhận và xử lý tích cực các góp ý, phản ánh, kiến nghị"),
            ("pa4", "Cơ quan thông báo kịp thời kết quả xử lý góp ý, phản ánh, kiến nghị"),
        ],
        "muc_do",
    )
    survey.append(["text", "gop_y", "Ông/Bà có góp ý gì để cơ quan phục vụ tốt hơn?", "Không bắt buộc", "", "", ""])
    choices: list[list[object]] = [
        ["muc_do", "5", "Rất hài lòng", 100],
        ["muc_do", "4", "Hài lòng", 60],
        ["muc_do", "2", "Không hài lòng", 20],
        ["muc_do", "1", "Rất không hài lòng", 0],
        ["muc_do", "0", "Không biết, không có ý kiến", None],
        ["linh_vuc", "ho_tich", "Hộ tịch", None],
        ["linh_vuc", "chung_thuc", "Chứng thực", None],
        ["linh_vuc", "dat_dai", "Đất đai", None],
        ["linh_vuc", "xay_dung", "Xây dựng", None],
        ["linh_vuc", "kinh_doanh", "Đăng ký kinh doanh", None],
        ["linh_vuc", "khac", "Lĩnh vực khác", None],
        ["kenh", "truc_tiep", "Trực tiếp tại Bộ phận Một cửa", None],
        ["kenh", "truc_tuyen", "Trực tuyến (Cổng dịch vụ công)", None],
        ["kenh", "buu_chinh", "Qua dịch vụ bưu chính công ích", None],
        ["gioi_tinh", "nam", "Nam", None],
        ["gioi_tinh", "nu", "Nữ", None],
        ["nhom_tuoi", "duoi_30", "Dưới 30 tuổi", None],
        ["nhom_tuoi", "30_50", "Từ 30 đến 50 tuổi", None],
        ["nhom_tuoi", "tren_50", "Trên 50 tuổi", None],
    ]
    settings = {
        "form_id": "sipas-mau",
        "version": "2026.1",
        "form_title": "Khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính (mẫu)",
        "sample": "yes",
        "min_sample": 30,
        "margin": 0.05,
    }
    components: list[list[object]] = [
        ["tiep_can", "Tiếp cận dịch vụ", 1],
        ["thu_tuc", "Thủ tục hành chính", 1],
        ["cong_chuc", "Công chức giải quyết công việc", 1],
        ["ket_qua", "Kết quả giải quyết thủ tục hành chính", 1],
        ["phan_anh", "Tiếp nhận và xử lý góp ý, phản ánh, kiến nghị", 1],
    ]
    write(SAMPLES / "sipas-mau.xlsx", survey, choices, settings, components)


def officials() -> None:
    survey: list[list[object]] = [
        ["start", "start", "", "", "", "", ""],
        ["end", "end", "", "", "", "", ""],
        [
            "note",
            "gioi_thieu",
            "Phiếu lấy ý kiến của cán bộ, công chức, viên chức về công tác cải cách hành chính "
            "của cơ quan, đơn vị. Phiếu không ghi tên.",
            "",
            "",
            "",
            "",
        ],
        ["select_one vi_tri", "vi_tri", "Vị trí công tác của Ông/Bà", "", "yes", "", ""],
        ["select_one tham_nien", "tham_nien", "Thời gian công tác", "", "", "", ""],
    ]
    survey += group(
        "g_chi_dao",
        "1. Chỉ đạo, điều hành cải cách hành chính",
        "chi_dao",
        [
            ("cd1", "Kế hoạch cải cách hành chính năm được ban hành kịp thời, sát thực tế"),
            ("cd2", "Lãnh đạo cơ quan quan tâm chỉ đạo, kiểm tra việc thực hiện cải cách hành chính"),
            ("cd3", "Công tác tuyên truyền cải cách hành chính được thực hiện thường xuyên"),
        ],
        "danh_gia",
        {"cd2": 2},
    )
    survey += group(
        "g_the_che",
        "2. Cải cách thể chế",
        "the_che",
        [
            ("tc1", "Văn bản của cơ quan được ban hành đúng thẩm quyền, đúng quy trình"),
            ("tc2", "Việc rà soát, kiểm tra, theo dõi thi hành pháp luật được thực hiện nghiêm túc"),
        ],
        "danh_gia",
    )
    survey += group(
        "g_tthc",
        "3. Cải cách thủ tục hành chính",
        "tthc",
        [
            ("tt1", "Thủ tục hành chính được rà soát, đơn giản hóa thực chất"),
            ("tt2", "Cơ chế một cửa, một cửa liên thông vận hành hiệu quả"),
            ("tt3", "Hồ sơ được giải quyết đúng hạn, có văn bản xin lỗi khi trễ hạn"),
        ],
        "danh_gia",
        {"tt3": 2},
    )
    survey += group(
        "g_bo_may",
        "4. Cải cách tổ chức bộ máy",
        "bo_may",
        [
            ("bm1", "Chức năng, nhiệm vụ của các bộ phận rõ ràng, không chồng chéo"),
            ("bm2", "Việc phân cấp, ủy quyền được thực hiện hợp lý"),
        ],
        "danh_gia",
    )
    survey += group(
        "g_cong_vu",
        "5. Cải cách chế độ công vụ",
        "cong_vu",
        [
            ("cv1", "Việc bố trí cán bộ, công chức theo vị trí việc làm hợp lý"),
            ("cv2", "Việc đánh giá, xếp loại cán bộ, công chức khách quan, thực chất"),
            ("cv3", "Kỷ luật, kỷ cương hành chính được chấp hành nghiêm"),
        ],
        "danh_gia",
    )
    survey += group(
        "g_tai_chinh",
        "6. Cải cách tài chính công",
        "tai_chinh",
        [
            ("tcc1", "Quy chế chi tiêu nội bộ được xây dựng công khai, thực hiện đúng"),
            ("tcc2", "Tài sản công được quản lý, sử dụng đúng mục đích, tiết kiệm"),
        ],
        "danh_gia",
    )
    survey += group(
        "g_so",
        "7. Xây dựng chính quyền điện tử, chính quyền số",
        "chinh_quyen_so",
        [
            ("cs1", "Hệ thống quản lý văn bản và điều hành được sử dụng thường xuyên"),
            ("cs2", "Dịch vụ công trực tuyến của cơ quan dễ sử dụng"),
            ("cs3", "Hạ tầng công nghệ thông tin đáp ứng yêu cầu công việc"),
        ],
        "danh_gia",
    )
    survey.append(
        ["text", "de_xuat", "Đề xuất của Ông/Bà để nâng cao hiệu quả cải cách hành chính", "Không bắt buộc", "", "", ""]
    )
    choices: list[list[object]] = [
        ["danh_gia", "5", "Rất tốt", 100],
        ["danh_gia", "4", "Tốt", 75],
        ["danh_gia", "3", "Trung bình", 50],
        ["danh_gia", "2", "Yếu", 25],
        ["danh_gia", "1", "Kém", 0],
        ["danh_gia", "0", "Không nắm được thông tin", None],
        ["vi_tri", "lanh_dao", "Lãnh đạo cơ quan, đơn vị", None],
        ["vi_tri", "quan_ly", "Lãnh đạo phòng, bộ phận", None],
        ["vi_tri", "cong_chuc", "Công chức, viên chức", None],
        ["tham_nien", "duoi_5", "Dưới 5 năm", None],
        ["tham_nien", "5_15", "Từ 5 đến 15 năm", None],
        ["tham_nien", "tren_15", "Trên 15 năm", None],
    ]
    settings = {
        "form_id": "can-bo-cchc-mau",
        "version": "2026.1",
        "form_title": "Đánh giá của cán bộ, công chức về công tác cải cách hành chính (mẫu)",
        "sample": "yes",
        "min_sample": 10,
        "margin": 0.05,
    }
    components: list[list[object]] = [
        ["chi_dao", "Chỉ đạo, điều hành cải cách hành chính", 2],
        ["the_che", "Cải cách thể chế", 1],
        ["tthc", "Cải cách thủ tục hành chính", 2],
        ["bo_may", "Cải cách tổ chức bộ máy", 1],
        ["cong_vu", "Cải cách chế độ công vụ", 1],
        ["tai_chinh", "Cải cách tài chính công", 1],
        ["chinh_quyen_so", "Xây dựng chính quyền điện tử, chính quyền số", 2],
    ]
    write(SAMPLES / "can-bo-cchc-mau.xlsx", survey, choices, settings, components)


if __name__ == "__main__":
    SAMPLES.mkdir(parents=True, exist_ok=True)
    sipas()
    officials()
    print("\n".join(str(p) for p in sorted(SAMPLES.glob("*.xlsx"))))
