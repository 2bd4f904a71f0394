"""The follow-up resolver (qa/followup.py) on sentences written for these tests: each rule,
and the questions that must be left alone. No model is needed."""

from __future__ import annotations

import pytest

from qa.followup import FollowUpResolver, Turn
from qa.mentions import mentions
from qa.scope import DocumentScope, NamedDocument
from qa.types import Chunk

BULLETIN = "bulletin"
BEIJING = "2026_北京市_政府工作报告"
JIANGSU = "2026_江苏省_政府工作报告"
DOCS = [NamedDocument(BULLETIN, "武汉市人民政府关于政协建议案办理情况的通报", "bulletin"),
        NamedDocument(BEIJING, "2026年北京市政府工作报告", "work_report"),
        NamedDocument(JIANGSU, "2026年江苏省政府工作报告", "work_report")]


def _chunk(chunk_id: str, doc_id: str, proposal: int | None = None) -> Chunk:
    return Chunk(chunk_id, proposal, "", "", None, "", None, "", "", "", 0, 4, "text",
                 doc_id=doc_id)


CHUNKS = {c.id: c for c in [_chunk("bulletin:p3-s3-m3", BULLETIN, 3),
                             _chunk("bulletin:p2-s1-m1", BULLETIN, 2),
                             _chunk(f"{BEIJING}:s1-p2", BEIJING)]}
MEALS = Turn("3号建议案建了多少个老年助餐机构？", "790个", ("bulletin:p3-s3-m3",))
MEALS_EN = Turn("How many elderly meal sites were built?", "790", ("bulletin:p3-s3-m3",))
GDP = Turn("北京今年GDP增长目标是多少？", "5%左右", (f"{BEIJING}:s1-p2",))
GDP_EN = Turn("What is Beijing's GDP growth target?", "around 5%", (f"{BEIJING}:s1-p2",))


@pytest.fixture(scope="module")
def one_doc() -> FollowUpResolver:
    """The bulletin alone: no document names are written into questions."""
    return FollowUpResolver(DocumentScope(DOCS[:1]), CHUNKS.get, documents=1)


@pytest.fixture(scope="module")
def many() -> FollowUpResolver:
    return FollowUpResolver(DocumentScope(DOCS), CHUNKS.get, documents=3)


def test_no_history_is_the_question_itself(one_doc: FollowUpResolver) -> None:
    resolved = one_doc.resolve("  其中助餐机构建了多少个？ ")
    assert (resolved.question, resolved.rule, resolved.rewritten) == (
        "其中助餐机构建了多少个？", "standalone", False)


@pytest.mark.parametrize("question", [
    "2号建议案一共有几项具体措施？",   # names its own proposal
    "全市加装电梯多少部？",             # no word refers back
    "How many lifts were installed in old residential buildings?",
    "Tell me more about the elevator subsidies",  # "tell me more" with a new subject
    "Are there any targets for 2027 in proposal 1?",  # "are there" is not "there"
    "What does the report say about this year's targets?",  # "this year" refers to no turn
    "Which measures show that the city cares for older people?",  # "that" as a conjunction
    "新建了多少个学校？",  # a count that names what it counts
    "涉及养老服务的建议案是哪一件？",  # a verb opening on its own object
    "How many schools were built?",
])
def test_standalone_follow_ups_are_left_exactly_as_written(one_doc: FollowUpResolver,
                                                           question: str) -> None:
    resolved = one_doc.resolve(question, [MEALS])
    assert (resolved.question, resolved.rule, resolved.docs) == (question, "standalone", ())


@pytest.mark.parametrize(("question", "expected"), [
    ("其中助餐机构建了多少个？", "3号建议案中助餐机构建了多少个？"),
    ("它们一共投入了多少资金？", "关于3号建议案，它们一共投入了多少资金？"),
    ("How much money was invested in them?", "How much money was invested in them in "
                                             "proposal 3?"),
    ("How many such sites are run by charities?",
     "How many such sites are run by charities in proposal 3?"),
    ("How much money was that?", "How much money was elderly meal sites in proposal 3?"),
    ("Who paid for this?", "Who paid for elderly meal sites in proposal 3?"),
    # a comparison with no subject compares what was just said
    ("比去年多还是少？", "关于3号建议案，比去年多还是少？"),
    # a count with nothing counted counts what was just said
    ("一共有几家？", "关于3号建议案，一共有几家？"),
    ("How many were completed?", "How many elderly meal sites were completed in proposal 3?"),
    # a short question, a demonstrative before a noun, a topic switched the same way
    ("谁牵头的？", "关于3号建议案，谁牵头的？"),
    ("Who led it?", "Who led it in proposal 3?"),
    ("What is his position?", "What is his position in proposal 3?"),  # the person named
    ("Which department led that work?", "Which department led that work in proposal 3?"),
    ("What about lifts?", "How many lifts in proposal 3?"),  # asked as the one before
    ("和全国相比怎么样？", "关于3号建议案，和全国相比怎么样？"),
    ("Compared with last year?", "Compared with last year in proposal 3?"),
    # a verb with its subject left out: the subject is what was just said
    ("涉及多少个项目？", "关于3号建议案，涉及多少个项目？"),
    ("惠及多少老人？", "关于3号建议案，惠及多少老人？"),
])
def test_refers_inherits_the_proposal_the_previous_answer_cited(
        one_doc: FollowUpResolver, question: str, expected: str) -> None:
    # MEALS_EN names no proposal: the proposal comes from the chunk its answer cited.
    resolved = one_doc.resolve(question, [MEALS_EN])
    assert (resolved.question, resolved.rule) == (expected, "refers")


def test_refers_with_nothing_to_inherit_stays_as_asked(one_doc: FollowUpResolver) -> None:
    declined = Turn("全市的GDP是多少？", "The bulletin does not answer this question.", ())
    assert one_doc.resolve("其中服务业占多少？", [declined]).rule == "standalone"


@pytest.mark.parametrize(("question", "history", "expected"), [
    ("那2号建议案呢？", [MEALS], "2号建议案建了多少个老年助餐机构？"),
    ("What about proposal 2?", [Turn("How many elderly meal sites were built under proposal "
                                     "3?", "790", ("bulletin:p3-s3-m3",))],
     "How many elderly meal sites were built under proposal 2?"),
    ("And proposal 1?", [MEALS_EN], "How many elderly meal sites were built in proposal 1?"),
    ("第一件建议呢？", [MEALS], "1号建议案建了多少个老年助餐机构？"),
    # the previous question named its proposal by topic: the new number replaces it
    ("那2号建议案呢？", [Turn("养老那份建议案是哪位领导督办的？", "杨智", ())],
     "2号建议案是哪位领导督办的？"),
    ("What about proposal 1?", [Turn("Who led the proposal on building an elderly-friendly "
                                     "city?", "Yang Zhi", ())],
     "Who led proposal 1?"),
    ("And proposal 2?", [Turn("What did the elderly-care proposal achieve?", "…", ())],
     "What did proposal 2 achieve?"),
])
def test_rescope_asks_the_previous_question_of_the_new_proposal(
        one_doc: FollowUpResolver, question: str, history: list[Turn], expected: str) -> None:
    resolved = one_doc.resolve(question, history)
    assert (resolved.question, resolved.rule) == (expected, "rescope")


