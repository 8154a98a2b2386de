"""docs/python.md and the docstrings say what the package does."""
import re

import scrisk
from conftest import SOURCE_DIR

PYTHON_MD = (SOURCE_DIR / "docs" / "python.md").read_text(encoding="utf-8")


def test_save_says_comments_are_not_kept():
    for doc in (scrisk.Model.save.__doc__, scrisk.Model.__doc__):
        assert "comments" in doc and "not kept" in doc
    assert re.search(r"comments[^.|]*not kept", PYTHON_MD)


def test_interaction_scope_is_documented():
    for text in ("SupplyNetwork.interaction_scope", "scrisk.InteractionScope.ALL_PAIRS",
                 "scrisk.InteractionScope.ALTERNATIVE_SOURCES", "interaction_scope=InteractionScope.ALL_PAIRS"):
        assert text in PYTHON_MD, text
    assert scrisk.InteractionScope.__doc__ and "ALTERNATIVE_SOURCES" in scrisk.SupplyNetwork.__doc__ + \
        scrisk.InteractionScope.__doc__


def test_every_error_class_is_documented():
    errors = [name for name in scrisk.__all__ if isinstance(getattr(scrisk, name), type)
              and issubclass(getattr(scrisk, name), BaseException)]
    assert set(errors) == {"Error", "ModelError", "UsageError", "ResultsMismatch", "IoError", "Cancelled",
                           "InternalError", "RunCancelled"}
    section = PYTHON_MD[PYTHON_MD.index("## Errors"):PYTHON_MD.index("## Running on a cluster")]
    for name in errors:
        assert f"`scrisk.{name}`" in section, name
    assert scrisk.RunCancelled is scrisk.Cancelled


def test_results_files_and_pickling_are_documented():
    for text in ("scrisk.load_results(path)", "`save(path)`", "`to_bytes()`", "| `model` |", "protocol 2 or higher"):
        assert text in PYTHON_MD, text
