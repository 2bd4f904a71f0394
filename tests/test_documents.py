"""Many documents: naming, scoping a question to the documents it names, saying which
document answers, and incremental builds (documents written here; a hash embedder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.build import build_index
from qa.corpus import display_title, is_bulletin, place_of
from qa.errors import CorpusError, InvalidInputError
from qa.index import load_index
from qa.ingest import SourceDocument
from qa.query import analyse
from qa.scope import BULLETIN, WORK_REPORT, DocumentScope, NamedDocument
from qa.service import QAService
from qa.sources import name_source
from qa.speaker import asks_delivery_date, asks_speaker
from qa.types import Answer, Chunk, Citation, Hit

from .conftest import CORPUS, SEED
from .fakes import HashEmbedder

REPORT = """{place}2026年政府工作报告
——2026年1月20日在{place}第十四届人民代表大会第五次会议上
省长 张三
各位代表：
现在，我代表省人民政府，向大会报告政府工作，请予审议。
一、2025年工作回顾
过去一年，全省地区生产总值增长{growth}%，城镇新增就业{jobs}万人，粮食产量创历史新高。
（一）着力扩大内需。社会消费品零售总额增长6%，新建5G基站{stations}个，建成充电桩两万个。
二、2026年重点工作
主要预期目标是：地区生产总值增长{target}%左右，城镇新增就业50万人以上。
"""


def write_report(folder: Path, place: str, **figures: object) -> Path:
    values = {"growth": 5.2, "jobs": 52, "stations": 12000, "target": 5} | figures
    path = folder / f"2026_{place}_政府工作报告.txt"
    path.write_text(REPORT.format(place=place, **values), encoding="utf-8")
    return path


def source(doc_id: str, title: str) -> SourceDocument:
    return SourceDocument(doc_id=doc_id, path=Path(f"{doc_id}.txt"), text="正文", title=title,
                          date=None, speaker=None, content_sha256="0" * 64)


def test_places_and_display_titles() -> None:
    assert place_of("2026_云南省_政府工作报告") == "云南省"
    assert place_of("2026_内蒙古自治区_政府工作报告") == "内蒙古自治区"
    assert place_of("wuhan-cppcc-proposals-2025") is None
    assert display_title(source("2026_云南省_政府工作报告", "2026年政府工作报告")) == \
        "2026年云南省政府工作报告"
    assert display_title(source("2026_海南省_政府工作报告", "政府工作报告")) == "海南省政府工作报告"
    assert display_title(source("2026_北京市_政府工作报告", "2026年北京市政府工作报告")) == \
        "2026年北京市政府工作报告"
    assert display_title(source("notes", "")) == "notes"


def test_the_bulletin_is_recognised_and_a_report_is_not(tmp_path: Path) -> None:
    assert is_bulletin(CORPUS.read_text(encoding="utf-8"))
    assert not is_bulletin(write_report(tmp_path, "某某省").read_text(encoding="utf-8"))


SCOPE = DocumentScope([
    NamedDocument("2026_北京市_政府工作报告", "2026年北京市政府工作报告", WORK_REPORT),
    NamedDocument("2026_内蒙古自治区_政府工作报告", "2026年内蒙古自治区政府工作报告",
                  WORK_REPORT),
    NamedDocument("2026_陕西省_政府工作报告", "陕西省2026年政府工作报告", WORK_REPORT),
    NamedDocument("2026_山西省_政府工作报告", "2026年山西省政府工作报告", WORK_REPORT),
    NamedDocument(SEED, "武汉市人民政府关于政协武汉市第十四届委员会第三次会议建议案办理情况的通报",
                  BULLETIN),
])


@pytest.mark.parametrize(("question", "docs"), [
    ("北京今年GDP增长目标是多少？", ("2026_北京市_政府工作报告",)),
    ("北京市政府工作报告提到新建多少5G基站？", ("2026_北京市_政府工作报告",)),
    ("What growth target did Beijing set for 2026?", ("2026_北京市_政府工作报告",)),
    ("What does Inner Mongolia's report say about grain?", ("2026_内蒙古自治区_政府工作报告",)),
    ("内蒙古粮食产量多少？", ("2026_内蒙古自治区_政府工作报告",)),
    ("陕西和山西的增长目标分别是多少？", ("2026_山西省_政府工作报告", "2026_陕西省_政府工作报告")),
    ("What did Shaanxi report?", ("2026_陕西省_政府工作报告",)),
    ("武汉建了多少老年助餐机构？", (SEED,)),
    ("How many elderly meal sites did Wuhan build?", (SEED,)),
    ("3号建议案办理得怎么样？", (SEED,)),  # a kind of document: the bulletin
    ("What did the CPPCC proposals achieve?", (SEED,)),
    ("新建了多少5G基站？", ()),  # names nothing: the whole corpus
    ("京津冀协同发展有什么进展？", ()),  # "京" alone names no place
    ("Which province grew fastest?", ()),
    # a city of a province names the province's document …
    ("西安的中欧班列开了多少列？", ("2026_陕西省_政府工作报告",)),
    ("How many trains left Xi'an?", ("2026_陕西省_政府工作报告",)),
    ("太原的煤炭产量是多少？", ("2026_山西省_政府工作报告",)),
    # … unless a document is about the city itself (Wuhan: the bulletin, not Hubei)
    ("武汉新城建设进展如何？", (SEED,)),
])
def test_a_question_is_scoped_to_the_documents_it_names(question: str,
                                                       docs: tuple[str, ...]) -> None:
    assert SCOPE.named_in(question) == docs


def test_a_city_is_never_written_as_its_provinces_name() -> None:
    assert SCOPE.name_of("2026_陕西省_政府工作报告", "zh") == "陕西"
    assert SCOPE.name_of("2026_陕西省_政府工作报告", "en") == "Shaanxi"


def test_naming_every_document_narrows_nothing() -> None:
    scope = DocumentScope([NamedDocument("2026_北京市_政府工作报告", "北京", WORK_REPORT)])
    assert scope.named_in("北京的目标") == ()


def _chunk(doc_id: str, title: str, row: int) -> Chunk:
    return Chunk(id=f"{doc_id}:s1-p{row}", proposal=None, proposal_name="", proposal_title="",
                 section=None, section_title="", measure=None, measure_title="", label="一、",
                 short_label="一、", start=0, end=4, text="正文内容", doc_id=doc_id,
                 doc_title=title)


def test_the_answer_names_its_document_and_close_others() -> None:
    beijing, tianjin, hebei = (_chunk("bj", "北京报告", 1), _chunk("tj", "天津报告", 1),
                               _chunk("hb", "河北报告", 1))
    hits = (Hit(beijing, 0.80), Hit(tianjin, 0.79), Hit(hebei, 0.60))
    cited = Citation.of(beijing, "正文", 0, 2)
    answer = Answer("q", "5%左右", True, (cited,), hits)
    assert name_source(answer, "zh") == \
        "据《北京报告》：5%左右（《天津报告》也有相近内容，见下方段落。）"
    assert name_source(answer, "en").startswith(
        "According to 北京报告: 5%左右 (Also close: 天津报告")
    alone = Answer("q", "5%左右", True, (cited,), hits[:1])
    assert name_source(alone, "zh") == "据《北京报告》：5%左右"
    declined = Answer("q", "…", False, (), hits)
    assert "None of the documents" in name_source(declined, "en")


def test_builds_reuse_unchanged_documents(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_report(corpus, "甲子省")
    write_report(corpus, "乙丑省", stations=34000)
    root = tmp_path / "index"
    embedder = CountingEmbedder()
    first = load_index(build_index(corpus, root, embedder))
    counts = first.manifest.counts
    assert counts["documents"] == 2 and counts["reused_documents"] == 0
    embedded = embedder.texts
    write_report(corpus, "丙寅省", stations=56000)  # add one report
    second = load_index(build_index(corpus, root, embedder))
    assert second.manifest.counts["reused_documents"] == 2
    added = embedder.texts - embedded
    third_doc = [c for c in second.chunks if c.doc_id == "2026_丙寅省_政府工作报告"]
    # Only the new report's clauses are embedded (a report's chunk vectors are their mean).
    assert added == sum(len(c.clauses) for c in third_doc)
    for doc_id in ("2026_甲子省_政府工作报告", "2026_乙丑省_政府工作报告"):
        old = [c for c in first.chunks if c.doc_id == doc_id]
        new = [c for c in second.chunks if c.doc_id == doc_id]
        assert old == new  # same chunks, same ids
    # Vectors of a reused document are the ones embedded the first time.
    row_old = first.doc_rows["2026_乙丑省_政府工作报告"].start
    row_new = second.doc_rows["2026_乙丑省_政府工作报告"].start
    assert (first.chunk_vectors.reconstruct(row_old) == second.chunk_vectors.reconstruct(
        row_new)).all()
    write_report(corpus, "甲子省", stations=99999)  # a changed text is embedded again
    third = load_index(build_index(corpus, root, embedder))
    assert third.manifest.counts["reused_documents"] == 2


def test_scoped_search_and_unknown_documents(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_report(corpus, "甲子省", stations=12000)
    write_report(corpus, "乙丑省", stations=34000)
    service = QAService(load_index(build_index(corpus, tmp_path / "index", HashEmbedder())),
                        HashEmbedder())
    hits = service.search("新建5G基站多少个", 10, ["2026_乙丑省_政府工作报告"])
    assert hits and {h.chunk.doc_id for h in hits} == {"2026_乙丑省_政府工作报告"}
    named = service.search("乙丑省新建5G基站多少个？", 10)
    assert {h.chunk.doc_id for h in named} == {"2026_乙丑省_政府工作报告"}
    both = service.search("新建5G基站多少个", 10)
    assert {h.chunk.doc_id for h in both} == {"2026_甲子省_政府工作报告",
                                              "2026_乙丑省_政府工作报告"}
    assert all(h.chunk.label.startswith(h.chunk.doc_title + " · ") for h in both)
    declined = service.ask("今天天气怎么样？")
    assert not declined.answerable and declined.text.startswith("所收录的文件中没有")
    with pytest.raises(InvalidInputError, match="Unknown document"):
        service.search("基站", 5, ["2026_丁卯省_政府工作报告"])


def test_an_empty_corpus_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match="no readable documents"):
        build_index(tmp_path / "empty", tmp_path / "index", HashEmbedder())
    assert not (tmp_path / "index" / "current").exists()


class CountingEmbedder(HashEmbedder):
    """The hash embedder, counting the texts it is asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.texts = 0

    def embed(self, texts, kind):  # type: ignore[no-untyped-def]
        self.texts += len(texts)
        return super().embed(texts, kind)