@pytest.mark.parametrize(("question", "history", "expected"), [
    ("江苏呢？", [GDP], "江苏今年GDP增长目标是多少？"),
    ("那江苏的呢？", [GDP], "江苏今年GDP增长目标是多少？"),
    ("And Jiangsu?", [GDP_EN], "What is Jiangsu's GDP growth target?"),
    ("What about Jiangsu's?", [GDP_EN], "What is Jiangsu's GDP growth target?"),
    # a province no document is about: asked all the same, so the service can say so
    ("湖北呢？", [GDP], "湖北今年GDP增长目标是多少？"),
    # a question word without its noun asks the same again
    ("江苏有多少？", [Turn("北京有多少对国际友城？", "…", (f"{BEIJING}:s1-p2",))],
     "江苏有多少对国际友城？"),
    ("And how many does Jiangsu have?",
     [Turn("How many sister cities does Beijing have?", "…", (f"{BEIJING}:s1-p2",))],
     "How many sister cities does Jiangsu have?"),
    # the same again, in other words
    ("江苏的数据呢？", [GDP], "江苏今年GDP增长目标是多少？"),
    ("同样的问题，江苏呢？", [GDP], "江苏今年GDP增长目标是多少？"),
    ("那江苏省报告里呢？", [GDP], "江苏今年GDP增长目标是多少？"),
    ("看看江苏", [GDP], "江苏今年GDP增长目标是多少？"),
    ("What's the figure for Jiangsu?", [GDP_EN], "What is Jiangsu's GDP growth target?"),
    ("Now do Jiangsu.", [GDP_EN], "What is Jiangsu's GDP growth target?"),
    ("Jiangsu's number?", [GDP_EN], "What is Jiangsu's GDP growth target?"),
])
def test_rescope_to_another_report(many: FollowUpResolver, question: str,
                                   history: list[Turn], expected: str) -> None:
    resolved = many.resolve(question, history)
    assert (resolved.question, resolved.rule, resolved.docs) == (expected, "rescope", ())


def test_rescope_of_a_year_keeps_the_document_it_inherits(many: FollowUpResolver) -> None:
    asked = Turn("What is the GDP growth target for 2026?", "5%", (f"{BEIJING}:s1-p2",))
    resolved = many.resolve("and in 2025?", [asked])
    assert resolved.rule == "rescope"
    assert resolved.question == "What is the GDP growth target for 2025 in Beijing?"
    assert resolved.docs == (BEIJING,)


@pytest.mark.parametrize("question", ["And back in 2020?", "What about back in 2020?"])
def test_a_year_looked_back_to_asks_the_same_of_that_year(many: FollowUpResolver,
                                                         question: str) -> None:
    asked = Turn("How big was Beijing's economy in 2025?", "5.2万亿元", (f"{BEIJING}:s1-p2",))
    resolved = many.resolve(question, [asked])
    assert (resolved.rule, resolved.question) == ("rescope",
                                                   "How big was Beijing's economy in 2020?")


def test_rescopes_chain_through_the_history(many: FollowUpResolver) -> None:
    """The third turn rescopes the second, which was itself a rescope of the first."""
    history = [GDP, Turn("江苏呢？", "5%", (f"{JIANGSU}:s1-p1",))]
    assert many.resolve("那北京呢？", history).question == "北京今年GDP增长目标是多少？"


@pytest.mark.parametrize(("question", "expected"), [
    ("那失业率呢？", "北京失业率是多少？"),
    ("它的失业率目标是多少？", "北京的失业率目标是多少？"),
])
def test_refers_names_the_report_the_conversation_is_about(
        many: FollowUpResolver, question: str, expected: str) -> None:
    resolved = many.resolve(question, [GDP])
    assert resolved.question.replace("关于北京，", "北京") == expected
    assert (resolved.rule, resolved.docs) == ("refers", (BEIJING,))


def test_refers_in_english_turns_the_possessive_into_the_place(
        many: FollowUpResolver) -> None:
    resolved = many.resolve("What about its unemployment rate?", [GDP_EN])
    assert resolved.question == "What about Beijing's unemployment rate?"


@pytest.mark.parametrize("question", ["展开说说", "详细说说", "出处是哪一段？", "原文怎么写的？",
                                      "Tell me more", "Where does it say that?",
                                      "Where in the report is that?",
                                      "Show me the source, please.",
                                      "这句话在报告哪一段？", "这个数是在哪段话里说的？",
                                      "Where is that in the report?",
                                      "Which part of the report mentions that?",
                                      "Where does the report mention that?",
                                      "这段原文能贴出来吗？"])
def test_expand_returns_the_previous_citation(one_doc: FollowUpResolver,
                                              question: str) -> None:
    resolved = one_doc.resolve(question, [MEALS])
    assert (resolved.rule, resolved.passage) == ("expand", "bulletin:p3-s3-m3")
    assert MEALS.question in resolved.question  # says what it is the source of


@pytest.mark.parametrize("question", [
    # where it comes from, and what stands around it
    "What's the source?", "Where did you get that?", "Give me the context.",
    "Can you back that up?", "Read me the paragraph.", "Show the relevant passage.",
    "What's the exact quote?", "How is it worded in the report?", "Cite the passage.",
    "Can you give me the original passage?", "What's the evidence?", "Where exactly?",
    "Where in the report?", "I'd like to see the text.", "What's the full sentence?",
    "Can I see the original wording?", "Could you show me the source?",
    "What does the report actually say?", "Any more detail?", "Go into more detail.",
    "这段话在哪里？", "具体是哪一段？", "在报告哪个部分？", "上下文呢？", "出自哪里？",
    "证据是什么？", "这个数据从哪来的？", "把那段话发给我", "完整的段落是什么？",
    "在哪一部分提到的？", "引用一下原文", "有原文吗？", "依据呢？", "给我看下那一段", "具体呢？"])
