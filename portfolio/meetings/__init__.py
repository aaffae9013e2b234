"""The meeting register: meetings, agenda items (O/B/D), conclusions, follow-up actions and approved minutes.

Entry points: :mod:`service` (every write: authorised, audited, in one unit of work), :mod:`reads` (read models
for the page, the CLI and the exports), :mod:`agenda` (the agenda drafted from snapshot data), :mod:`export`
(minutes as .docx and PDF), :mod:`pack` (the meeting slides of the snapshot pack).
"""

