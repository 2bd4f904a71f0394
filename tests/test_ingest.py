"""Ingest: every encoding and format from files the tests write, page leftovers, metadata
on real reports, and how a corpus with bad files, clashing ids or nothing in it fails."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from qa.errors import CorpusError
from qa.ingest import (
    SUPPORTED_SUFFIXES,
    DocumentReadError,
    Skipped,
    discover,
    load_corpus,
    read_document,
    strip_leftovers,
)

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "wuhan-cppcc-proposals-2025.txt"
REPORTS = ROOT.parent / "shared" / "corpus" / "gov-reports-2026"

REPORT = (
    "2026年示例省政府工作报告\n"
    "——2026年1月27日在示例省第十四届人民代表大会第四次会议上\n"
    "省长 张三\n"
    "各位代表：\n"
    "现在，我代表省人民政府向大会报告工作，请予审议。\n"
    "一、2025年工作回顾\n"
    "城镇新增就业42.3万人，新建养老床位5000张。\n"
)


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# --- encodings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("gb18030", b""),
        ("gbk", b""),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16-le-bom", "utf16-be-bom"],
)
def test_text_encodings_decode_to_the_same_text(
    tmp_path: Path, encoding: str, prefix: bytes
) -> None:
    path = write(tmp_path / "2026_示例省_政府工作报告.txt", prefix + REPORT.encode(encoding))
    doc = read_document(path)
    assert doc.text == REPORT  # BOM dropped, nothing else changed
    assert doc.doc_id == "2026_示例省_政府工作报告"
    assert doc.title == "2026年示例省政府工作报告"
    assert (doc.date, doc.speaker) == ("2026-01-27", "省长 张三")


def test_short_gbk_text_is_not_taken_for_a_western_code_page(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "short.txt", "关于老年助餐的通知\n".encode("gbk")))
    assert doc.text == "关于老年助餐的通知\n"


def test_gb18030_only_characters_survive(tmp_path: Path) -> None:
    text = "㐀㐁 四字节字符\n𠀀\n"  # outside GBK: GB18030 four-byte sequences
    assert read_document(write(tmp_path / "rare.md", text.encode("gb18030"))).text == text


def test_newlines_are_kept_as_in_the_file(tmp_path: Path) -> None:
    raw = REPORT.replace("\n", "\r\n")
    doc = read_document(write(tmp_path / "crlf.txt", raw))
    assert doc.text == raw
    assert doc.text.index("城镇新增就业") == raw.index("城镇新增就业")


def test_binary_and_empty_text_files_are_errors(tmp_path: Path) -> None:
    binary = write(tmp_path / "blob.txt", bytes(range(256)) * 8)
    with pytest.raises(DocumentReadError, match=r"blob\.txt.*binary"):
        read_document(binary)
    empty = write(tmp_path / "empty.md", " \n\n")
    with pytest.raises(DocumentReadError, match=r"empty\.md: has no text"):
        read_document(empty)


def test_content_hash_is_of_the_raw_bytes(tmp_path: Path) -> None:
    import hashlib

    raw = b"\xef\xbb\xbf" + REPORT.encode("utf-8")
    doc = read_document(write(tmp_path / "r.txt", raw))
    assert doc.content_sha256 == hashlib.sha256(raw).hexdigest()


# --- formats -------------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>网页标题</title><style>p {{ color: red }}</style>
<script>var x = "脚本文字";</script></head>
<body>
<header><a href="/">首页</a> 网站头部</header>
<nav><ul><li>导航一</li><li>导航二</li></ul></nav>
<div>【字号：<a>大</a> <a>中</a> <a>小</a>】 【<a>打印</a>】 【<a>关闭窗口</a>】</div>
<div class="main">
  <h1>2026年示例市政府工作报告</h1>
  <p>——2026年1月25日在示例市第十六届人民代表大会第四次会议上</p>
  <p>示例市市长&nbsp;李四</p>
  <p>各位代表：</p>
  <p>现在，我代表市人民政府
     向大会报告工作。<br>第二行。</p>
  <table><tr><td>指标</td><td>数值</td></tr></table>
</div>
<footer>版权所有 网站底部</footer>
</body></html>
"""