def test_expand_is_asked_in_many_words(one_doc: FollowUpResolver, question: str) -> None:
    resolved = one_doc.resolve(question, [MEALS_EN if question.isascii() else MEALS])
    assert (resolved.rule, resolved.passage) == ("expand", "bulletin:p3-s3-m3")


@pytest.mark.parametrize("question", [
    "江苏的数据中心有多少个？", "江苏报告里提到了什么？", "看看江苏的旅游收入",
    "江苏同比增长多少？", "江苏的问题是什么？", "Try Jiangsu's tourism numbers.",
    "What data does Jiangsu give on exports?", "What was the number of tourists in Jiangsu?"])
def test_a_new_question_on_another_report_is_no_rescope(many: FollowUpResolver,
                                                        question: str) -> None:
    """The words that may stand beside a new scope ("数据", "看看", "figure") with something
    of the question's own: it is asked as written."""
    resolved = many.resolve(question, [GDP_EN if question.isascii() else GDP])
    assert (resolved.question, resolved.rule) == (question, "standalone")


@pytest.mark.parametrize("question", [
    # the words of an expand request, with something of their own to ask
    "助餐机构具体是多少个？", "报告里提到了哪些养老措施？", "资金来源是什么？",
    "哪里建了新的养老院？", "完整的名单是什么？", "依据什么标准发放补贴？", "具体有哪些措施？",
    "看看2号建议案的呢？", "What evidence is there that more seniors were served?",
    "Where exactly will the new homes be built?",
    "What is the source of the funding?", "What does the report say about elevators?",
    "What detail does the report give on subsidies?"])
def test_expand_words_with_a_question_of_their_own_do_not_expand(one_doc: FollowUpResolver,
                                                                 question: str) -> None:
    assert one_doc.resolve(question, [MEALS_EN if question.isascii() else MEALS]).rule \
        != "expand"


@pytest.mark.parametrize("question", [
    # a request made of words about the text (its wording, where it stands, what backs it)
    # and words that ask nothing (politeness, particles, verbs of giving and showing)
    "原句发我看看", "麻烦摘录一下相关表述", "能不能把章节也告诉我", "别总结了，给我原始文字",
    "这个说法的佐证呢", "请把上下文一起贴出来，谢谢", "出处在第几部分？",
    "Could you share the verbatim excerpt?", "Kindly provide the surrounding text",
    "Don't summarise, give me the exact sentence", "Which heading is it under?",
    "Can you flesh that out?", "Just the citation please", "Okay, where's that from?"])
def test_expand_is_a_request_for_the_text_and_words_that_ask_nothing(
        one_doc: FollowUpResolver, question: str) -> None:
    resolved = one_doc.resolve(question, [MEALS_EN if question.isascii() else MEALS])
    assert (resolved.rule, resolved.passage) == ("expand", "bulletin:p3-s3-m3")


@pytest.mark.parametrize("question", [
    "助餐机构那段原文呢？", "老年助餐机构的出处是哪里？",
    "Show me the passage on elderly meal sites",
    "Where does the report talk about the meal sites?"])
def test_expand_naming_what_was_just_answered(one_doc: FollowUpResolver, question: str) -> None:
    """An expand request may name the thing the answer before was about: no new question."""
    resolved = one_doc.resolve(question, [MEALS_EN if question.isascii() else MEALS])
    assert (resolved.rule, resolved.passage) == ("expand", "bulletin:p3-s3-m3")


@pytest.mark.parametrize("question", [
    "原文里助餐机构有多少个？", "养老院的原文呢？", "Show me the passage on nursing homes",
    "When does the passage on meal sites date from?"])
def test_expand_words_naming_another_thing_or_asking_do_not_expand(one_doc: FollowUpResolver,
                                                                   question: str) -> None:
    resolved = one_doc.resolve(question, [MEALS_EN if question.isascii() else MEALS])
    assert resolved.rule != "expand"


@pytest.mark.parametrize("question", [
    "有什么具体措施吗？", "章节里提到的补贴标准是多少？", "原句里的新增就业是多少？",
    "相关表述中哪个部门牵头？", "Where is it located?", "Could you share the funding breakdown?",
    "Which heading covers hospitals?", "Will it keep going up?",
    "Give me the exact number of beds"])
def test_words_about_the_text_with_a_question_of_their_own_do_not_expand(
        one_doc: FollowUpResolver, question: str) -> None:
    assert one_doc.resolve(question, [MEALS_EN if question.isascii() else MEALS]).rule \
        != "expand"


@pytest.mark.parametrize(("question", "history", "expected"), [
    ("换成江苏再问一遍", [GDP], "江苏今年GDP增长目标是多少？"),
    ("江苏也查一下", [GDP], "江苏今年GDP增长目标是多少？"),
    ("江苏那边是什么情况？", [GDP], "江苏今年GDP增长目标是多少？"),
    ("Ask the same thing about Jiangsu", [GDP_EN], "What is Jiangsu's GDP growth target?"),
    ("Repeat that for Jiangsu, please", [GDP_EN], "What is Jiangsu's GDP growth target?"),
    ("Let's look at Jiangsu instead", [GDP_EN], "What is Jiangsu's GDP growth target?"),
    ("Could you do Jiangsu as well?", [GDP_EN], "What is Jiangsu's GDP growth target?"),
])
def test_rescope_in_the_words_of_asking_again(many: FollowUpResolver, question: str,
                                              history: list[Turn], expected: str) -> None:
    resolved = many.resolve(question, history)
    assert (resolved.question, resolved.rule) == (expected, "rescope")


@pytest.mark.parametrize("question", ["What was the growth rate?", "What's this year's goal?",
                                      "How many years in a row?", "And what is its share?"])
def test_an_english_aspect_of_nothing_named_refers_back(many: FollowUpResolver,
                                                        question: str) -> None:
    resolved = many.resolve(question, [GDP_EN])
    assert (resolved.rule, resolved.docs) == ("refers", (BEIJING,))


def test_expand_after_a_decline_or_an_unknown_chunk_asks_the_earlier_question_again(
        one_doc: FollowUpResolver) -> None:
    """Nothing was cited to show in full: "展开说说" is about the earlier question, not a
    question of its own (asked alone, "Show me the passage." matches any passage)."""
    for citations in [(), ("bulletin:nowhere",)]:
        resolved = one_doc.resolve("展开说说", [Turn("明天天气如何？", "", citations)])
        assert (resolved.question, resolved.rule, resolved.passage) == (
            "明天天气如何？", "expand", None)


