"""Answers with the real index and model: the clause, the figure asked for, the citation."""

from __future__ import annotations

import pytest

from qa.answer import Candidate
from qa.index import Index
from qa.official_terms import indicators_asked
from qa.query import analyse
from qa.service import QAService

from .conftest import seed_id


@pytest.fixture(scope="module")
def service(index: Index, embedder) -> QAService:
    return QAService(index, embedder)


@pytest.mark.parametrize("question", ["How many elderly meal sites were built?",
                                      "老人吃饭的食堂建了多少家？"])
def test_the_two_example_questions(service: QAService, question: str) -> None:
    answer = service.ask(question)
    assert answer.answerable and "790" in answer.text
    citation = answer.citations[0]
    assert citation.chunk_id == seed_id("p3-s3-m3") and "790" in citation.quote
    assert service.index.source[citation.start:citation.end] == citation.quote
    assert citation.label == "3号建议案 · (三)提升适老化服务水平 · 三是推进老年助餐服务"


def test_a_chinese_answer_does_not_repeat_the_figure_its_quote_opens_with(
        service: QAService) -> None:
    answer = service.ask("市政协是哪天组织民主测评的？")
    assert answer.text.startswith("2024年12月12日,市政协"), answer.text


def test_english_answers_lead_with_the_figure_and_quote_the_source(service: QAService) -> None:
    answer = service.ask("How many elderly meal sites were built?")
    assert answer.text.startswith("790个 — “") and answer.text.endswith("”")


@pytest.mark.parametrize(("question", "figure", "not_figures"), [
    # one measure holds 10076, 1.1万, 9042 and 6713 households
    ("在150个试点小区开展居家适老化改造，完成改造多少户？", "6713", ["9042", "1.1万"]),
    ("在150个试点小区开展居家适老化改造，签订协议多少户？", "9042", ["6713"]),
    # "A、B、C分别达x、y、z": the subject asked picks its figure
    ("工业互联网标识解析量累计达到多少？", "219.92亿", ["277.21亿"]),
    # a list of people counts
    ("服务企业引进“武汉英才”多少名？", "106", []),
])
def test_the_figure_asked_for_not_a_neighbour(service: QAService, question: str, figure: str,
                                              not_figures: list[str]) -> None:
    answer = service.ask(question)
    lead = answer.text.split("：")[0]
    assert figure in lead, answer.text
    for other in not_figures:
        assert other not in lead


@pytest.mark.parametrize(("question", "expected", "chunk_id"), [
    ("哪个部门主办了适老化建设的建议案？", "市民政局", "preamble"),  # a bureau
    ("这份通报是在哪次会议上作的？", "第四次会议", "preamble"),  # a session
    ("What is the package for turning research results into products called?", "黄金20条",
     "p2-s1-m4"),  # a quoted name
    ("When did the municipal CPPCC evaluate the handling of the proposals?", "2024年12月12日",
     "preamble"),  # a whole date
    ("武汉在全国中小企业发展环境评估中排第几？", "前十", "p2-s5-m3"),  # a place in a ranking
    ("How many medical beds do the integrated medical and elderly care institutions have?",
     "5019张", "p3-s3-m1"),  # beds are counted, not institutions
])
def test_the_kind_of_thing_asked_for(service: QAService, question: str, expected: str,
                                     chunk_id: str) -> None:
    answer = service.ask(question)
    assert answer.answerable and expected in answer.text, answer.text
    assert answer.citations[0].chunk_id == seed_id(chunk_id)


def test_an_answer_never_joins_a_heading_to_the_text_under_it(service: QAService) -> None:
    """A span that starts inside the proposal's heading line never runs on into the text
    under it: "…建议案》(1号建议案)办理情况\n省委常委…" is not an answer."""
    answer = service.ask("武汉新城那份建议案是哪位领导亲自督办的？")
    assert answer.text.startswith("省委常委、市委书记郭元强"), answer.text
    assert "\n" not in answer.citations[0].quote


@pytest.mark.parametrize("question", ["2号建议案的标题是什么？",
                                      "What is the full title of proposal 2?"])
def test_a_title_is_answered_with_the_whole_heading(service: QAService, question: str) -> None:
    answer = service.ask(question)
    assert "《关于加快新型工业化步伐,打造新时代制造强市的建议案》" in answer.text, answer.text
    assert answer.citations[0].chunk_id == seed_id("p2-s0-m0")


@pytest.mark.parametrize("question", ["3号建议案在医养结合方面有什么进展？",
                                      "2号建议案在人才引进上做了什么？"])