def test_html_text_only_with_meta_charset(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "page.html", HTML.encode("gb18030")))
    assert doc.text == (
        "2026年示例市政府工作报告\n"
        "——2026年1月25日在示例市第十六届人民代表大会第四次会议上\n"
        "示例市市长 李四\n"
        "各位代表：\n"
        "现在，我代表市人民政府 向大会报告工作。\n"
        "第二行。\n"
        "指标\n"
        "数值\n"
    )
    assert (doc.title, doc.date, doc.speaker) == (
        "2026年示例市政府工作报告",
        "2026-01-25",
        "示例市市长 李四",
    )


def test_html_without_charset_is_detected(tmp_path: Path) -> None:
    page = (
        "<html><body><p>关于做好春节期间安全工作的通知</p><p>各单位：请做好工作。</p></body></html>"
    )
    doc = read_document(write(tmp_path / "notice.htm", page.encode("gbk")))
    assert doc.text == "关于做好春节期间安全工作的通知\n各单位：请做好工作。\n"
    assert doc.title == "关于做好春节期间安全工作的通知"


def test_html_utf8_bytes_under_a_stale_gb2312_declaration(tmp_path: Path) -> None:
    page = '<html><head><meta charset="gb2312"></head><body><p>关于春节安全的通知</p></body></html>'
    assert read_document(write(tmp_path / "stale.html", page)).text == "关于春节安全的通知\n"


def test_docx_paragraphs_and_table_cells_in_order(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("关于2025年民生实事办理情况的通报", level=1)
    document.add_paragraph("（2025年1月7日在示例市第十四届委员会第四次会议上）")
    document.add_paragraph("")
    document.add_paragraph("一、老年助餐。新建老年助餐点120个。")
    table = document.add_table(rows=2, cols=2)
    for (row, col), value in {
        (0, 0): "项目",
        (0, 1): "数量",
        (1, 0): "助餐点",
        (1, 1): "120",
    }.items():
        table.cell(row, col).text = value
    document.add_paragraph("二、托育服务。")
    document.sections[0].header.paragraphs[0].text = "页眉文字"
    path = tmp_path / "notice.docx"
    document.save(str(path))

    doc = read_document(path)
    assert doc.text == (
        "关于2025年民生实事办理情况的通报\n"
        "（2025年1月7日在示例市第十四届委员会第四次会议上）\n"
        "一、老年助餐。新建老年助餐点120个。\n"
        "项目\n数量\n助餐点\n120\n"
        "二、托育服务。\n"
    )
    assert (doc.title, doc.date) == ("关于2025年民生实事办理情况的通报", "2025-01-07")


def _pdf(path: Path, lines: list[str]) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path))
    pdf.rect(50, 50, 200, 100)  # something on the page even without text
    y = 780.0
    for line in lines:
        pdf.setFont("STSong-Light", 12)
        pdf.drawString(50, y, line)
        y -= 20
    pdf.save()
    return path


def test_pdf_chinese_text_layer(tmp_path: Path) -> None:
    lines = REPORT.splitlines()
    doc = read_document(_pdf(tmp_path / "report.pdf", lines))
    assert doc.text == REPORT
    assert (doc.title, doc.date, doc.speaker) == (
        "2026年示例省政府工作报告",
        "2026-01-27",
        "省长 张三",
    )


def test_pdf_without_text_layer_says_ocr_is_not_supported(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "scan.pdf", [])
    with pytest.raises(
        DocumentReadError, match=r"scan\.pdf: .*no text layer.*OCR is not supported"
    ):
        read_document(path)


# --- page leftovers -------------------------------------------------------------------