def test_expand_may_name_the_document_it_just_cited(many: FollowUpResolver) -> None:
    """"北京这条原文是怎么说的？" after a question on Beijing asks for the passage just cited;
    naming another province asks a question of its own."""
    resolved = many.resolve("北京这条原文是怎么说的？", [GDP])
    assert (resolved.rule, resolved.passage) == ("expand", f"{BEIJING}:s1-p2")
    other = many.resolve("江苏这条原文是怎么说的？", [GDP])
    assert (other.rule, other.passage) == ("standalone", None)


def test_unknown_citation_ids_are_skipped_for_the_next_known_one(
        one_doc: FollowUpResolver) -> None:
    turn = Turn(MEALS.question, "", ("bulletin:gone", "bulletin:p2-s1-m1"))
    assert one_doc.resolve("出处是哪一段？", [turn]).passage == "bulletin:p2-s1-m1"


def test_mentions_find_proposals_places_and_years() -> None:
    scope = DocumentScope(DOCS)
    found = mentions("北京和湖北在2025年的3号建议案", scope)
    assert [(m.kind, m.value, m.text) for m in found] == [
        ("place", BEIJING, "北京"), ("place", "湖北", "湖北"), ("year", "2025", "2025年"),
        ("proposal", "3", "3号建议案")]
    assert [m.text for m in mentions("proposal 2 and Jiangsu's plan for 2027", scope)] == [
        "proposal 2", "Jiangsu's", "for 2027"]


def test_document_names_round_trip() -> None:
    scope = DocumentScope(DOCS)
    for doc in (BEIJING, JIANGSU):
        for lang in ("zh", "en"):
            name = scope.name_of(doc, lang)
            assert name is not None and scope.named_in(name) == (doc,)
    assert scope.name_of(BEIJING, "en") == "Beijing"


def test_places_cut_from_a_question_once_they_chose_its_documents() -> None:
    scope = DocumentScope(DOCS)
    assert scope.without_places("北京今年GDP增长目标是多少？") == "今年GDP增长目标是多少？"
    assert scope.without_places("What is Beijing's GDP growth target?") == \
        "What is GDP growth target?"
    assert scope.without_places("全市加装电梯多少部？") == "全市加装电梯多少部？"


@pytest.mark.parametrize(("question", "searched"), [
    ("What was GDP in 2025, according to its 2026 government work report?",
     "What was GDP in 2025, ?"),
    ("In the municipal government work report, how many jobs were created?",
     "how many jobs were created?"),
    ("According to the Wuhan CPPCC proposals bulletin, how much was invested?",
     "how much was invested?"),
    ("根据2026年政府工作报告，今年GDP增长目标是多少？", "今年GDP增长目标是多少？"),
    ("政府工作报告里提到的城市精神是什么？", "城市精神是什么？"),
    # whose report it is, said in passing ("the province's", "the city's")
    ("What was GDP in 2025, according to the province's 2026 government work report?",
     "What was GDP in 2025, ?"),
    ("Per the city's government work report, how many jobs were created?",
     "how many jobs were created?"),
    ("How many jobs does the 2026 government work report say were created?",
     "How many jobs were created?"),
    # a bulletin named by whose it is and what it reports on
    ("In the municipal government's bulletin on the CPPCC proposals, how many sites were "
     "built?", "how many sites were built?"),
    ("How much was invested, according to the city's bulletin on the handling of the CPPCC "
     "proposals?", "How much was invested, ?"),
    # a leading clause naming the document at length ("据…的通报，")
    ("据某市人民政府关于政协建议案办理情况的通报，全市有多少户企业？", "全市有多少户企业？"),
    # a report named by the one who delivered it
    ("How long is the metro, according to Mayor Yin Yong's 2026 government work report?",
     "How long is the metro, ?"),
    ("How many trains ran in 2025, according to Shaanxi Governor Zhao Gang's 2026 report?",
     "How many trains ran in 2025, ?"),
    # the report itself is what is asked about: kept
    ("2026年政府工作报告是谁作的？", "2026年政府工作报告是谁作的？"),
    ("Who delivered the 2026 government work report?",
     "Who delivered the 2026 government work report?"),
])
def test_words_naming_the_document_are_cut_once_they_chose_it(question: str,
                                                              searched: str) -> None:
    assert DocumentScope(DOCS).without_frames(question) == searched


TITLES = {1: "关于加快武汉新城建设,打造“世界光谷”的建议案",
          2: "关于加快新型工业化步伐,打造新时代制造强市的建议案",
          3: "关于全面推进社会适老化建设,加快发展老年友好型城市的建议案"}


@pytest.fixture(scope="module")
def described() -> FollowUpResolver:
    """The bulletin alone, its proposals' titles known (as the service knows them)."""
    from qa.bridge import TermMap
    from qa.described import described_proposal

    terms = TermMap({"manufactur": ("制造", "制造业", "生产", "研制")}, {})
    return FollowUpResolver(DocumentScope(DOCS[:1]), CHUNKS.get, documents=1,
                            describe=lambda text: described_proposal(text, TITLES, terms))


@pytest.mark.parametrize(("question", "expected"), [
    ("第二个建议案呢？", "2号建议案建了多少个老年助餐机构？"),
    ("How about proposal two?", "2号建议案建了多少个老年助餐机构？"),
    ("制造业那份呢？", "2号建议案建了多少个老年助餐机构？"),
    ("光谷那个建议案呢？", "1号建议案建了多少个老年助餐机构？"),
    ("And the one on manufacturing?", "2号建议案建了多少个老年助餐机构？"),
    ("1号建议案有没有？", "1号建议案建了多少个老年助餐机构？"),
    ("第一件呢？", "1号建议案建了多少个老年助餐机构？"),
    ("What about the second one?", "2号建议案建了多少个老年助餐机构？"),
    ("How about No. 1?", "1号建议案建了多少个老年助餐机构？"),
    ("And #2?", "2号建议案建了多少个老年助餐机构？"),
    ("And the Optics Valley proposal?", "1号建议案建了多少个老年助餐机构？"),
    ("那1号建议案怎么样？", "1号建议案建了多少个老年助餐机构？"),
])
def test_rescope_to_a_proposal_named_by_number_word_or_topic(described: FollowUpResolver,
                                                             question: str,
                                                             expected: str) -> None:
    resolved = described.resolve(question, [MEALS])
    assert (resolved.question, resolved.rule) == (expected, "rescope")


@pytest.mark.parametrize("question", ["那个呢？", "这些呢？"])
def test_a_bare_demonstrative_borrows_no_frame(one_doc: FollowUpResolver, question) -> None:
    resolved = one_doc.resolve(question, [MEALS])
    assert resolved.question == f"关于3号建议案，{question}"


