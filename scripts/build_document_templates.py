"""Write the Word templates of templates/documents/ (run once; the .docx files are committed and edited in Word).

    PYTHONPATH=$PWD .venv/bin/python scripts/build_document_templates.py

Each template is an ordinary .docx with docxtpl's Jinja tags ({{ field }}, {%p for %}, {%tr for %}); the
fields each one may use are listed in docs/documents.md. The layout follows Decree 30/2020/NĐ-CP, Annex I
(docs/documents.md cites each element): A4, margins top/bottom 20 mm, left 30 mm, right 15 mm, Times New
Roman; the national title in capitals, 12 pt bold; the motto 13 pt bold, underlined; the issuing body 12 pt
bold with a short rule below; "Số:" 13 pt; place and date 14 pt italic; the kind of document 14 pt bold
capitals and its summary 14 pt bold; the body 14 pt; "Nơi nhận:" 12 pt bold italic, its list 11 pt; the
signer's authority, office and name 14 pt bold.
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TARGET = Path(__file__).resolve().parents[1] / "templates" / "documents"
FONT = "Times New Roman"
BODY = 14


def new_document():
    """Return an empty A4 document in Times New Roman 14 with Decree 30's margins."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(BODY)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    style.paragraph_format.space_after = Pt(0)
    document.core_properties.author = "emulation"
    document.core_properties.title = ""
    return document


def run(paragraph, text, size=BODY, bold=False, italic=False, underline=False):
    """Add a run of `text` to `paragraph` with the given size and style."""
    added = paragraph.add_run(text)
    added.font.name, added.font.size = FONT, Pt(size)
    added.bold, added.italic, added.underline = bold, italic, underline
    return added


def line(container, text="", size=BODY, bold=False, italic=False, underline=False, align="left", indent=False,
         after=0):
    """Add a paragraph holding one run to `container` (a document or a cell)."""
    paragraph = container.add_paragraph()
    paragraph.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                           "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    paragraph.paragraph_format.space_after = Pt(after)
    if bold and align == "left" and isinstance(container, WordDocument):
        paragraph.paragraph_format.space_before = Pt(6)        # a section heading stands apart
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    if text:
        run(paragraph, text, size, bold, italic, underline)
    return paragraph


def body(document, text, bold=False, italic=False):
    """Add a paragraph of the body: justified, first line indented 1 cm, 6 pt after (Annex I, II.6.e)."""
    return line(document, text, BODY, bold=bold, italic=italic, align="justify", indent=True, after=6)


def tag(document, text):
    """Add a paragraph holding only a docxtpl block tag ({%p ... %}): docxtpl removes the paragraph."""
    return line(document, text, BODY)