PAGE = (
    "您的位置:\n首页\n>\n要闻\n>\n示例要闻\n示例要闻\n"
    "下载\n打印\n全屏\n收藏\n【字号：\n加大\n还原\n减小\n】\n"
    "2026年示例省政府工作报告\n"
    "来源：示例日报\n"
    "时间：2026-02-02\n"
    "——2026年1月25日在示例省第十四届人民代表大会第四次会议上\n"
    "省长 张三\n"
    "各位代表：\n"
    "打印\n"  # inside the report: the report's word, kept
    "现在，我代表省人民政府向大会报告工作。\n"
    "（来源：示例日报）\n"
    "相关报道：\n"
    "》》点击图片进入专题《《\n|\n分享到:\n分享到微信\n×\n"
    "【\n打印本页\n】\n【\n关闭窗口\n】\n"
    "- 上一篇:\n- 下一篇: 关于另一件事的通知\n"
)
PAGE_CLEAN = (
    "2026年示例省政府工作报告\n"
    "来源：示例日报\n"
    "时间：2026-02-02\n"
    "——2026年1月25日在示例省第十四届人民代表大会第四次会议上\n"
    "省长 张三\n"
    "各位代表：\n"
    "打印\n"
    "现在，我代表省人民政府向大会报告工作。\n"
    "（来源：示例日报）\n"
)


def test_page_leftovers_are_stripped_as_whole_lines(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "page.txt", PAGE))
    assert doc.text == PAGE_CLEAN
    assert (doc.title, doc.date, doc.speaker) == (
        "2026年示例省政府工作报告",
        "2026-01-25",
        "省长 张三",
    )


def test_text_without_leftovers_is_unchanged() -> None:
    assert strip_leftovers(REPORT) == REPORT
    assert strip_leftovers(REPORT.rstrip("\n")) == REPORT.rstrip("\n")


def test_seed_bulletin_keeps_its_offsets() -> None:
    raw = SEED.read_text(encoding="utf-8")
    doc = read_document(SEED)
    footer = raw.index("- 上一篇")
    assert doc.text == raw[:footer]  # only the trailing link lines are gone
    assert doc.title == "武汉市人民政府关于政协武汉市第十四届委员会第三次会议建议案办理情况的通报"
    assert (doc.date, doc.speaker) == ("2025-01-07", "市人民政府秘书长杨相卫")


def test_a_title_wrapped_over_two_lines_is_joined(tmp_path: Path) -> None:
    text = (
        "武汉市人民政府关于政协武汉市第十四届委员会\n"
        "第三次会议建议案办理情况的通报\n"
        "(2025年1月7日在政协武汉市第十四届委员会第四次会议上)\n"
        "市人民政府秘书长杨相卫\n"
        "主席、各位委员:\n"
        "正文。\n"
    )
    doc = read_document(write(tmp_path / "wrapped.txt", text))
    assert doc.title == "武汉市人民政府关于政协武汉市第十四届委员会第三次会议建议案办理情况的通报"


def test_title_falls_back_to_first_line_then_doc_id(tmp_path: Path) -> None:
    assert read_document(write(tmp_path / "a.txt", "示例说明\n正文第一句。\n")).title == "示例说明"
    long_line = "这是一段很长的正文，" * 10 + "\n"
    assert read_document(write(tmp_path / "b.txt", long_line)).title == "b"


# --- metadata on the real reports -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "title", "date", "speaker"),
    [
        ("北京市", "2026年北京市政府工作报告", "2026-01-25", "北京市市长 殷勇"),
        ("陕西省", "陕西省2026年政府工作报告", "2026-01-27", "陕西省省长 赵刚"),
        ("贵州省", "政府工作报告", "2026-01-27", "省长 李炳军"),
        ("云南省", "2026年政府工作报告", "2026-01-28", "省长 王予波"),
        (
            "宁夏回族自治区",
            "2026年宁夏回族自治区政府工作报告",
            "2026-02-03",
            "自治区人民政府主席 张雨浦",
        ),
        ("广西壮族自治区", "2026年广西壮族自治区政府工作报告", "2026-02-02", "自治区主席 韦韬"),
    ],
)
def test_metadata_of_real_reports(name: str, title: str, date: str, speaker: str) -> None:
    doc = read_document(REPORTS / f"2026_{name}_政府工作报告.txt")
    assert (doc.title, doc.date, doc.speaker) == (title, date, speaker)
    assert not doc.text.startswith(("下载", "您的位置", "当前位置", "分享"))
    assert not doc.text.rstrip().endswith(
        ("相关报道：", "相关文档：", "】", "扫一扫在手机打开当前页")
    )