def test_a_new_topic_borrows_only_the_question_word(many: FollowUpResolver) -> None:
    """"那失业率呢？" after "…建了多少个老年助餐机构？" asks 是多少, not about the meal sites."""
    asked = Turn("北京今年建了多少个养老驿站？", "…", (f"{BEIJING}:s1-p2",))
    resolved = many.resolve("那失业率呢？", [asked])
    assert resolved.question == "关于北京，失业率是多少？"


def test_a_new_topic_borrows_the_change_asked_with_the_question_word(
        many: FollowUpResolver) -> None:
    """"那游客总花费呢？" after "…游客人次涨了多少？" asks how much the spending grew."""
    asked = Turn("北京去年接待游客人次涨了多少？", "…", (f"{BEIJING}:s1-p2",))
    resolved = many.resolve("那游客总花费呢？", [asked])
    assert resolved.question == "关于北京，游客总花费涨了多少？"


def test_over_many_documents_a_question_naming_no_thing_asks_about_the_thing_before(
        many: FollowUpResolver) -> None:
    """"去年实际完成了多少？" (no pronoun, no place) after a question on the jobs target asks
    last year's new jobs of the same report."""
    asked = Turn("北京今年城镇新增就业定的目标是多少人？", "…", (f"{BEIJING}:s1-p2",))
    resolved = many.resolve("去年实际完成了多少？", [asked])
    assert (resolved.question, resolved.rule) == ("关于北京，去年城镇新增就业实际完成了多少？",
                                                  "context")


@pytest.mark.parametrize(("question", "expected"), [
    ("What is the grain output target?", "What is the grain output target in Beijing?"),
    ("Who delivered the report?", "Who delivered the report in Beijing?"),
    ("今年粮食产量目标是多少？", "关于北京，今年粮食产量目标是多少？"),
])
def test_over_many_documents_a_question_naming_none_keeps_the_conversations(
        many: FollowUpResolver, question: str, expected: str) -> None:
    resolved = many.resolve(question, [GDP_EN if question.isascii() else GDP])
    assert (resolved.question, resolved.rule, resolved.docs) == (expected, "context", (BEIJING,))
    # what was just cited is lifted, as for a pronoun: an elliptical follow-up ("How many
    # households benefited?") most often asks on about it
    assert resolved.focus == f"{BEIJING}:s1-p2"


def test_a_follow_up_naming_nothing_and_moving_in_time_lifts_no_passage(
        many: FollowUpResolver) -> None:
    done = Turn("How fast did Beijing's GDP grow last year?", "5.4%", (f"{BEIJING}:s1-p2",))
    resolved = many.resolve("What is the grain output target?", [done])
    assert (resolved.rule, resolved.focus) == ("context", None)


@pytest.mark.parametrize("question", ["Which province has the highest GDP target?",
                                      "哪个省的GDP目标最高？", "江苏今年粮食产量目标是多少？"])
def test_a_question_choosing_its_documents_is_left_alone(many: FollowUpResolver,
                                                         question: str) -> None:
    resolved = many.resolve(question, [GDP])
    assert (resolved.question, resolved.rule) == (question, "standalone")


def test_over_one_document_a_new_question_inherits_nothing(one_doc: FollowUpResolver) -> None:
    resolved = one_doc.resolve("全市一共建了多少个5G基站？", [MEALS])
    assert (resolved.question, resolved.rule) == ("全市一共建了多少个5G基站？", "standalone")



def test_a_topic_no_title_names_is_found_in_the_proposals_texts() -> None:
    """"养老的那个呢？": no title says 养老; the proposal whose text is about it does."""
    from qa.bridge import TermMap
    from qa.described import described_proposal

    texts = {1: "光谷建设项目。光谷科学岛。", 2: "制造业数字化转型。养老产业一家。",
             3: "养老服务网络。居家养老。养老机构。社区养老设施。"}
    terms = TermMap({}, {})
    assert described_proposal("养老的那个", TITLES, terms, texts) == 3
    # A topic the texts share evenly names none.
    even = {1: "数字化转型", 2: "数字化产线", 3: "数字适老化改造"}
    assert described_proposal("数字那个", TITLES, terms, even) is None


def test_a_new_question_the_conversations_document_does_not_speak_of_is_asked_of_all() -> None:
    """"新建排涝泵站多少座？" after a question on Beijing's report, which builds none: asked of
    every document, not written into Beijing's."""
    resolver = FollowUpResolver(DocumentScope(DOCS), CHUNKS.get, documents=3,
                                speaks_of=lambda doc, question: "泵站" not in question)
    resolved = resolver.resolve("新建排涝泵站多少座？", [GDP])
    assert (resolved.question, resolved.rule, resolved.docs) == ("新建排涝泵站多少座？",
                                                                 "standalone", ())
    assert resolver.resolve("今年粮食产量目标是多少？", [GDP]).rule == "context"


@pytest.mark.parametrize(("previous", "question", "expected"), [
    # a pronoun standing for the thing asked about gets the thing's words
    ("北京去年地铁运营里程是多少？", "这个数比上一年多了多少？",
     "关于北京，地铁运营里程比上一年多了多少？"),
    ("北京去年地铁运营里程是多少？", "那它比上年增长了多少？",
     "关于北京，地铁运营里程比上年增长了多少？"),
    ("北京去年规上工业增加值增长多少？", "今年这方面的目标定了多少？",
     "关于北京，今年规上工业增加值的目标定了多少？"),
    # a demonstrative before a noun the thing ends with: "这个增加值" is the whole thing
    ("北京去年规上工业增加值增长多少？", "今年这个增加值打算增长多少？",
     "关于北京，今年规上工业增加值打算增长多少？"),
    ("How many visitors did Beijing receive in 2025?", "By how much did that grow?",
     "By how much did visitors grow in Beijing?"),
    ("How big was Beijing's foreign trade last year?", "How fast did it grow?",
     "How fast did foreign trade grow in Beijing?"),
    # the people the question before counted, after a place cut from "到北京…"
    ("去年到北京旅居的人有多少？", "他们平均住了多久？", "关于北京，旅居的人平均住了多久？"),
    ("How many inbound tourists did Beijing receive in 2025?",
     "How long did they stay on average?",
     "How long did inbound tourists stay on average in Beijing?"),
    # "ones" for the things the question before counted
    ("How many high-tech enterprises did Beijing have in 2025?",
     "How many new ones does it plan to certify this year?",
     "How many new high-tech enterprises does it plan to certify this year in Beijing?"),
    # a change's figure before or now, asked with no noun
    ("北京去年城镇调查失业率是多少？", "原来是多少？", "关于北京，城镇调查失业率原来是多少？"),
    ("What was Beijing's forest coverage in 2025?", "What was it before?",
     "What was forest coverage before in Beijing?"),
    # an aspect of the thing asked about, with its possessive
    ("What was Beijing's GDP in 2025?", "What was its growth rate?",
     "What was GDP growth rate in Beijing?"),
    # a plan with its thing left out
    ("How many new energy vehicles did Beijing produce in 2025?",
     "And what are they aiming for this year?",
     "And what are new energy vehicles aiming for this year in Beijing?"),
    ("What was Beijing's average PM2.5 concentration in 2025?",
     "And what level is it aiming for this year?",
     "And what level is average PM2.5 concentration aiming for this year in Beijing?"),
    # "它" as what is ranked; "这个" before an aspect of the thing
    ("北京去年新能源汽车产量有多少？", "它在全国排第几？",
     "关于北京，新能源汽车产量在全国排第几？"),
    ("北京去年棉花总产量是多少？", "今年这个目标定在多少？",
     "关于北京，今年棉花总产量目标定在多少？"),
])
def test_a_pronoun_for_the_thing_asked_about_gets_its_words(many: FollowUpResolver,
                                                            previous: str, question: str,
                                                            expected: str) -> None:
    resolved = many.resolve(question, [Turn(previous, "…", (f"{BEIJING}:s1-p2",))])
    assert (resolved.rule, resolved.question) == ("refers", expected)


