"""Writers: the fillable Word forms, reading returns back, the diff renderers and the report.

One sub-package per subsystem: `docx` (the Word layer), `forms`, `returns`, `diff`, `report`.
"""
