"""The read side: what the dashboard pages show, read "as of" a date (what the store knew from submissions and
status entries dated on or before it). No Streamlit here; a page calls one read model and draws it.

Layout:

- ``queries/`` — the as-of queries, aggregated in SQL, by subject: ``scope`` (landsdele, regional programmes, the
  newest reported date, the sidebar's choices, ``resolve_scope``), ``plans`` (the plans in force, milestones,
  health counts, dependencies, trend), ``inclusion`` (figures in force, targets), ``fut`` (FUT component status,
  the national projects, risks), ``sql`` (the building blocks they share). A landsdel selection of None means
  every landsdel; an empty one means none, as on the pages.
- read models, one per page: ``overview``, ``milestones``, ``inclusion``, ``infrastructure``; ``plan_context``
  holds what the milestones and infrastructure pages share, so no page's read model imports another's.
- ``charts/`` — the pages' Plotly figures, one module per page on ``charts/base.py``.
- ``chart_text`` — text alternatives of any figure (summary and table), for the pages and the pack.
- ``plan_versions`` — any two stored plan versions of a landsdel compared.
- ``messages`` — the dashboard's Danish and English texts.

The rules the dashboard shares with snapshots, meetings and risks stay beside ``health.py`` in ``portfolio/``:
``metrics`` (targets, slips, forecasts), ``rag`` (the derived RAG, and ``plan_rag``: its inputs assembled once for
the overview and the snapshot freeze) and ``knock_on`` (what FUT delays do to the plans).
"""