@pytest.mark.parametrize(("previous", "question"), [
    # a possessive pronoun stands for the place, not the thing
    ("How big was Beijing's foreign trade last year?", "What about its unemployment rate?"),
    # the follow-up names its own thing
    ("北京去年地铁运营里程是多少？", "其中新开通的线路有几条？"),
    # nothing is left of the earlier question to carry ("那2号建议案呢" names a scope only)
    ("北京呢？", "这个数比上一年多了多少？"),
    # "它"/"it" as the body that acts or the place that plans, not the thing that changes
    ("北京去年地铁运营里程是多少？", "它让通勤时间缩短了多少？"),
    ("How big was Beijing's foreign trade last year?", "What income growth is it targeting?"),
])
def test_no_thing_is_carried_where_the_pronoun_does_not_stand_for_one(
        many: FollowUpResolver, previous: str, question: str) -> None:
    resolved = many.resolve(question, [Turn(previous, "…", (f"{BEIJING}:s1-p2",))])
    assert "地铁" not in resolved.question and "foreign trade" not in resolved.question


def test_a_year_with_a_pronoun_still_refers_back(many: FollowUpResolver) -> None:
    jobs = Turn("How many urban jobs did Beijing create last year?", "…", (f"{BEIJING}:s1-p2",))
    resolved = many.resolve("And what's its target for 2026?", [jobs])
    assert resolved.rule == "refers"
    # "its" is the place; the target of nothing named is a target for the thing asked
    assert resolved.question == "And what's Beijing's target for urban jobs for 2026?"
    own = many.resolve("What is its target for grain output?", [jobs])
    assert own.question == "What is Beijing's target for grain output?"


def test_a_follow_up_moving_in_time_lifts_no_earlier_passage(many: FollowUpResolver) -> None:
    done = Turn("北京去年城镇新增就业多少人？", "…", (f"{BEIJING}:s1-p2",))
    target = many.resolve("那今年这方面的目标定了多少？", [done])
    assert target.rule == "refers" and target.focus is None  # the target is written elsewhere
    same = many.resolve("其中高校毕业生有多少？", [done])
    assert same.focus == f"{BEIJING}:s1-p2"
    # a part of a target is a part of that target, though "有多少" reads as a result
    planned = Turn("北京今年打算完成多少亩生态建设？", "…", (f"{BEIJING}:s1-p2",))
    part = many.resolve("其中治沙的有多少？", [planned])
    assert part.focus == f"{BEIJING}:s1-p2"


@pytest.mark.parametrize(("answer", "said"), [
    ("据《2026年北京市政府工作报告》：610万吨：全市粮食产量610万吨、增长2.1%",
     "全市粮食产量610万吨、增长2.1%"),
    ("According to 2026年北京市政府工作报告: 610万吨 — “粮食产量610万吨、增长2.1%”",
     "粮食产量610万吨、增长2.1%"),
    ("其中稻谷产量320万吨", "其中稻谷产量320万吨"),
    ("Grain output was 6.1 million tonnes.", ""),  # a client's own words: nothing quoted
])
def test_what_the_last_answer_quoted_is_found_in_its_passage(answer: str, said: str) -> None:
    from qa.quoted import quoted_in

    assert quoted_in(answer, "全市粮食产量610万吨、增长2.1%，其中稻谷产量320万吨。") == said


def _resolver_over(passage: str) -> tuple[Chunk, FollowUpResolver]:
    """A passage of Beijing's report and a resolver over three documents that knows it."""
    chunk = Chunk(f"{BEIJING}:s1-p5", None, "", "", None, "", None, "", "", "", 0,
                  len(passage), passage, doc_id=BEIJING)
    return chunk, FollowUpResolver(DocumentScope(DOCS), {chunk.id: chunk}.get, documents=3)


def test_a_follow_up_referring_back_carries_what_the_last_answer_quoted() -> None:
    passage = "全市粮食产量610万吨、增长2.1%，其中稻谷产量320万吨。"
    chunk, resolver = _resolver_over(passage)
    answered = "据《2026年北京市政府工作报告》：610万吨：全市粮食产量610万吨"
    grain = Turn("北京去年粮食产量多少？", answered, (chunk.id,))
    resolved = resolver.resolve("其中稻谷有多少？", [grain])
    assert resolved.focus == chunk.id and resolved.said == "全市粮食产量610万吨"
    assert resolver.resolve("天津呢？", [grain]).said == ""  # a rescope refers to nothing said


def test_a_part_asked_of_what_was_just_said_carries_the_whole() -> None:
    passage = "全市建成老年助餐机构790个，服务老年人120万人次。"
    chunk, resolver = _resolver_over(passage)
    sites = Turn("北京建了多少个老年助餐机构？",
                 "据《2026年北京市政府工作报告》：790个：全市建成老年助餐机构790个", (chunk.id,))
    assert resolver.resolve("其中街道的幸福食堂有多少个？", [sites]).whole == "790"
    english = Turn("How many elderly meal sites did Beijing build?",
                   "According to 2026年北京市政府工作报告: 790 — “全市建成老年助餐机构790个”",
                   (chunk.id,))
    assert resolver.resolve("How many of those are in rural areas?", [english]).whole == "790"
    # a question about the same thing that asks no part of it carries no whole
    assert resolver.resolve("它们服务了多少人次？", [sites]).whole == ""
    assert resolver.resolve("天津呢？", [sites]).whole == ""