def reports_service(tmp_path: Path, *places: str) -> QAService:
    """The service over one small report per place (hash embedder)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for place in places:
        write_report(corpus, place)
    return QAService(load_index(build_index(corpus, tmp_path / "index", HashEmbedder())),
                     HashEmbedder())


def assert_answered_by_line(service: QAService, question: str, value: str, line: str) -> None:
    """question is answered with value, cited to the whole header line of 甲子省's report
    that holds it, exactly as the source writes it."""
    answer = service.ask(question)
    assert answer.answerable and value in answer.text, (question, answer.text)
    citation = answer.citations[0]
    assert citation.quote == line and citation.doc_id == "2026_甲子省_政府工作报告"
    assert service.index.text_of(citation.doc_id)[citation.start:citation.end] == line


def test_who_delivered_the_report_is_its_speaker_line(tmp_path: Path) -> None:
    service = reports_service(tmp_path, "甲子省", "乙丑省")
    for question in ("甲子省的政府工作报告是谁作的？", "Who delivered the 甲子省 report?",
                     "甲子省2026年政府工作报告由哪位领导代表省政府作报告？",
                     "在甲子省人代会上作政府工作报告的省长叫什么名字？",
                     "What is the name of the governor who delivered the 甲子省 report?"):
        assert_answered_by_line(service, question, "张三", "省长 张三")
    # Not about delivering the report: the speaker line is not the answer ("工作" holds
    # 作 but delivers nothing).
    assert "省长 张三" not in service.ask("甲子省新建5G基站多少个？").text
    assert not asks_speaker(analyse("甲子省政府工作报告中的重点工作叫什么名字？"))


def test_when_the_report_was_delivered_is_its_date_line(tmp_path: Path) -> None:
    """A question on when a report was delivered is answered by the line dating it, not by
    another date of the text; a date asked of something the report speaks of is not."""
    service = reports_service(tmp_path, "甲子省", "乙丑省")
    line = "——2026年1月20日在甲子省第十四届人民代表大会第五次会议上"
    for question in ("甲子省的政府工作报告是哪天作的？",
                     "甲子省政府工作报告是什么时候在会上宣读的？",
                     "On what date was the 甲子省 government work report delivered?",
                     "When did the governor of 甲子省 present the report?",
                     "What is the date of 甲子省's work report?",
                     # "it" for the report, after a question on who delivered it
                     "On what date did he deliver it in 甲子省?",
                     # the report named at length
                     "When was 甲子省's government work report on the economy and the "
                     "people's livelihood delivered?"):
        assert_answered_by_line(service, question, "2026年1月20日", line)
    for other in ("甲子省报告说充电桩什么时候建成？", "When will 甲子省 finish its charging piles?",
                  "When did 甲子省 deliver its first hydrogen trucks?",
                  "甲子省的政府工作报告是谁作的？"):
        assert not asks_delivery_date(analyse(other)), other
    # 通报 as the document, not the verb: who is thanked is not who delivered it
    assert not asks_speaker(analyse("通报最后感谢了哪位政协主席？"))
    assert asks_speaker(analyse("这份通报是谁来通报的？"))


def test_a_place_no_document_is_about_is_declined(tmp_path: Path) -> None:
    service = reports_service(tmp_path, "北京市", "天津市")
    assert SCOPE.absent_places("湖北省新建了多少5G基站？") == [("湖北省", "湖北")]
    assert SCOPE.absent_places("What did Hubei's report say?") == [("湖北省", "湖北")]
    assert SCOPE.absent_places("北京新建了多少5G基站？") == []
    for question in ("湖北省新建了多少5G基站？", "Who delivered Hubei's government work report?"):
        assert not service.ask(question).answerable, question
    hits = service.search("北京新建5G基站多少个？", 5)
    assert not service._names_absent_place("北京新建5G基站多少个？", hits)
    assert service._names_absent_place("湖北新建5G基站多少个？", hits)
    # A passage that names the place itself still answers ("湖北卓越工程师" in Wuhan's text).
    assert not SCOPE.absent_places("北京市的湖") and SCOPE.absent_places("湖北卓越工程师")


def test_which_passages_stand_in_the_part_of_another_year(tmp_path: Path) -> None:
    """A report delivered in 2026 reviews 2025 and sets 2026's targets, naming neither year
    in the passages themselves: each question's year (or "去年", "this year") marks the
    other part's passages, by the document's own date."""
    service = reports_service(tmp_path, "甲子省")
    review, plan = (service.index.chunk(f"2026_甲子省_政府工作报告:{part}")
                    for part in ("s1-p1", "s2-p1"))
    assert review is not None and plan is not None
    for question, other in (("甲子省2025年城镇新增就业多少人？", plan),
                            ("How many new urban jobs did 甲子省 create last year?", plan),
                            ("甲子省2026年城镇新增就业目标是多少？", review),
                            ("What is 甲子省's jobs target for this year?", review)):
        in_other_part = service._in_other_year_part(service._analyse(question))
        assert in_other_part(other) and not in_other_part(
            review if other is plan else plan), question
    no_year = service._in_other_year_part(service._analyse("甲子省城镇新增就业多少人？"))
    assert not no_year(review) and not no_year(plan)


def test_retrieval_lowers_the_part_of_another_year(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The targets' passage of a 2026 report stands YEAR_PART_PENALTY lower for a question
    about 2025 (the review's passage for one about this year); a question naming no year,
    or whose wording already says result or target, moves nothing more."""
    from qa import retrieve

    service = reports_service(tmp_path, "甲子省")

    def scores(question: str) -> dict[str, float]:
        return {hit.chunk.local_id: hit.score for hit in service.search(question, 10)}

    def lowered(question: str) -> set[str]:
        with monkeypatch.context() as patch:
            patch.setattr(retrieve, "YEAR_PART_PENALTY", 0.0)
            plain = scores(question)
        penalised = scores(question)
        return {part for part, score in plain.items()
                if abs(plain[part] - penalised[part] - retrieve.YEAR_PART_PENALTY) < 1e-6}

    assert lowered("甲子省2025年的城镇新增就业") == {"s2-p1"}
    assert lowered("甲子省今年的城镇新增就业") >= {"s1-p1", "s1.1-p1"}
    assert "s2-p1" not in lowered("甲子省今年的城镇新增就业")
    assert lowered("甲子省的城镇新增就业") == set()
    assert lowered("甲子省2025年城镇新增就业目标是多少？") == set()  # the tense penalty's


def test_the_words_naming_the_document_are_no_support(tmp_path: Path) -> None:
    """What supports an answer is what the question asks, not the words that chose its
    document (the abstainer's share of specific terms, qa/abstain.py)."""
    service = reports_service(tmp_path, "甲子省", "乙丑省")
    framed = service._support_terms(analyse("根据甲子省政府工作报告，新建5G基站多少个？"))
    plain = service._support_terms(analyse("甲子省新建5G基站多少个？"))
    assert not {"报告", "工作", "政府"} & framed.keys()
    assert "基站" in framed and framed.keys() <= plain.keys()
