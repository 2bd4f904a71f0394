"""The error hierarchy of the library.

Every error says what went wrong and what to do next. The API maps each class to
one HTTP status in a single handler (see api/errors.py); the CLI maps them to exit codes.
"""

from __future__ import annotations


class QAError(Exception):
    """Base class of every error the library raises on purpose."""

    code = "qa_error"
    http_status = 500
    exit_code = 1


class InvalidInputError(QAError):
    """The caller sent something the library cannot use (empty question, bad k, …)."""

    code = "invalid_input"
    http_status = 422
    exit_code = 2


class NotFoundError(QAError):
    """A named thing (a chunk id, a corpus file) does not exist."""

    code = "not_found"
    http_status = 404
    exit_code = 2


class CorpusError(QAError):
    """The bulletin cannot be read or does not have the expected form."""

    code = "corpus_error"
    http_status = 500
    exit_code = 3


class EmbedderError(QAError):
    """An embedding backend cannot be loaded or failed to embed."""

    code = "embedder_error"
    http_status = 503
    exit_code = 3


class IndexError_(QAError):
    """The index is missing, corrupt or does not match the settings.

    (Trailing underscore: the builtin IndexError means something else.)
    """

    code = "index_error"
    http_status = 503
    exit_code = 4


class IndexMissingError(IndexError_):
    code = "index_missing"


class IndexCorruptError(IndexError_):
    code = "index_corrupt"


class IndexMismatchError(IndexError_):
    code = "index_mismatch"
