"""The planners' Excel workbook: its format, reading a day from it, the template, the plan export.

:mod:`~optimizer.workbook.format` describes the sheets and columns once and
:mod:`~optimizer.workbook.kinds` how each cell reads and writes;
:mod:`~optimizer.workbook.read` reads a day from a workbook (or the same sheets as CSV files);
:mod:`~optimizer.workbook.template` writes a day, and the French template with the example day
of ``example.json``; :mod:`~optimizer.workbook.plan` writes a plan as a French workbook.
The week: :mod:`~optimizer.workbook.week_format` (the *Semaine*, *Dons de la semaine* and
*Réglages de la semaine* sheets), :mod:`~optimizer.workbook.week_read`,
:mod:`~optimizer.workbook.week_template` (a week as a workbook) and
:mod:`~optimizer.workbook.week_calendar` (the planned week's calendar and totals).
"""
