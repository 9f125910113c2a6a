"""Inputs to Articles: ``.txt``, ``.html`` and ``.jsonl`` files, or directories of them."""

from kg.read.files import SUPPORTED_SUFFIXES, iter_input_files, read_paths

__all__ = ["SUPPORTED_SUFFIXES", "iter_input_files", "read_paths"]