@pytest.mark.parametrize(("question", "topic", "expected"), [
    ("How many kilowatts is that capacity?", "new energy installed capacity",
     "How many kilowatts is new energy installed capacity?"),
    ("How did those firms do?", "high-tech firms", "How did high-tech firms do?"),
    # a demonstrative before another noun stands for something else
    ("What happened at that port?", "new energy installed capacity",
     "What happened at that port?"),
])
def test_an_english_demonstrative_before_the_things_noun_is_the_thing(
        question: str, topic: str, expected: str) -> None:
    from qa.topic import with_topic

    assert with_topic(question, topic, "en") == expected


@pytest.mark.parametrize(("answer", "named"), [
    # an English answer leads with the figure before its quote
    ("According to 2026年北京市政府工作报告: 13.05亿吨 — “全年规上原煤产量13.05亿吨、增长2.1%”",
     "全年规上原煤产量亿吨"),
    # a Chinese one may quote a clause that opens with the words and holds the figure
    ("据《2026年北京市政府工作报告》：铁路运营里程达9234公里，所有地州市迈入“高速公路时代”",
     "铁路运营里程达公里"),
    ("据《2026年北京市政府工作报告》：9234公里：全市铁路运营里程达9234公里",
     "全市铁路运营里程达公里"),
    ("A client's own words, 9234 km.", ""),  # nothing of the passage quoted
])
def test_the_words_that_named_the_figure_answered(answer: str, named: str) -> None:
    from qa.quoted import figure_named_as

    passage = ("全市铁路运营里程达9234公里，所有地州市迈入“高速公路时代”。"
               "全年规上原煤产量13.05亿吨、增长2.1%。")
    assert figure_named_as(answer, passage) == named


def test_a_question_asked_again_of_another_report_carries_how_its_figure_was_named() -> None:
    passage = "全市铁路运营里程达9234公里，所有地州市迈入“高速公路时代”。"
    chunk, resolver = _resolver_over(passage)
    rail = Turn("北京的铁路运营里程有多少公里？",
                "据《2026年北京市政府工作报告》：9234公里：全市铁路运营里程达9234公里",
                (chunk.id,))
    resolved = resolver.resolve("天津呢？", [rail])
    assert (resolved.rule, resolved.named_as) == ("rescope", "全市铁路运营里程达公里")
    assert resolver.resolve("其中高铁有多少公里？", [rail]).named_as == ""  # refers: no check


@pytest.mark.parametrize(("question", "previous", "expected"), [
    # besides the new scope it only repeats words of the question before: asked again
    ("江苏的目标呢？", GDP, "江苏今年GDP增长目标是多少？"),
    ("And Jiangsu's target?", GDP_EN, "What is Jiangsu's GDP growth target?"),
])
def test_a_new_scope_with_words_of_the_question_before_asks_it_again(
        many: FollowUpResolver, question: str, previous: Turn, expected: str) -> None:
    resolved = many.resolve(question, [previous])
    assert (resolved.rule, resolved.question) == ("rescope", expected)


@pytest.mark.parametrize(("question", "previous"), [
    ("江苏的失业率呢？", GDP),  # a thing of its own: a new question of that scope
    ("And Jiangsu's unemployment rate?", GDP_EN),
    ("江苏的GDP是多少？", GDP),  # not the shape of a question asked again
])
def test_a_new_scope_with_a_thing_of_its_own_stands_alone(
        many: FollowUpResolver, question: str, previous: Turn) -> None:
    assert many.resolve(question, [previous]).rule == "standalone"


