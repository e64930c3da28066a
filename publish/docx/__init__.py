"""The Word layer: content-control XML, deterministic packages, hostile-file checks, accessibility.

Knows OOXML and python-docx, nothing of editions: the forms, the diff redline and the report
build on it.
"""
