"""Import of the landsdele's Excel plans: tolerant reading, strict storing.

Entry points: :func:`service.preview`, :func:`service.import_plan`, :func:`template.write_plan_workbook`,
:func:`store.plan_from_store`.
"""

from portfolio.importing import messages as _messages  # noqa: F401 - registers the texts