def no_borders(table):
    """Remove every border of `table` (the heading and signature blocks are laid out in borderless tables)."""
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def set_widths(table, widths):
    """Fix the columns of `table` to `widths` (mm): Word and LibreOffice read the grid, not only the cells."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def first_paragraph(cell):
    """Return the empty paragraph every new cell holds, to write in before adding more."""
    return cell.paragraphs[0]


def cell_line(cell, text, size=BODY, bold=False, italic=False, underline=False, align="center", first=False):
    """Write one centred line in `cell` (in its first, empty paragraph when `first`)."""
    if first:
        paragraph = first_paragraph(cell)
        paragraph.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER}[align]
        run(paragraph, text, size, bold, italic, underline)
        return paragraph
    return line(cell, text, size, bold, italic, underline, align)


def heading(document, with_issuer=True):
    """Add the heading: issuing body, national title and motto, number and symbol, place and date (Annex I, IV)."""
    table = document.add_table(rows=2, cols=2)
    no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    if with_issuer:
        cell_line(left, "{{ parent_body }}", 12, first=True)
        cell_line(left, "{{ issuing_body }}", 12, bold=True)
        cell_line(left, "————", 12)
    else:
        cell_line(left, "", 12, first=True)
    cell_line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True, first=True)
    cell_line(right, "Độc lập - Tự do - Hạnh phúc", 13, bold=True, underline=True)
    number, place = table.rows[1].cells
    if with_issuer:
        cell_line(number, "Số: {{ number }}", 13, first=True)
    else:
        cell_line(number, "", 13, first=True)
    cell_line(place, "{{ place_date }}", 14, italic=True, first=True)
    set_widths(table, (70, 95))
    line(document)


def title(document, kind, summary):
    """Add the kind of document (capitals, bold) and its summary (bold) with a short rule under it."""
    line(document, kind, 14, bold=True, align="center")
    line(document, summary, 14, bold=True, align="center")
    line(document, "————", 14, align="center", after=6)


def signature(document, recipients=True, left_title=None):
    """Add the recipients (Nơi nhận, 12 pt bold italic, the list 11 pt) and the signature block (14 pt bold)."""
    line(document)
    table = document.add_table(rows=1, cols=2)
    no_borders(table)
    left, right = table.rows[0].cells
    if recipients:
        cell_line(left, "Nơi nhận:", 12, bold=True, italic=True, align="left", first=True)
        paragraph = line(left, "{%p for recipient in recipients %}", 11)
        cell_line(left, "- {{ recipient }}", 11, align="left")
        line(left, "{%p endfor %}", 11)
        del paragraph
    elif left_title:
        cell_line(left, left_title, 14, bold=True, first=True)
        cell_line(left, "(Ký, đóng dấu)", 14, italic=True)
    else:
        cell_line(left, "", 12, first=True)
    cell_line(right, "{{ signer_authority }}", 14, bold=True, first=True)
    cell_line(right, "{{ signer_office }}", 14, bold=True)
    cell_line(right, "(Ký, ghi rõ họ tên{% if stamped %}, đóng dấu{% endif %})", 14, italic=True)
    for _ in range(3):
        cell_line(right, "", 14)
    cell_line(right, "{{ signer_name }}", 14, bold=True)
    set_widths(table, (75, 90))


def grid(document, headings, cells, loop, widths=None):
    """Add a bordered table: a heading row, then one row per item of `loop` (docxtpl's {%tr for %})."""
    table = document.add_table(rows=4, cols=len(headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headings):
        cell_line(cell, text, 13, bold=True, first=True)
    cell_line(table.rows[1].cells[0], "{%tr for " + loop + " %}", 13, first=True)
    for cell, text in zip(table.rows[2].cells, cells):
        cell_line(cell, text, 13, align="center" if len(text) < 40 and "name" not in text else "left", first=True)
    cell_line(table.rows[3].cells[0], "{%tr endfor %}", 13, first=True)
    if widths:
        set_widths(table, widths)
    return table


def each_body(document, loop, text):
    """A body paragraph repeated for each item of `loop` (a docxtpl paragraph loop, e.g. "row in ballots")."""
    tag(document, f"{{%p for {loop} %}}")
    body(document, text)
    tag(document, "{%p endfor %}")


def grouped_grid(document, groups, headings, cells, widths):
    """A heading and a grid repeated for each group of `groups` (items with ``heading`` and ``rows``)."""
    tag(document, f"{{%p for group in {groups} %}}")
    line(document, "{{ group.heading }}", 14, bold=True, after=6)
    grid(document, headings, cells, "row in group.rows", widths)
    tag(document, "{%p endfor %}")


def page_break(document):
    """Start a new page."""
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def registrations():
    """The registration list (đăng ký thi đua) of a unit or of the bloc's units."""
    document = new_document()
    heading(document)
    title(document, "DANH SÁCH ĐĂNG KÝ THI ĐUA", "Năm {{ year }}")
    body(document, "Thực hiện phong trào thi đua năm {{ year }} của {{ bloc_name }}, {{ issuer_name }} đăng ký "
                   "danh hiệu thi đua của các tập thể và cá nhân như sau: {{ stats.collectives.registered }}/"
                   "{{ stats.collectives.total }} tập thể và {{ stats.individuals.registered }}/"
                   "{{ stats.individuals.total }} cá nhân đăng ký.")
    tag(document, "{%p for unit in units %}")
    line(document, "{{ unit.name }}", 14, bold=True, after=6)
    line(document, "1. Tập thể đăng ký", 14, bold=True, after=6)
    grid(document, ("STT", "Tập thể", "Danh hiệu đăng ký"),
         ("{{ row.number }}", "{{ row.name }}", "{{ row.titles }}"), "row in unit.collectives", (15, 90, 60))
    line(document, "2. Cá nhân đăng ký", 14, bold=True, after=6)
    grid(document, ("STT", "Họ và tên", "Chức vụ", "Danh hiệu đăng ký"),
         ("{{ row.number }}", "{{ row.name }}", "{{ row.position }}", "{{ row.titles }}"),
         "row in unit.people", (15, 60, 50, 40))
    tag(document, "{%p endfor %}")
    line(document, "Tổng hợp theo danh hiệu:", 14, bold=True, after=6)
    each_body(document, "row in stats.by_title", "- {{ row.name }}: {{ row.count }}")
    signature(document)
    return document


def submission():
    """The submission (tờ trình đề nghị khen thưởng) with its lists of those proposed, per title."""
    document = new_document()
    heading(document)
    title(document, "TỜ TRÌNH", "Đề nghị công nhận danh hiệu thi đua năm {{ year }}")
    line(document, "Kính gửi: {{ addressee }}.", 14, align="center", after=6)
    body(document, "Căn cứ {{ rule_set }};", italic=True)
    body(document, "Căn cứ kết quả chấm điểm, xếp hạng thi đua năm {{ year }} của {{ bloc_name }} và kết quả "
                   "xét các điều kiện của từng danh hiệu,")
    body(document, "{{ issuer_name }} kính trình xem xét, công nhận danh hiệu thi đua năm {{ year }} cho "
                   "{{ collective_count }} tập thể và {{ individual_count }} cá nhân, cụ thể như sau:")
    grouped_grid(document, "unit_groups", ("STT", "Đơn vị", "Hạng trong khối", "Tổng điểm"),
                 ("{{ row.number }}", "{{ row.name }}", "{{ row.rank }}", "{{ row.total }}"), (15, 90, 30, 30))
    grouped_grid(document, "collective_groups", ("STT", "Tập thể", "Đơn vị"),
                 ("{{ row.number }}", "{{ row.name }}", "{{ row.unit }}"), (15, 90, 60))
    grouped_grid(document, "individual_groups", ("STT", "Họ và tên", "Chức vụ", "Đơn vị"),
                 ("{{ row.number }}", "{{ row.name }}", "{{ row.position }}", "{{ row.unit }}"), (15, 55, 50, 45))
    body(document, "(Kèm theo báo cáo thành tích của các tập thể, cá nhân được đề nghị.)", italic=True)
    body(document, "{{ issuer_name }} kính trình xem xét, quyết định./.")
    signature(document)
    return document


def decision():
    """The decision (quyết định khen thưởng) and its attached list, with the reward money."""
    document = new_document()
    heading(document)
    title(document, "QUYẾT ĐỊNH", "Về việc công nhận danh hiệu thi đua năm {{ year }}")
    line(document, "{{ decider }}", 14, bold=True, align="center", after=6)
    body(document, "Căn cứ {{ rule_set }};", italic=True)
    body(document, "Căn cứ kết quả chấm điểm, xếp hạng thi đua năm {{ year }} của {{ bloc_name }};", italic=True)
    body(document, "Xét đề nghị của Hội đồng Thi đua - Khen thưởng.", italic=True)
    line(document, "QUYẾT ĐỊNH:", 14, bold=True, align="center", after=6)
    body(document, "Điều 1. Công nhận danh hiệu thi đua năm {{ year }} cho {{ collective_count }} tập thể và "
                   "{{ individual_count }} cá nhân (có danh sách kèm theo).")
    body(document, "Điều 2. Tiền thưởng kèm theo danh hiệu theo quy định hiện hành; tổng số tiền thưởng: "
                   "{{ total_amount }} đồng.")
    body(document, "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các đơn vị có liên quan và "
                   "các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.")
    signature(document)
    page_break(document)
    line(document, "DANH SÁCH", 14, bold=True, align="center")
    line(document, "Tập thể, cá nhân được công nhận danh hiệu thi đua năm {{ year }}", 14, bold=True, align="center")
    line(document, "(Kèm theo Quyết định số {{ number }} ngày {{ decision_date }} của {{ decider_name }})", 14,
         italic=True, align="center", after=6)
    grouped_grid(document, "award_groups", ("STT", "Tên tập thể, cá nhân", "Đơn vị", "Số tiền (đồng)"),
                 ("{{ row.number }}", "{{ row.name }}", "{{ row.unit }}", "{{ row.amount }}"), (15, 65, 50, 35))
    body(document, "Tổng cộng: {{ award_count }} danh hiệu; tổng số tiền thưởng: {{ total_amount }} đồng.", bold=True)
    return document


def council_minutes():
    """The minutes of the council's session (biên bản họp Hội đồng): who sat, and each candidate's vote."""
    document = new_document()
    heading(document)
    title(document, "BIÊN BẢN", "Họp {{ council_name }} xét danh hiệu thi đua năm {{ year }}")
    body(document, "Thời gian: {{ held_on }}. Địa điểm: {{ place }}.")
    line(document, "I. THÀNH PHẦN", 14, bold=True, after=6)
    body(document, "Tổng số thành viên Hội đồng: {{ member_count }}; có mặt: {{ present_count }}; vắng mặt: "
                   "{{ absent_count }}.")
    grid(document, ("STT", "Họ và tên", "Chức danh trong Hội đồng", "Có mặt"),
         ("{{ row.number }}", "{{ row.name }}", "{{ row.role }}", "{{ row.present }}"), "row in members",
         (15, 65, 55, 30))
    line(document, "II. NỘI DUNG", 14, bold=True, after=6)
    body(document, "Hội đồng xét, bỏ phiếu kín đề nghị công nhận danh hiệu thi đua năm {{ year }} theo "
                   "{{ rule_set }}. Kết quả kiểm phiếu (biên bản kiểm phiếu kèm theo): {{ passed_count }} trường hợp "
                   "đạt trên tổng số {{ ballots|length }} trường hợp được bỏ phiếu.")
    grid(document, ("STT", "Tập thể, cá nhân", "Danh hiệu", "Tỷ lệ đồng ý", "Kết quả"),
         ("{{ row.number }}", "{{ row.name }}", "{{ row.title }}", "{{ row.share }}", "{{ row.result }}"),
         "row in ballots", (12, 58, 45, 30, 20))
    body(document, "Cuộc họp kết thúc vào hồi …… giờ …… cùng ngày. Biên bản đã được thông qua trước Hội đồng./.")
    signature(document)
    return document


def ballot_count():
    """The ballot count (biên bản kiểm phiếu): each candidate's votes, share, the threshold and the outcome."""
    document = new_document()
    heading(document)
    title(document, "BIÊN BẢN KIỂM PHIẾU", "Bầu chọn danh hiệu thi đua năm {{ year }} của {{ council_name }}")
    body(document, "Thời gian: {{ held_on }}. Địa điểm: {{ place }}.")
    body(document, "Tổng số thành viên Hội đồng: {{ member_count }}; có mặt: {{ present_count }}; số phiếu phát ra: "
                   "{{ present_count }}.")
    grid(document, ("STT", "Tập thể, cá nhân", "Danh hiệu", "Đồng ý", "Không đồng ý", "Phiếu trắng",
                    "Tỷ lệ đồng ý", "Mức cần đạt", "Kết quả"),
         ("{{ row.number }}", "{{ row.name }}", "{{ row.title }}", "{{ row.votes_for }}", "{{ row.votes_against }}",
          "{{ row.votes_blank }}", "{{ row.share }}", "{{ row.threshold }}", "{{ row.result }}"),
         "row in ballots", (10, 30, 24, 13, 13, 13, 22, 24, 16))
    line(document, "Căn cứ và giải thích:", 14, bold=True, after=6)
    each_body(document, "row in ballots", "- {{ row.name }} ({{ row.title }}): {{ row.detail }}"
                                          "{% if row.citation %} ({{ row.citation }}){% endif %}.")
    body(document, "Kết quả: {{ passed_count }}/{{ ballots|length }} trường hợp đạt./.")
    signature(document)
    return document


def summary():
    """The bloc's year-end summary report (báo cáo tổng kết): registrations and the ranking table."""
    document = new_document()
    heading(document)
    title(document, "BÁO CÁO", "Tổng kết công tác thi đua năm {{ year }} của {{ bloc_name }}")
    line(document, "I. ĐĂNG KÝ THI ĐUA", 14, bold=True, after=6)
    body(document, "Tập thể đăng ký: {{ stats.collectives.registered }}/{{ stats.collectives.total }}; "
                   "cá nhân đăng ký: {{ stats.individuals.registered }}/{{ stats.individuals.total }}.")
    each_body(document, "row in stats.by_title", "- {{ row.name }}: {{ row.count }}")
    line(document, "II. KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG", 14, bold=True, after=6)
    grid(document, ("Hạng", "Đơn vị", "Tự chấm", "Điểm thưởng", "Điểm trừ", "Tổng điểm", "Xếp loại"),
         ("{{ row.rank }}", "{{ row.name }}", "{{ row.self_total }}", "{{ row.bonus }}", "{{ row.deductions }}",
          "{{ row.total }}", "{{ row.band }}"), "row in ranking", (15, 53, 20, 20, 18, 20, 19))
    line(document, "III. ĐỀ NGHỊ KHEN THƯỞNG", 14, bold=True, after=6)
    each_body(document, "row in proposed_counts", "- {{ row.name }}: {{ row.count }}")
    line(document, "IV. ĐÁNH GIÁ CHUNG VÀ PHƯƠNG HƯỚNG NĂM SAU", 14, bold=True, after=6)
    body(document, "{{ blank_text }}")
    signature(document)
    return document


def achievement(level):
    """An achievement report (báo cáo thành tích) of a collective or an individual, after the decree's form."""
    document = new_document()
    heading(document, with_issuer=False)
    line(document, "{{ form }}", 12, italic=True, align="right", after=6)
    title(document, "BÁO CÁO THÀNH TÍCH", "Đề nghị tặng danh hiệu “{{ proposed }}” năm {{ year }}")
    if level == "collective":
        line(document, "Tên tập thể đề nghị: {{ name }}", 14, bold=True, after=6)
        line(document, "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", 14, bold=True, after=6)
        body(document, "1. Đặc điểm, tình hình: {{ name }}, thuộc {{ unit_name }}; số thành viên: {{ members }}. "
                       "Địa chỉ, điện thoại: {{ blank }}")
        body(document, "2. Chức năng, nhiệm vụ được giao: {{ blank_text }}")
    else:
        line(document, "I. SƠ LƯỢC LÝ LỊCH", 14, bold=True, after=6)
        for label, field in (("Họ và tên", "name"), ("Giới tính", "gender"), ("Ngày, tháng, năm sinh", "birth_date"),
                             ("Quê quán", "blank"), ("Nơi thường trú", "blank"), ("Đơn vị công tác", "unit_name"),
                             ("Chức vụ (Đảng, chính quyền, đoàn thể)", "position"),
                             ("Trình độ chuyên môn, nghiệp vụ", "blank"), ("Học hàm, học vị", "blank"),
                             ("Ngày tuyển dụng", "recruited_on")):
            body(document, f"- {label}: {{{{ {field} }}}}")
        line(document, "II. THÀNH TÍCH ĐẠT ĐƯỢC", 14, bold=True, after=6)
        body(document, "1. Quyền hạn, nhiệm vụ được giao: {{ blank_text }}")
    if level == "collective":
        line(document, "II. THÀNH TÍCH ĐẠT ĐƯỢC", 14, bold=True, after=6)
    body(document, f"{1 if level == 'collective' else 2}. Thành tích đạt được trong năm {{{{ year }}}}: "
                   "{{ blank_text }}")
    body(document, "Kết quả năm {{ year }} đã được ghi nhận: xếp loại {{ task_rating }}{{ extra_facts }}.")
    body(document, "Các điều kiện của danh hiệu đã đáp ứng:")
    each_body(document, "reason in reasons", "- {{ reason.condition }}: {{ reason.detail }} ({{ reason.citation }}).")
    line(document, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", 14, bold=True, after=6)
    body(document, "1. Danh hiệu thi đua:")
    grid(document, ("Năm", "Danh hiệu thi đua", "Số, ngày, tháng, năm của quyết định; cơ quan ban hành"),
         ("{{ row.year }}", "{{ row.title }}", "{{ row.decision }}"), "row in past_awards", (20, 60, 85))
    body(document, "2. Hình thức khen thưởng: {{ blank_text }}")
    if level == "collective":
        signature(document, recipients=False, left_title="XÁC NHẬN CỦA CẤP TRÌNH KHEN")
    else:
        signature(document, recipients=False, left_title="THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ")
    return document


BUILDERS = {
    "registrations.docx": registrations,
    "submission.docx": submission,
    "decision.docx": decision,
    "summary.docx": summary,
    "council_minutes.docx": council_minutes,
    "ballot_count.docx": ballot_count,
    "achievement_collective.docx": lambda: achievement("collective"),
    "achievement_individual.docx": lambda: achievement("individual"),
}


def main(target: Path = TARGET) -> None:
    """Write every template into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for name, build in BUILDERS.items():
        build().save(target / name)
        print(target / name)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET)