def test_a_named_proposal_is_scope_not_the_topic(service: QAService, question: str) -> None:
    """"3号建议案" chooses the proposal; left in the question's vector it drew every such
    question to the proposal's opening ("市政协主席杨智倾力领办3号建议案")."""
    answer = service.ask(question)
    assert answer.answerable and "领" not in answer.text and "》" not in answer.text, answer.text
    assert not answer.citations[0].chunk_id.endswith("-s0-m0")


def test_a_named_proposal_without_the_thing_asked_is_declined(service: QAService) -> None:
    """Proposal 3's meal sites rank first for the words; proposal 2, which was asked about,
    has none: the checks weigh proposal 2's own passages and decline."""
    assert not service.ask("2号建议案建了多少个老年助餐机构？").answerable
    answer = service.ask("2号建议案新增了多少家国家级绿色工厂？")
    assert answer.answerable and "32家" in answer.text, answer.text


def test_every_citation_is_exact_source_text(service: QAService) -> None:
    for question in ["东湖高新区新登记企业超过多少户？",
                     "What did YOFC's hollow-core fibre achieve?",
                     "Who supervised proposal No. 1?",
                     "市政协对建议案办理工作组织民主测评的结果如何？"]:
        answer = service.ask(question)
        for citation in answer.citations:
            assert service.index.source[citation.start:citation.end] == citation.quote
            assert service.index.chunk(citation.chunk_id) is not None


def test_query_analysis() -> None:
    q = analyse("老人吃饭的食堂建了多少家？")
    assert q.lang == "zh" and q.asks_quantity and "家" in q.units
    q = analyse("How many households completed renovation?")
    assert q.lang == "en" and q.asks_quantity and "户" in q.units
    assert analyse("When did the forum take place?").asks_time
    assert analyse("武汉在副省级城市中排第几？").asks_rank
    assert not analyse("新城的重点项目纳入了哪几级的支持清单？").asks_quantity  # 哪几 = which
    assert analyse("在150个试点小区里完成多少户？").numbers == (150.0,)


def test_no_passages_is_a_decline_not_a_crash(service: QAService) -> None:
    answer = service.answer_from("老年助餐机构建了多少个？", [])
    assert not answer.answerable and answer.citations == () and answer.hits == ()


def test_caches_of_index_pieces_do_not_fill_with_each_new_question(service: QAService) -> None:
    """The answer stage remembers work on pieces of the index (spans, their figures, their
    tokens) in large caches; a key that held the question too made every distinct question
    a new entry (the soak's memory grew with each one). 60 distinct questions, each with a
    figure of its own, must leave those caches nearly where the first round left them."""
    from qa import answer, figure_numbers, figures, lexical, spans

    caches = [lexical.token_set, figure_numbers.plain_numbers, figures._figure_layout,
              figure_numbers.span_numbers, spans.passage_spans, answer._holds_kind]
    asked = ["老人吃饭的食堂建了多少家？", "How many elderly meal sites were built?",
             "居家适老化改造完成了多少户？"]
    for question in asked:
        service.ask(question)
    before = [cache.cache_info().currsize for cache in caches]
    for n in range(20):
        for question in asked:
            service.ask(f"{question} {n + 1}.{n + 7}")
    grown = [cache.cache_info().currsize - size for cache, size in zip(caches, before, strict=True)]
    assert all(growth < 20 for growth in grown), dict(zip(
        [cache.__wrapped__.__name__ for cache in caches], grown, strict=True))


def test_a_tie_goes_to_the_longer_span(monkeypatch: pytest.MonkeyPatch) -> None:
    """A span and the sentence holding it share their clause's similarity; scored the same,
    the sentence is chosen (it holds the span and the words around it), in either order."""
    from qa import answer
    from qa.types import Chunk, Clause, Hit

    sentence = "着力构建以居家为基础、社区为依托的养老服务体系"
    chunk = Chunk("doc:s1-p1", None, "", "", None, "", None, "", "", "", 0, len(sentence),
                  sentence, doc_id="doc")
    hit = Hit(chunk, 1.0)

    def candidate(text: str) -> answer.Candidate:
        start = sentence.index(text)
        return answer.Candidate(hit, Clause(text, start, start + len(text)), 0.9, -1.0, 0.4,
                                0.0, False, None)

    short, whole = candidate("社区为依托的养老服务体系"), candidate(sentence)
    for found in ([short, whole], [whole, short]):
        monkeypatch.setattr(answer, "candidates", lambda *_, found=found: found)
        best = answer.best_candidate(analyse("养老服务体系以什么为基础？"), [hit], {})
        assert best is whole