def test_each_earlier_turn_is_resolved_once(many: FollowUpResolver,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A long conversation of "…呢？" turns resolves each earlier turn once, not once per
    rule that looks at it (which doubled at every turn)."""
    calls = []
    resolve = FollowUpResolver.resolve

    def counted(self, question, history=()):
        calls.append(question)
        return resolve(self, question, history)

    monkeypatch.setattr(FollowUpResolver, "resolve", counted)
    turns = [GDP] + [Turn(q, "…", (f"{BEIJING}:s1-p2",))
                     for q in ["江苏的目标呢？", "北京的目标呢？"] * 4]
    many.resolve("江苏的目标呢？", turns)
    assert len(calls) == len(turns) + 1


@pytest.mark.parametrize(("question", "previous", "expected"), [
    # a bare new thing borrows the way a quantity question asked
    ("And new energy on its own?",
     "What share of Qinghai's installed power capacity comes from clean energy?",
     "What share of new energy on its own?"),
    ("What about hospitals?", "How many schools were built?", "How many hospitals?"),
    # a phrase narrowing the same thing is left to the passage just cited
    ("And for rural residents?", "How much disposable income did urban residents have?",
     "And for rural residents?"),
    # the thing stands inside the old question, its verb after it: nothing to borrow
    ("And the five leading industries combined?",
     "By how much did revenue of emerging industries grow?",
     "And the five leading industries combined?"),
    ("And what was the target?", "How many jobs were created?", "And what was the target?"),
])
def test_an_english_bare_topic_borrows_the_question_frame(question: str, previous: str,
                                                          expected: str) -> None:
    from qa.elliptical import with_frame

    assert with_frame(question, previous, "en") == expected


def test_on_its_own_points_back_to_nothing() -> None:
    from qa.scope_rewrite import insert_scope

    assert insert_scope("What share of new energy on its own?", "Qinghai", "en") \
        == "What share of new energy on its own in Qinghai?"
    assert insert_scope("What is its target?", "Qinghai", "en") == \
        "What is Qinghai's target?"


@pytest.mark.parametrize(("question", "previous", "expected"), [
    # the counterpart named before gives way to the part asked
    ("农村的呢？", "江西今年城镇居民收入计划增长多少？", "江西今年农村居民收入计划增长多少？"),
    ("其中出口呢？", "广东去年进出口总额是多少？", "广东去年出口总额是多少？"),
    ("And for rural residents?", "How much did urban residents' income grow?",
     "How much did rural residents' income grow?"),
    # the whole asked before, unnamed: asked of the part (English)
    ("And for rural residents?", "By how much did disposable income grow in 2025?",
     "By how much did disposable income grow in 2025 for rural residents?"),
    # neither the whole nor the counterpart named before: the part goes before the thing
    ("其中农村的呢？", "江西今年的居民收入增长目标是怎么定的？",
     "江西今年的农村居民收入增长目标是怎么定的？"),
    # no part of a pair: nothing narrowed
    ("失业率呢？", "江西今年城镇居民收入计划增长多少？", None),
    ("And Jiangsu?", "How much did urban residents' income grow?", None),
])
def test_a_follow_up_naming_a_part_asks_the_question_before_of_it(
        question: str, previous: str, expected: str | None) -> None:
    from qa.elliptical import narrowed

    lang = "en" if question.isascii() else "zh"
    assert narrowed(question, previous, lang) == expected


@pytest.mark.parametrize(("question", "previous", "expected"), [
    # another stretch of time named alone replaces the time asked before
    ("And over the whole 14th Five-Year Plan period?",
     "How much raw coal did Shanxi produce in 2025?",
     "How much raw coal did Shanxi produce over the whole 14th Five-Year Plan period?"),
    ("What about during the past five years?", "How many jobs were created?",
     "How many jobs were created during the past five years?"),
    ("整个“十四五”时期呢？", "山西去年原煤产量多少？", "山西整个“十四五”时期原煤产量多少？"),
    ("十四五期间呢？", "原煤产量多少？", "十四五期间原煤产量多少？"),
    # more than a time: not this rule
    ("And over the whole period, how much coal was exported?",
     "How much raw coal did Shanxi produce in 2025?", None),
    ("十四五期间的出口呢？", "山西去年原煤产量多少？", None),
    # the year before the one asked, by its number or by where it stands to the report
    ("And the year before?", "What was Hebei's GDP in 2025?", "What was Hebei's GDP in 2024?"),
    ("What about the previous year?", "How many jobs were created last year?",
     "How many jobs were created the year before last?"),
    ("前一年呢？", "湖北去年粮食产量是多少？", "湖北前年粮食产量是多少？"),
    ("那上一年呢？", "2025年湖北粮食产量是多少？", "2024年湖北粮食产量是多少？"),
    ("前一年呢？", "今年的增长目标是多少？", "去年的增长目标是多少？"),
    # no year to step back from, or more than a time: not this rule
    ("And the year before?", "How many jobs were created?", None),
    ("And the year before, how many firms?", "How many jobs were created in 2025?", None),
])
def test_a_follow_up_naming_only_a_stretch_of_time_asks_the_question_before_of_it(
        question: str, previous: str, expected: str | None) -> None:
    from qa.elliptical import retimed

    lang = "en" if question.isascii() else "zh"
    assert retimed(question, previous, lang) == expected


def test_a_place_is_named_with_its_designation() -> None:
    """"the Guangxi Zhuang Autonomous Region" is one place name: asked again of Guizhou, it
    is replaced whole (not left as "the Guizhou Zhuang Autonomous Region")."""
    guangxi, guizhou = "2026_广西壮族自治区_政府工作报告", "2026_贵州省_政府工作报告"
    scope = DocumentScope([
        NamedDocument(guangxi, "2026年广西壮族自治区政府工作报告", "work_report"),
        NamedDocument(guizhou, "贵州省政府工作报告", "work_report")])
    resolver = FollowUpResolver(scope, {}.get, documents=2)
    asked = Turn("How much did income grow in the Guangxi Zhuang Autonomous Region in 2025?",
                 "5.4%", ())
    resolved = resolver.resolve("What about Guizhou?", [asked])
    assert resolved.question == "How much did income grow in Guizhou in 2025?"


@pytest.mark.parametrize(("question", "previous", "expected"), [
    # another thing of the same kind (its last word): the question before, asked of it
    ("昆明长水机场呢？", "重庆江北机场去年的旅客吞吐量有多少？",
     "昆明长水机场去年的旅客吞吐量有多少？"),
    ("那南京禄口机场呢？", "首都机场去年旅客吞吐量有多少？", "南京禄口机场去年旅客吞吐量有多少？"),
    ("What about Kunming Changshui Airport?",
     "How many passengers did Chongqing Jiangbei Airport handle?",
     "How many passengers did Kunming Changshui Airport handle?"),
    # nothing of that kind asked before: no swap
    ("昆明长水机场呢？", "重庆去年的旅客吞吐量有多少？", None),
    ("What about Kunming Changshui Airport?", "How many tourists did Chongqing receive?", None),
])
def test_another_thing_of_the_kind_asked_before_takes_its_place(
        many: FollowUpResolver, question: str, previous: str, expected: str | None) -> None:
    from qa.elliptical import swapped

    assert swapped(question, previous, many.scope.place_spans) == expected


@pytest.mark.parametrize(("question", "previous", "expected"), [
    # a local area of the document's place: the question before, asked of it
    ("那江岸区呢？", "全市新建了多少个社区食堂？", "江岸区新建了多少个社区食堂？"),
    ("高新区那边呢？", "关于2号建议案，新增企业多少户？", "关于2号建议案，高新区新增企业多少户？"),
    ("What about the Jiang'an District?", "How many community canteens were built citywide?",
     "How many community canteens were built in the Jiang'an District?"),
    ("And in the Binhai New Area?", "How many firms moved in?",
     "How many firms moved in in the Binhai New Area?"),
    # no local area, or one asked about already: left to the other rules
    ("那失业率呢？", "全市新建了多少个社区食堂？", None),
    ("What about proposal 2?", "How many canteens were built?", None),
    ("那江岸区呢？", "江岸区新建了多少个社区食堂？", None),
])
def test_a_local_area_named_alone_is_asked_the_question_before(
        question: str, previous: str, expected: str | None) -> None:
    from qa.elliptical import placed

    assert placed(question, previous) == expected


def test_a_local_area_with_a_scope_of_its_own_moves_both(one_doc: FollowUpResolver) -> None:
    """"What about for the X Zone under proposal 1?": the question before, of that zone and
    that proposal; a rescope after it keeps the zone."""
    first = Turn("How many firms are there in total in proposal 2?", "1000",
                 ("bulletin:p2-s1-m1",))
    resolved = one_doc.resolve("What about for the Riverside Development Zone under proposal 3?",
                               [first])
    assert resolved.rule == "rescope"
    assert resolved.question == ("How many firms are there in total in proposal 3 in the "
                                 "Riverside Development Zone?")
    chinese = one_doc.resolve("那江岸区呢？", [Turn("3号建议案全市新建了多少个社区食堂？", "12个",
                                                  ("bulletin:p3-s3-m3",))])
    assert chinese.question == "3号建议案江岸区新建了多少个社区食堂？"


def test_it_after_a_preposition_of_scope_is_the_scope_itself(one_doc: FollowUpResolver) -> None:
    """"… built under it?" after a question on proposal 3: the proposal takes the pronoun's
    place instead of being added after it."""
    led = Turn("Who led the handling of proposal 3?", "杨智", ("bulletin:p3-s0-m0",))
    resolved = one_doc.resolve("How many elderly meal sites were built under it?", [led])
    assert resolved.question == "How many elderly meal sites were built under proposal 3?"
