"""Plotly figures of the dashboard pages, one module per page, all built one way: plain trace and layout specs,
validated once (:func:`portfolio.dashboard.charts.base.figure`).

- :mod:`.base`: palette use, date axis, status line, empty figure, Danish separators
- :mod:`.overview`, :mod:`.milestones`, :mod:`.inclusion`, :mod:`.infrastructure`: the pages' figures
"""
