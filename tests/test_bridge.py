from __future__ import annotations

from qa.bridge import TermMap, build_term_map, english_stems
from qa.index import Index


def test_english_words_and_pinyin_names_meet_corpus_terms(index: Index) -> None:
    terms = index.terms
    assert "晶圆" in terms.translate("What wafer was developed?")
    assert "郭元强" in terms.translate("What position does Guo Yuanqiang hold?")
    assert "盛阅春" in terms.translate("What is Sheng Yuechun's position?")  # possessive
    assert "郭元强" in terms.translate("Yuanqiang Guo")  # western name order
    assert "政协" in terms.translate("the CPPCC")  # acronym kept from a dictionary remark
    assert terms.is_pinyin("Shanghai") and terms.is_pinyin("jianghan")
    assert not terms.is_pinyin("Mindray")


def test_map_holds_only_terms_of_the_corpus_and_round_trips() -> None:
    built = build_term_map("建成老年助餐机构790个。郭元强。")
    every = {t for ts in built.english.values() for t in ts}
    assert every and all(t in "建成老年助餐机构790个。郭元强。" for t in every)
    assert TermMap.from_json(built.to_json()) == built


def test_stems_drop_stopwords() -> None:
    assert english_stems("How many elderly meal sites were built?") == [
        "elder", "meal", "site", "built"]


def test_a_whole_definition_weighs_more_than_a_word_of_it() -> None:
    """"raw coal" is the whole CC-CEDICT definition of 原煤; "coal" alone also glosses
    煤炭. A question holding the definition word for word meets 原煤 first."""
    built = build_term_map("原煤产量增长。煤炭保供。港交所上市。香港。")
    weights = built.translate("How much raw coal was produced?")
    assert weights["原煤"] > weights["煤炭"] > 0
    listed = built.translate("Which firm listed on the Hong Kong Stock Exchange?")
    assert listed["港交所"] > listed["香港"] > 0
    # the words apart, or in another order, are not the definition
    apart = built.translate("Coal output rose; raw materials too.")
    assert apart.get("原煤", 0) < weights["原煤"]


def test_phrases_survive_the_round_trip_and_old_maps_load_without_them() -> None:
    built = build_term_map("原煤产量增长。")
    assert built.phrases["raw coal"] == ("原煤",)
    old = built.to_json()
    del old["phrases"]
    assert TermMap.from_json(old).phrases == {}


def test_a_name_the_dictionary_reads_is_not_every_string_that_sounds_alike() -> None:
    """"Fujian" is 福建 (CC-CEDICT), not also 附件 or 复建 that share its pinyin; a name the
    dictionary does not know ("Guo Yuanqiang") still meets its corpus string by pinyin."""
    built = build_term_map("福建省政府工作报告。附件。灾后复建。郭元强。")
    fujian = built.translate("What did Fujian report?")
    assert fujian["福建"] > 0 and "附件" not in fujian and "复建" not in fujian
    assert built.translate("Who is Guo Yuanqiang?")["郭元强"] > 0


def test_homophones_of_a_name_the_dictionary_does_not_know_share_its_weight() -> None:
    """A name read only by its pinyin that several corpus strings share spreads over them:
    each is a guess, none is the precise match a single reading is."""
    built = build_term_map("北部湾港。背部弯曲。郭元强。")
    beibu = built.translate("What did Beibu Gulf Port pass?")
    guo = built.translate("Who is Guo Yuanqiang?")
    assert 0 < beibu.get("北部", 0) < guo["郭元强"]
