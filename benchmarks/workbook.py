"""The 20,000-row plan workbook of benchmark (a), written with xlsxwriter the way a landsdel fills in a plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter

HEADERS = ["ID", "Milepæl", "Kategori", "Baseline", "Forventet dato", "Faktisk dato", "Status", "Afhænger af",
           "Bemærkning"]
STATUSES = ["grøn", "gul", "rød", "afsluttet", "grøn", "grøn"]


MILESTONES = 5_000  # the most milestones the importer takes in one plan (plan_reader.MAX_MILESTONES)
INCLUSION_MONTHS = 300  # 2000-01 to 2024-12: the importer takes months from 2000 on


def write_plan(path: Path, rows: int = 20_000) -> Path:
    """A Hovedstaden/KOL plan of ``rows`` data rows: 5,000 milestones (the importer's limit for one plan),
    8,700 monthly inclusion rows (29 municipalities x 300 months, long format) and an annex sheet of notes
    for the rest (6,300 rows at 20,000), which every reader reads too."""
    from portfolio.reference import read_municipalities

    milestones = min(rows, MILESTONES)
    book = xlsxwriter.Workbook(str(path))
    dates = book.add_format({"num_format": "dd-mm-yyyy"})
    info = book.add_worksheet("Info")
    for r, (key, value) in enumerate([("Landsdel", "Hovedstaden"), ("Program", "KOL"), ("Samlet status", "gul")]):
        info.write(r, 0, key)
        info.write(r, 1, value)
    info.write(3, 0, "Indsendt")
    info.write_datetime(3, 1, dt.datetime(2024, 5, 1), dates)
    sheet = book.add_worksheet("Milepæle")
    sheet.write_row(0, 0, HEADERS)
    start = dt.datetime(2023, 1, 31)
    for i in range(milestones):
        baseline = start + dt.timedelta(days=(i * 7) % 1500)
        forecast = baseline + dt.timedelta(days=(i % 5) * 30)
        status = STATUSES[i % len(STATUSES)]
        sheet.write_string(i + 1, 0, str(i + 1))
        sheet.write_string(i + 1, 1, f"Milepæl nummer {i + 1}: udrulning i kommune {i % 98}")
        sheet.write_string(i + 1, 2, ["Organisering", "Aftaler", "Infrastruktur", "Uddannelse"][i % 4])
        sheet.write_datetime(i + 1, 3, baseline, dates)
        sheet.write_datetime(i + 1, 4, forecast, dates)
        if status == "afsluttet":
            sheet.write_datetime(i + 1, 5, min(forecast, dt.datetime(2024, 4, 1)), dates)
        sheet.write_string(i + 1, 6, status)
        if i and i % 10 == 0:
            sheet.write_string(i + 1, 7, str(i))
        sheet.write_string(i + 1, 8, "Kører efter plan" if i % 3 else "")
    inclusion = book.add_worksheet("Inklusion")
    inclusion.write_row(0, 0, ["Måned", "Kommune", "Nye inklusioner", "Aktive borgere", "Frafald"])
    names = [m.name for m in read_municipalities() if m.region_code == 1084]  # Region Hovedstaden: 29
    written = milestones
    row = 1
    for name in names:
        active = 0
        for m in range(INCLUSION_MONTHS):
            if written >= rows:
                break
            index = 2000 * 12 + m
            new, dropouts = 3 + (m + row) % 7, m % 2
            active += new - dropouts
            inclusion.write_row(row, 0, [f"{index // 12}-{index % 12 + 1:02d}", name, new, active, dropouts])
            row, written = row + 1, written + 1
    annex = book.add_worksheet("Bilag")  # the rest: a log the landsdel keeps beside the plan (read, not stored)
    annex.write_row(0, 0, ["Dato", "Emne", "Note"])
    for i in range(rows - written):
        annex.write_datetime(i + 1, 0, start + dt.timedelta(days=i % 500), dates)
        annex.write_string(i + 1, 1, ["Styregruppe", "Leverandør", "Kommune", "Drift"][i % 4])
        annex.write_string(i + 1, 2, f"Opfølgning på punkt {i + 1} fra mødet")
    book.close()
    return path
