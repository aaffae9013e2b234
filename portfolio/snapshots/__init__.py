"""Snapshots for the meetings: freeze the portfolio as of a date, compare two ("siden sidst"), export.

Entry points: :func:`freeze.create_snapshot`, :func:`freeze.list_snapshots`, :func:`service.compare`,
:func:`service.export_snapshot`. Diffs and exports read only the frozen payload.
"""


FORMATS = ("xlsx", "pptx", "pdf", "plans")  # here, not in service: the CLI offers them without importing pandas