def test_all_real_reports_load_with_metadata() -> None:
    docs, skipped = load_corpus([*sorted(REPORTS.glob("*.txt")), SEED])
    assert skipped == []
    assert len(docs) == 24
    for doc in docs:
        assert "报告" in doc.title or "通报" in doc.title
        assert doc.date is not None and doc.date.startswith(("2026-01", "2026-02", "2025-01"))
        assert doc.speaker


# --- discovery and the corpus ------------------------------------------------------------


def test_discover_walks_folders_skips_hidden_and_other_types(tmp_path: Path) -> None:
    a = write(tmp_path / "b" / "a.txt", REPORT)
    z = write(tmp_path / "a" / "z.md", REPORT)
    p = write(tmp_path / "a" / "deep" / "p.pdf", b"%PDF")
    write(tmp_path / ".git" / "x.txt", "hidden folder")
    write(tmp_path / "a" / ".hidden.txt", "hidden file")
    write(tmp_path / "a" / "~$lock.docx", b"lock")
    write(tmp_path / "a" / "data.csv", "a,b")
    assert discover([tmp_path, a]) == [p, z, a]


def test_discover_errors_name_the_path(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"nowhere\.txt does not exist"):
        discover([tmp_path / "nowhere.txt"])
    csv = write(tmp_path / "data.csv", "a,b")
    with pytest.raises(CorpusError, match=r"data\.csv is a \.csv file"):
        discover([csv])
    assert ".docx" in SUPPORTED_SUFFIXES


def test_corrupt_files_are_skipped_by_name_and_the_rest_loaded(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", REPORT)
    write(tmp_path / "broken.docx", os.urandom(2048))
    write(tmp_path / "damaged.pdf", b"%PDF-1.7\n this is not really a pdf\n")
    seen: list[Skipped] = []
    docs, skipped = load_corpus([tmp_path], on_skip=seen.append)
    assert [doc.doc_id for doc in docs] == ["good"]
    assert [s.path.name for s in skipped] == ["broken.docx", "damaged.pdf"]
    assert seen == skipped
    assert skipped[0].reason.startswith("broken.docx: is not a readable .docx file")
    assert skipped[1].reason.startswith("damaged.pdf: is not a readable PDF")
    assert all("\n" not in s.reason for s in skipped)


def test_strict_mode_raises_on_the_first_unreadable_file(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", REPORT)
    write(tmp_path / "broken.docx", b"not a zip")
    with pytest.raises(DocumentReadError, match=r"broken\.docx") as info:
        load_corpus([tmp_path], strict=True)
    assert isinstance(info.value, CorpusError) and info.value.exit_code == 3


def test_duplicate_doc_ids_name_both_files(tmp_path: Path) -> None:
    first = write(tmp_path / "x" / "report.txt", REPORT)
    second = write(tmp_path / "y" / "report.md", REPORT)
    with pytest.raises(CorpusError, match="same document id 'report'") as info:
        load_corpus([tmp_path])
    assert str(first) in str(info.value) and str(second) in str(info.value)


def test_the_same_file_named_twice_is_read_once(tmp_path: Path) -> None:
    path = write(tmp_path / "report.txt", REPORT)
    docs, _ = load_corpus([tmp_path, path])
    assert len(docs) == 1


def test_empty_or_unreadable_corpus_is_a_clear_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(
        CorpusError, match=r"no readable documents in .*empty: no \.txt, .*files found"
    ):
        load_corpus([empty])
    bad = tmp_path / "bad"
    write(bad / "blank.txt", "\n")
    write(bad / "scan.pdf", b"garbage")
    with pytest.raises(
        CorpusError, match=r"no readable documents in .*bad: all 2 files were skipped"
    ):
        load_corpus([bad])