def test_a_span_that_only_leads_in_to_its_content_is_not_the_answer() -> None:
    """"…主要预期目标是" introduces the targets that follow it; as alike to the question as
    the target itself, it loses to it."""
    from qa import answer
    from qa.types import Chunk, Clause, Hit

    text = "今年经济社会发展主要预期目标是：城镇新增就业120万人以上"
    chunk = Chunk("doc:s3-p1", None, "", "", None, "", None, "", "", "", 0, len(text), text,
                  doc_id="doc")
    hit = Hit(chunk, 1.0)
    lead_in, target = text.split("：")
    found = [answer.Candidate(hit, Clause(part, text.index(part),
                                          text.index(part) + len(part)), 0.9, -1.0, 0.4,
                              0.0, False, None, dangling=bool(answer.DANGLING_RE.search(part)))
             for part in (lead_in, target)]
    assert found[0].dangling and not found[1].dangling
    query = analyse("What is this year's goal for new urban jobs?")
    weights = answer.DEFAULT_WEIGHTS
    assert found[1].score(query, weights) > found[0].score(query, weights)


def test_a_kind_asked_for_picks_the_span_holding_it_when_its_figure_is_named(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"…多少钱？": the best span holding money whose figure the question's words name wins
    over a better-scored share; money named by other words ("落实资金280多亿元") does not,
    and the best span stands for the abstainer to weigh."""
    from qa import answer
    from qa.figures import Figure
    from qa.numbers import numbers_in
    from qa.types import Chunk, Clause, Hit

    def candidate(text: str, similarity: float, named: float) -> answer.Candidate:
        chunk = Chunk("doc:s1-p1", None, "", "", None, "", None, "", "", "", 0, len(text),
                      text, doc_id="doc")
        quantity = numbers_in(text)[-1]
        unit = "%" if quantity.percent else "元"
        return answer.Candidate(Hit(chunk, 1.0), Clause(text, 0, len(text)), similarity, -1.0,
                                0.3, 0.0, False, Figure(quantity, unit, unit == "元", named))

    share = candidate("农村居民人均可支配收入增长7%", 0.95, 0.5)
    money = candidate("农村居民人均可支配收入达到20793元", 0.90, 0.1)
    other = candidate("落实资金280多亿元", 0.90, 0.0)
    query = analyse("农村居民人均可支配收入达到多少钱？")
    for found, expected in (([share, money, other], money), ([share, other], share)):
        monkeypatch.setattr(answer, "candidates", lambda *_, found=found: found)
        assert answer.best_candidate(query, [share.hit], {}) is expected


def figure_candidate(question: str, text: str, similarity: float) -> Candidate:
    """A one-clause candidate of its own passage with the figure that best answers question."""
    from qa.figures import answer_figures, best_figure
    from qa.types import Chunk, Clause, Hit

    chunk = Chunk("doc:s1-p1", None, "", "", None, "", None, "", "", "", 0, len(text), text,
                  doc_id="doc")
    figure = best_figure(answer_figures(analyse(question), text, {}))
    return Candidate(Hit(chunk, 1.0), Clause(text, 0, len(text)), similarity, -1.0, 0.3, 0.0,
                     False, figure)


def test_how_many_is_not_answered_by_a_measure_unless_it_counts_in_its_unit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"How many tourist visits…?" is not answered by "1000亿千瓦时" scored above the visits;
    "How many tonnes of grain…?" is answered in tonnes."""
    from qa import answer

    candidate = figure_candidate
    visits = "How many tourist visits did the province receive?"
    power, tourists = candidate(visits, "全社会用电量突破1000亿千瓦时", 0.95), \
        candidate(visits, "接待游客2.1亿人次", 0.90)
    assert power.figure is not None and power.figure.kind == "measure"
    monkeypatch.setattr(answer, "candidates", lambda *_: [power, tourists])
    assert answer.best_candidate(analyse(visits), [power.hit], {}) is tourists
    tonnes = "How many tonnes of grain did the province harvest?"
    grain = candidate(tonnes, "粮食总产量1347万吨", 0.90)
    monkeypatch.setattr(answer, "candidates", lambda *_: [grain])
    assert answer.best_candidate(analyse(tonnes), [grain.hit], {}) is grain


def test_in_all_is_answered_by_a_total_the_clause_before_names(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"一共多少" wants the figure stated as a total, also where the total is named in the
    clause before the figure's own ("…进出口总值创新高，达到4000亿元"), not a part scored a
    little above it."""
    from qa import answer

    question = "全省外贸进出口一共多少钱？"
    part = figure_candidate(question, "中欧班列带动外贸300亿元、增长5%", 0.90)
    total = figure_candidate(question, "全省进出口总值创历史新高，达到4000亿元、增长8%", 0.89)
    assert total.figure is not None and total.figure.stated_total
    assert part.figure is not None and not part.figure.stated_total
    monkeypatch.setattr(answer, "candidates", lambda *_: [part, total])
    assert answer.best_candidate(analyse(question), [part.hit], {}) is total


def test_a_quantity_of_a_named_indicator_is_answered_by_a_span_naming_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"How did fixed-asset investment perform?" is not answered by the GDP figure scored
    above it in the same sentence; with no span naming the indicator, the best one stands
    (the abstainer then judges it)."""
    from qa import answer
    from qa.figures import answer_figures, best_figure
    from qa.types import Chunk, Clause, Hit

    question = "How did the province's fixed-asset investment perform last year?"
    query = analyse(question)
    assert query.asks_quantity and "%" in query.units

    def candidate(text: str, similarity: float) -> answer.Candidate:
        chunk = Chunk("doc:s1-p1", None, "", "", None, "", None, "", "", "", 0, len(text),
                      text, doc_id="doc")
        figure = best_figure(answer_figures(query, text, {}))
        return answer.Candidate(Hit(chunk, 1.0), Clause(text, 0, len(text)), similarity, -1.0,
                                0.0, 0.0, False, figure)

    gdp, investment = candidate("全省地区生产总值6120亿元、增长5.2%", 0.82), \
        candidate("固定资产投资下降2.4%", 0.78)
    monkeypatch.setattr(answer, "candidates", lambda *_: [gdp, investment])
    assert answer.best_candidate(query, [gdp.hit], {}) is investment
    monkeypatch.setattr(answer, "candidates", lambda *_: [gdp])
    assert answer.best_candidate(query, [gdp.hit], {}) is gdp


def test_a_span_of_the_part_speaking_of_the_year_asked_wins(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A question about the year a report reviews is answered in the review, though a
    target in the plan ranks above it; with nothing in the review, the best span stands
    (the abstainer then judges it); an indicator only the plan names keeps the plan's span
    (the report gives it as a target only: the abstainer declines)."""
    from qa import answer
    from qa.figures import answer_figures, best_figure
    from qa.types import Chunk, Clause, Hit

    def candidate(question: str, text: str, part: str, similarity: float) -> answer.Candidate:
        chunk = Chunk(f"doc:{part}-p1", None, "", "", None, "", None, "", "", "", 0,
                      len(text), text, doc_id="doc")
        figure = best_figure(answer_figures(analyse(question), text, {}))
        return answer.Candidate(Hit(chunk, 1.0), Clause(text, 0, len(text)), similarity, -1.0,
                                0.0, 0.0, False, figure)

    def in_plan(chunk: Chunk) -> bool:
        return chunk.id.startswith("doc:s2")

    jobs = "How many new urban jobs were created in 2025?"
    target = candidate(jobs, "城镇新增就业50万人以上", "s2", 0.90)
    result = candidate(jobs, "城镇新增就业52万人", "s1", 0.80)
    monkeypatch.setattr(answer, "candidates", lambda *_: [target, result])
    assert answer.best_candidate(analyse(jobs), [target.hit], {}) is target
    assert answer.best_candidate(analyse(jobs), [target.hit], {}, other_year=in_plan) is result
    monkeypatch.setattr(answer, "candidates", lambda *_: [target])
    assert answer.best_candidate(analyse(jobs), [target.hit], {}, other_year=in_plan) is target
    trade = "By how much did total imports and exports grow in 2025?"
    trade_target = candidate(trade, "进出口总额增长3%", "s2", 0.90)
    exports = candidate(trade, "“新三样”出口增长88%", "s1", 0.80)
    monkeypatch.setattr(answer, "candidates", lambda *_: [trade_target, exports])
    assert answer.best_candidate(analyse(trade), [trade_target.hit], {},
                                 other_year=in_plan) is trade_target


@pytest.mark.parametrize(("question", "units"), [
    ("How large had the province's economy grown by 2025?", ("元", "美元")),
    ("How much did the economy grow in 2025?", ("%",)),
    ("What container throughput did the port handle?", ("标准箱", "标箱")),
])
def test_the_units_a_question_hints(question: str, units: tuple[str, ...]) -> None:
    """"How large … grown" asks the level reached (money for an economy), "how much … grow"
    the change; containers are counted in TEU."""
    query = analyse(question)
    assert query.asks_quantity and query.units == units


def test_a_follow_up_referring_back_is_answered_from_the_sentence_just_quoted(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"这占全国的比重是多少？" after "棉花总产516万吨、占全国90.1%" was quoted: "this" is the
    cotton, not the trade share of another passage that matches the words a little better."""
    from qa import answer
    from qa.figures import answer_figures, best_figure
    from qa.types import Chunk, Clause, Hit

    query = analyse("这占全国的比重是多少？")
    quoted = "单产1100斤，棉花总产516万吨、占全国90.1%。蔬菜2000万吨、增长3%。"
    other = "对中亚贸易占全国比重30.2%"

    def candidate(text: str, span: str, similarity: float, focused: bool) -> answer.Candidate:
        chunk = Chunk("doc:s1-p1" if focused else "doc:s1-p2", None, "", "", None, "", None,
                      "", "", "", 0, len(text), text, doc_id="doc")
        at = text.index(span)
        return answer.Candidate(Hit(chunk, 1.0, focused=focused), Clause(span, at, at + len(span)),
                                similarity, -1.0, 0.1, 0.0, False,
                                best_figure(answer_figures(query, span, {})))

    cotton = candidate(quoted, "棉花总产516万吨、占全国90.1%", 0.91, True)
    vegetables = candidate(quoted, "蔬菜2000万吨、增长3%", 0.91, True)
    trade = candidate(other, other, 0.90, False)
    monkeypatch.setattr(answer, "candidates", lambda *_: [cotton, vegetables, trade])
    said = "棉花总产516万吨、占全国90.1%"
    best = answer.best_candidate(query, [cotton.hit, trade.hit], {}, said=said)
    assert best is not None and best.clause == cotton.clause and best.said
    assert answer.best_candidate(query, [cotton.hit, trade.hit], {}) is trade


def test_a_total_asked_for_is_answered_by_the_figure_stated_as_a_total(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"一共设了多少项指标？": "以上共计28项指标" answers, not a part's "提出5项指标" scored
    a little above it; asked without "in all", the part keeps its place."""
    from qa import answer

    candidate = figure_candidate
    for question, expected in (("规划纲要一共设了多少项指标？", "以上共计28项指标"),
                               ("规划纲要设了多少项指标？", "围绕创新驱动提出5项指标")):
        part = candidate(question, "围绕创新驱动提出5项指标", 0.90)
        total = candidate(question, "以上共计28项指标", 0.88)
        assert total.figure is not None and total.figure.stated_total
        assert part.figure is not None and not part.figure.stated_total
        monkeypatch.setattr(answer, "candidates", lambda *_, found=[part, total]: found)
        best = answer.best_candidate(analyse(question), [part.hit], {})
        assert best is not None and best.clause.text == expected


@pytest.mark.parametrize(("question", "whether"), [
    ("Did the county reach its target?", True),
    ("And was the new hospital finished on time?", True),
    ("Has the city opened its second airport?", True),
    ("全部老旧小区是否都完成了改造？", True),
    ("有没有建成新的体育馆？", True),
    ("新机场建成了吗？", True),
    ("How many schools were built?", False),
    ("What did the city do about parking?", False),
    ("新建了多少所学校？", False),
])
def test_a_yes_no_question_is_recognised(question: str, whether: bool) -> None:
    assert analyse(question).asks_whether is whether


def test_a_yes_no_question_is_answered_to_the_end_of_its_sentence() -> None:
    """The verdict of a sentence comes at its end ("…评估,本市均位列全国前十"): a yes/no
    question's answer runs on to it, still quoting the source exactly; other questions keep
    their span."""
    from qa import answer
    from qa.types import Chunk, Clause, Hit

    text = "贷款余额增长4%。两项全国营商环境评估,本市均位列全国前十。下一步继续优化。"
    offset = 100  # the chunk's place in its document
    chunk = Chunk("doc:s1-p1", None, "", "", None, "", None, "", "", "", offset,
                  offset + len(text), text, doc_id="doc")
    cut = "两项全国营商环境评估"
    at = text.index(cut)
    best = answer.Candidate(Hit(chunk, 1.0), Clause(cut, offset + at, offset + at + len(cut)),
                            0.9, -1.0, 0.3, 0.0, False, None)
    whole = answer.extractive_answer(analyse("Did the city make the national top ten?"),
                                     [best.hit], best)
    quote = "两项全国营商环境评估,本市均位列全国前十"
    citation = whole.citations[0]
    assert citation.quote == quote and (citation.start, citation.end) == (
        offset + at, offset + at + len(quote))
    assert "前十" in whole.text
    plain = answer.extractive_answer(analyse("Which assessments rated the city?"), [best.hit],
                                     best)
    assert plain.citations[0].quote == cut


def test_a_span_that_opens_a_bracket_runs_on_to_its_close() -> None:
    """Clauses break at the colon inside "（牵头单位：民政厅）": a span ending inside the
    bracket would quote "…7000张（牵头单位" and leave out who leads; it runs on to the
    close, and stays exact source text."""
    from qa.chunk import split_clauses
    from qa.spans import passage_spans as _spans
    from qa.types import Chunk

    text = "5.建成家庭养老床位7000张（牵头单位：民政厅）。6.新建托育机构20所。"
    chunk = Chunk("doc:s4-p1", None, "", "", None, "", None, "", "", "", 0, len(text), text,
                  clauses=tuple(split_clauses(text)), doc_id="doc")
    quotes = [span.text for _, _, span in _spans(chunk)[1]]
    assert "5.建成家庭养老床位7000张（牵头单位：民政厅）" in quotes
    assert not any(q.endswith("（牵头单位") for q in quotes)
    for _, _, span in _spans(chunk)[1]:
        assert text[span.start:span.end] == span.text  # still exact source text


@pytest.mark.parametrize(("question", "whole", "part"), [
    ("By how much did per capita income grow for rural residents?", "居民人均可支配收入增长5.4%",
     "其中农村居民收入增长6.3%"),
    ("今年出口增长了多少？", "货物贸易总额增长8.4%", "其中出口增长12.1%"),
    ("What is the urban subsistence allowance now?", "低保人均保障标准提高至600元",
     "城市低保人均保障标准提高至842元"),
])
def test_a_part_asked_is_answered_by_a_span_naming_it(monkeypatch: pytest.MonkeyPatch,
                                                     question: str, whole: str,
                                                     part: str) -> None:
    """"… for rural residents?" of "居民收入增长5.4%，其中农村居民收入增长6.3%": in a passage
    naming the part asked, the span naming it (or the whole, whose figures come for each
    part) answers, though a span naming neither scored above it. A passage naming no part
    is judged as it stands."""
    from qa import answer
    from qa.figures import answer_figures, best_figure
    from qa.types import Chunk, Clause, Hit

    text = f"{whole}，{part}。"
    chunk = Chunk("doc:s1-p1", None, "", "", None, "", None, "", "", "", 0, len(text), text,
                  doc_id="doc")
    query = analyse(question)

    def span(piece: str, similarity: float) -> answer.Candidate:
        at = text.index(piece)
        return answer.Candidate(Hit(chunk, 1.0), Clause(piece, at, at + len(piece)),
                                similarity, -1.0, 0.3, 0.0, False,
                                best_figure(answer_figures(query, piece, {})))

    first, second = span(whole, 0.95), span(part, 0.90)
    monkeypatch.setattr(answer, "candidates", lambda *_: [first, second])
    assert answer.best_candidate(query, [first.hit], {}) is second
    alone = figure_candidate(question, whole, 0.95)  # its passage names no part
    monkeypatch.setattr(answer, "candidates", lambda *_: [alone])
    assert answer.best_candidate(query, [alone.hit], {}) is alone


@pytest.mark.parametrize(("question", "parts"), [
    ("By how much did income grow for rural residents?", ("农村",)),
    ("农村居民收入增长多少？", ("农村",)),
    ("How much did exports grow?", ("出口",)),
    # the whole, or both parts: none is singled out
    ("城乡居民收入增长多少？", ()),
    ("城镇和农村居民收入各增长多少？", ()),
    ("How much did imports and exports grow?", ()),
])
def test_the_part_of_a_pair_a_question_asks(question: str, parts: tuple[str, ...]) -> None:
    from qa.figure_links import parts_asked

    assert parts_asked(question) == parts


def test_a_quantity_question_reads_passages_holding_a_figure() -> None:
    """The title line and a section's heading rank above the targets for "What's the GDP
    growth target for 2026?": with no figure to give, they are passed over and the next
    passage is read (other questions read the top three as ranked)."""
    from qa.answer import candidates
    from qa.chunk import split_clauses
    from qa.types import Chunk, Hit

    def hit(local: str, text: str, score: float) -> Hit:
        chunk = Chunk(f"doc:{local}", None, "", "", None, "", None, "", "", "", 0, len(text),
                      text, clauses=tuple(split_clauses(text)), doc_id="doc")
        return Hit(chunk, score)

    hits = [hit("s0-p1", "2026年某省政府工作报告", 0.83),
            hit("s3-p1", "三、2026年重点工作", 0.82),
            hit("s1-p2", "全省地区生产总值增长5.1%，高于全国", 0.81),
            hit("s3-p2", "主要预期目标是：经济增长5%左右，城镇调查失业率5.5%左右", 0.80)]
    read = {c.hit.chunk.id for c in candidates(analyse("What's the GDP growth target for 2026?"),
                                               hits, {})}
    assert "doc:s3-p2" in read and "doc:s0-p1" not in read
    asked = {c.hit.chunk.id for c in candidates(analyse("What are the year's main tasks?"),
                                                hits, {})}
    assert asked == {"doc:s0-p1", "doc:s3-p1", "doc:s1-p2"}


def test_a_count_in_a_classifier_is_answered_by_a_figure_in_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"一共改了多少户？" is answered by "累计改造10076户", not by "150个试点小区" scored
    above it; "How many beds …?" by beds (张), not by institutions (家). With no figure in
    the classifier asked, the best span stands (the abstainer judges it)."""
    from qa import answer

    candidate = figure_candidate
    homes = "适老化改造一共改了多少户？"
    pilots, done = candidate(homes, "在150个试点小区开展居家适老化改造", 0.99), \
        candidate(homes, "累计改造10076户", 0.95)
    monkeypatch.setattr(answer, "candidates", lambda *_: [pilots, done])
    assert answer.best_candidate(analyse(homes), [pilots.hit], {}) is done
    beds = "How many beds do the care institutions have?"
    bodies, counted = candidate(beds, "6家机构组建医养结合体", 0.99), \
        candidate(beds, "总床位5019张", 0.95)
    monkeypatch.setattr(answer, "candidates", lambda *_: [bodies, counted])
    assert answer.best_candidate(analyse(beds), [bodies.hit], {}) is counted
    monkeypatch.setattr(answer, "candidates", lambda *_: [pilots])
    assert answer.best_candidate(analyse(homes), [pilots.hit], {}) is pilots


def test_a_measure_named_by_its_last_word_takes_its_subject_from_the_sentences_lead() -> None:
    """"煤炭…开采方面，…，产量稳定在13亿吨左右" names coal output though its clause says only
    产量: a question on this year's coal output is answered by it, not by last year's figure
    that names 原煤产量 word for word. A clause of another measure ("服务业增加值…万亿元")
    in a sentence that began with GDP does not name GDP."""
    from qa import answer
    from qa.chunk import split_clauses
    from qa.types import Chunk, Hit

    def hit(local: str, text: str, score: float) -> Hit:
        chunk = Chunk(f"doc:{local}", None, "", "", None, "", None, "", "", "", 0, len(text),
                      text, clauses=tuple(split_clauses(text)), doc_id="doc")
        return Hit(chunk, score)

    review = hit("s1-p1", "全年规上原煤产量12.8亿吨、增长1.5%。", 0.93)
    target = hit("s3-p1", "煤炭绿色开采方面，抓好产能接续，产量稳定在12亿吨左右。", 0.92)
    best = answer.best_candidate(analyse("今年原煤产量打算稳定在多少？"), [review, target], {})
    assert best is not None and best.hit is target
    sentence = "地区生产总值增长5%，服务业增加值达到1.2万亿元。"
    question = "GDP总量是多少万亿元？"
    services = [c for c in answer.candidates(analyse(question), [hit("s1-p2", sentence, 0.9)], {})
                if c.clause.text == "服务业增加值达到1.2万亿元"]
    assert services and services[0].figure is not None
    assert not any(answer._names_asked(services[0], i) for i in indicators_asked(question, "zh"))


def test_money_asked_is_given_by_the_figure_not_by_money_beside_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"到了多少钱？": a span whose figure is the growth "7%" does not give money because
    "20793元" stands beside it; the span whose figure is the sum answers."""
    from dataclasses import replace as with_figure

    from qa import answer
    from qa.figures import answer_figures
    from qa.lexical import tokenize

    question = "农村居民人均可支配收入到了多少钱？"
    both = figure_candidate(question, "城乡居民人均可支配收入分别增长5.3%、7%，其中农村居民"
                                      "人均可支配收入达到20793元", 0.99)
    growth = next(f for f in answer_figures(analyse(question), both.clause.text, {})
                  if f.quantity.text == "7%")
    rate = with_figure(both, figure=growth)
    level = figure_candidate(question, "其中农村居民人均可支配收入达到20793元", 0.5)
    named = answer_figures(analyse(question), level.clause.text, dict.fromkeys(
        tokenize(question), 1.0))  # the question's words name its figure
    level = with_figure(level, figure=named[0])
    monkeypatch.setattr(answer, "candidates", lambda *_: [rate, level])
    assert answer.best_candidate(analyse(question), [rate.hit], {}) is level


def test_a_figure_asked_again_elsewhere_is_taken_from_a_span_naming_it_alike(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"And Jiangsu?" after "地区生产总值增长5.5%": the growth rate asked is the one named as
    GDP growth was, not the income growth that ranked above it (which the abstainer would
    decline as named otherwise)."""
    from qa import answer
    from qa.quoted import named_alike

    question = "What was Jiangsu's growth rate?"
    income = figure_candidate(question, "城乡居民人均可支配收入分别达6.9万元、3.4万元，"
                                        "增长4.2%、5.3%", 0.99)
    gdp = figure_candidate(question, "地区生产总值增长5.3%、增量保持全国第一", 0.90)
    monkeypatch.setattr(answer, "candidates", lambda *_: [income, gdp])
    query = analyse(question)
    assert answer.best_candidate(query, [income.hit], {}) is income
    assert answer.best_candidate(query, [income.hit], {}, named_as="地区生产总值增长") is gdp
    assert named_alike(gdp.clause.text, 6, "地区生产总值增长")
    assert not named_alike(income.clause.text, 30, "地区生产总值增长")
    assert named_alike("任何文字", 0, "")  # nothing to compare: alike


def test_a_count_names_what_it_counts_after_its_classifier(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"培育420家国家级专精特新企业" counts the firms asked about though it names them after
    the figure; a better-scored count of other firms ("规上工业企业900家") does not stand
    for them."""
    from qa import answer

    question = "全省国家级专精特新企业有多少家？"
    named_after = figure_candidate(question, "新增3家千亿级工业企业，培育420家国家级专精特新企业",
                                   0.80)
    other = figure_candidate(question, "力争新增规上工业企业900家", 0.90)
    monkeypatch.setattr(answer, "candidates", lambda *_: [other, named_after])
    assert answer.best_candidate(analyse(question), [other.hit], {}) is named_after


def test_the_indicator_in_the_kind_asked_is_the_span_that_names_it_in_that_kind(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The second look's choice: among spans holding money, the one whose own words name the
    indicator asked ("地区生产总值…达到3.2万亿元"), not the growth beside it nor another
    indicator's money ("社会消费品零售总额达4.6万亿元")."""
    from qa import answer
    from qa.figures import answer_figures, best_figure
    from qa.types import Chunk, Clause, Hit

    query = analyse("甲子省2025年地区生产总值是多少？")
    spans = ["全省地区生产总值增长5.1%", "社会消费品零售总额达4.6万亿元",
             "全省地区生产总值迈上3万亿元台阶、达到3.2万亿元"]
    text = "，".join(spans)
    chunk = Chunk("doc:s1-p1", None, "", "", None, "", None, "", "", "", 0, len(text), text,
                  doc_id="doc")
    hit = Hit(chunk, 1.0)
    found = []
    for span in spans:
        start = text.index(span)
        figure = best_figure(answer_figures(query, span, {"地区": 1.0, "生产": 1.0}))
        found.append(answer.Candidate(hit, Clause(span, start, start + len(span)), 0.9, -1.0,
                                      0.4, 0.0, False, figure))
    # no passage names the indicator in that kind: none, and nothing read
    assert answer.indicator_in_kind(query, [], {}, ("money",)) is None
    other = "新建学校20所，投资5亿元"
    plain = Chunk("doc:s1-p3", None, "", "", None, "", None, "", "", "", 0, len(other), other,
                  doc_id="doc")
    assert answer.indicator_in_kind(query, [Hit(plain, 1.0)], {}, ("money",)) is None
    monkeypatch.setattr(answer, "candidates", lambda *_: found)
    best = answer.indicator_in_kind(query, [hit], {}, ("money",))
    assert best is not None and best.clause.text == spans[2]
    assert best.figure is not None and best.figure.quantity.text == "3.2万亿"
    # no span both names the indicator and gives money: none; nor does a threshold passed
    # or the mark of a class of things count as the level ("超200亿元县": counties)
    for others in (["地区生产总值跨过3万亿元"], ["新增经济总量超200亿元县2个"]):
        spans_ = [*spans[:2], *others]
        text_ = "，".join(spans_)
        chunk_ = Chunk("doc:s1-p2", None, "", "", None, "", None, "", "", "", 0, len(text_),
                       text_, doc_id="doc")
        found_ = [answer.Candidate(Hit(chunk_, 1.0), Clause(span, text_.index(span),
                                                             text_.index(span) + len(span)),
                                   0.9, -1.0, 0.4, 0.0, False,
                                   best_figure(answer_figures(query, span, {"地区": 1.0})))
                  for span in spans_]
        monkeypatch.setattr(answer, "candidates", lambda *_, f=found_: f)
        assert answer.indicator_in_kind(query, [hit], {}, ("money",)) is None, others


def test_only_a_decline_for_the_kind_or_a_figure_off_the_top_looks_again() -> None:
    from qa.abstain import OFF_TOP, Verdict

    kind = "asks for money, the passage gives none"
    gdp, plain = analyse("2025年地区生产总值是多少？"), analyse("园区总投资是多少？")
    assert QAService._worth_a_second_look(gdp, Verdict(False, (kind,)))
    assert QAService._worth_a_second_look(gdp, Verdict(False, (OFF_TOP,)))
    assert QAService._worth_a_second_look(gdp, Verdict(False, (kind, OFF_TOP)))
    assert not QAService._worth_a_second_look(plain, Verdict(False, (kind,)))  # no indicator
    assert not QAService._worth_a_second_look(gdp, Verdict(False, (
        kind, "asks about 2025, the passage sets later targets")))
    growth = analyse("2025年地区生产总值增长了多少？")  # no kind demanded: nothing to look for
    assert not QAService._worth_a_second_look(growth, Verdict(False, (OFF_TOP,)))
