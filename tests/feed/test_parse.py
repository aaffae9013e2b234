"""Parsing feeds: every format, Danish and English, and a clear problem for each bad input."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from openpyxl import Workbook

from portfolio.domain import Phase, Rag
from portfolio.feed.parse import FeedEntry, detect_format, parse_feed
from tests.feed.conftest import GOOD_FEED, TODAY, entry, feed_json

D = dt.date


def parse(data: bytes, name: str = "feed.json", content_type: str | None = None):
    return parse_feed(data, name, content_type, today=TODAY)


def problems(data: bytes, name: str = "feed.json", lang: str = "en") -> list[tuple[int | None, str | None, str]]:
    result = parse(data, name)
    assert not result.items or result.problems  # anything with problems is refused as a whole
    return [(p.entry, p.field, p.message(lang)) for p in result.problems]


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


EXPECTED = [
    FeedEntry("KL_GATEWAY", D(2023, 5, 1), Phase.PRODUCTION, Rag.GREEN, "I drift."),
    FeedEntry("KAM", D(2023, 5, 1), Phase.PILOT, Rag.AMBER, "Pilot i to kommuner.", None, D(2023, 9, 1)),
    FeedEntry("K-PRO", D(2023, 5, 1), Phase.ACCEPTANCE_TEST, Rag.RED, "Forsinket."),
]


def test_json_object_with_entries() -> None:
    result = parse(GOOD_FEED)
    assert result.ok and result.format == "json"
    assert result.entries == EXPECTED


def test_json_list() -> None:
    document = json.loads(GOOD_FEED)["entries"]
    assert parse(json.dumps(document).encode(), "feed").entries == EXPECTED


def test_danish_headers_and_values_any_case_and_spacing() -> None:
    data = json.dumps([{"Komponent": "kam", " DATO ": "01.05.2023", "Fase": " overtagelses prøve ",
                        "RAG": "GUL", "Notat": "x", "Pilot_Prognose": "2023-07-01", "drift prognose": "01-10-2023"}])
    assert parse(data.encode()).entries == [
        FeedEntry("kam", D(2023, 5, 1), Phase.ACCEPTANCE_TEST, Rag.AMBER, "x", D(2023, 7, 1), D(2023, 10, 1))
    ]


@pytest.mark.parametrize(("word", "phase"), [
    ("udvikling", Phase.DEVELOPMENT), ("Development", Phase.DEVELOPMENT),
    ("overtagelsesprøve", Phase.ACCEPTANCE_TEST), ("acceptance test", Phase.ACCEPTANCE_TEST),
    ("acceptance_test", Phase.ACCEPTANCE_TEST), ("PILOT", Phase.PILOT),
    ("drift", Phase.PRODUCTION), ("production", Phase.PRODUCTION),
])
def test_phase_words(word: str, phase: Phase) -> None:
    assert parse(feed_json(entry(phase=word))).entries[0].phase is phase


@pytest.mark.parametrize(("word", "rag"), [
    ("grøn", Rag.GREEN), ("Green", Rag.GREEN), ("gul", Rag.AMBER), ("amber", Rag.AMBER),
    ("rød", Rag.RED), ("RED", Rag.RED),
])
def test_rag_words(word: str, rag: Rag) -> None:
    assert parse(feed_json(entry(rag=word))).entries[0].rag is rag


def test_csv_comma_english() -> None:
    data = (b"component,date,phase,rag,note,production_forecast\n"
            b'KL_GATEWAY,2023-05-01,drift,green,I drift.,\n'
            b'KAM,2023-05-01,pilot,amber,"Pilot i to kommuner.",2023-09-01\n'
            b"\n"
            b"K-PRO,01-05-2023,acceptance test,red,Forsinket.,\n")
    result = parse(data, "feed.csv")
    assert result.format == "csv" and result.entries[1:] == EXPECTED[1:]
    assert [n for n, _ in result.items] == [1, 2, 4]  # blank rows are skipped but counted


def test_csv_semicolon_danish_windows_1252() -> None:
    text = "Komponent;Dato;Fase;RAG;Bemærkning\nK-PRO;01-05-2023;Overtagelsesprøve;Rød;Forsinket.\n"
    result = parse(text.encode("cp1252"), "status.csv")
    assert result.entries == [EXPECTED[2]]


def test_excel_with_date_cells_and_text_dates() -> None:
    data = xlsx([
        ["Komponent", "Dato", "Fase", "RAG", "Note", "Drift prognose"],
        ["KL_GATEWAY", dt.datetime(2023, 5, 1), "Drift", "Grøn", "I drift.", None],
        ["KAM", "2023-05-01", "pilot", "gul", "Pilot i to kommuner.", dt.date(2023, 9, 1)],
        [None, None, None, None, None, None],
        ["K-PRO", "01-05-2023", "overtagelsesprøve", "rød", "Forsinket.", None],
    ])
    result = parse(data, "status.xlsx")
    assert result.ok, result.problems
    assert result.format == "excel" and result.entries == EXPECTED


def test_format_detection() -> None:
    assert detect_format(b"[]", "x", "application/json; charset=utf-8") == "json"
    assert detect_format(b"a,b", "feed.csv") == "csv"
    assert detect_format(b"PK\x03\x04rest", "download") == "excel"
    assert detect_format(b"  {\"entries\": []}", "") == "json"
    assert detect_format(b"\x00\x01", "picture.png") is None
    assert detect_format(b"component;date", "upload.csv", "application/vnd.ms-excel") == "csv"
    assert detect_format(b"component;date", "/api/v1.2/status", "application/vnd.ms-excel") == "csv"
    assert detect_format(b"PK\x03\x04rest", "/status", "application/octet-stream") == "excel"


# --- bad input: one clear problem each, nothing accepted ---------------------------------------


def test_malformed_json() -> None:
    assert problems(b'{"entries": [{"component": "KAM",') == [
        (None, None,
         "The feed is not valid JSON: Expecting property name enclosed in double quotes (line 1, column 34).")
    ]


def test_wrong_json_shape() -> None:
    assert problems(b'{"items": []}')[0][2].startswith("A JSON feed must be a list of entries")
    assert problems(b'"hello"')[0][2].startswith("A JSON feed must be a list")


def test_wrong_types_each_reported() -> None:
    data = json.dumps([
        {"component": 7, "date": 20230501, "phase": ["pilot"], "rag": True, "note": {"x": 1}},
        "not an entry",
    ]).encode()
    assert problems(data) == [
        (1, "component", "Wrong type: expected string, got number."),
        (1, "date", "Wrong type: expected date string, got number."),
        (1, "phase", "Wrong type: expected string, got list."),
        (1, "rag", "Wrong type: expected string, got boolean."),
        (1, "note", "Wrong type: expected string, got object."),
        (2, None, "The entry must be an object with the fields component, date, phase, rag and note."),
    ]


def test_unknown_phase_rag_field_and_missing_values() -> None:
    data = feed_json(
        entry(phase="testing"),
        entry(rag="blue", colour="x"),
        {"component": "KAM", "date": "", "phase": "pilot"},
    )
    found = problems(data)
    assert (1, "phase", 'Unknown phase "testing". Use development, acceptance test, pilot or production.') in found
    assert (2, "rag", 'Unknown status "blue". Use green, amber or red.') in found
    assert any(e == 2 and f == "colour" and m.startswith('Unknown field "colour"') for e, f, m in found)
    assert (3, "date", "The field is missing or empty.") in found
    assert (3, "rag", "The field is missing or empty.") in found


def test_dates_invalid_and_in_the_future() -> None:
    found = problems(feed_json(entry(date="2023-02-30"), entry(date="next week"), entry(date="2023-06-02"),
                               entry(pilot_forecast="2024-01-01")))
    assert found == [
        (1, "date", '"2023-02-30" is not a date (use YYYY-MM-DD or DD-MM-YYYY).'),
        (2, "date", '"next week" is not a date (use YYYY-MM-DD or DD-MM-YYYY).'),
        (3, "date", "The date 2023-06-02 is in the future (today is 2023-06-01)."),
    ]  # forecasts may lie in the future


def test_cpr_number_in_a_note_is_refused_without_repeating_it() -> None:
    found = problems(feed_json(entry(note="Borger 010190-1234 ringede")), lang="da")
    assert found == [(1, "note", "Teksten ligner et CPR-nummer; personoplysninger må ikke komme i porteføljen.")]
    assert parse(feed_json(entry(note="Møde 2023-05-01, sag 12345678"))).ok


def test_csv_missing_and_unknown_columns() -> None:
    found = problems(b"component;date;fase;colour\nKAM;2023-05-01;pilot;green\n", "x.csv")
    assert (None, None, 'The column "rag" is missing.') in found
    assert any(m.startswith('Unknown column "colour"') for _, _, m in found)


def test_empty_and_entry_less_feeds() -> None:
    assert problems(b"") == [(None, None, "The feed is empty.")]
    assert problems(b'{"entries": []}') == [(None, None, "The feed contains no status entries.")]
    assert problems(b"component,date,phase,rag\n", "x.csv") == [(None, None, "The feed contains no status entries.")]


def test_broken_excel_and_unknown_format() -> None:
    assert problems(b"PK\x03\x04garbage", "x.xlsx")[0][2].startswith("The Excel file cannot be read")
    assert problems(b"\x89PNG\r\n", "picture.png") == [
        (None, None, 'Unknown file format "picture.png": use JSON, CSV or Excel (.xlsx).')
    ]


def test_messages_in_danish() -> None:
    assert problems(feed_json(entry(phase="x")), lang="da") == [
        (1, "phase", 'Ukendt fase "x". Brug udvikling, overtagelsesprøve, pilot eller drift.')
    ]


# --- any entry survives being written as a feed and read back ---------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_note_chars = st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n\t;,\"")
_notes = st.text(_note_chars, max_size=80).map(str.strip).filter(lambda s: not parse(feed_json(entry(note=s))).problems)
_dates = st.dates(min_value=D(2015, 1, 1), max_value=TODAY)
_entries = st.builds(FeedEntry, st.sampled_from(["KAM", "KL Gateway", "K-PRO", "NemSMS"]), _dates,
                     st.sampled_from(list(Phase)), st.sampled_from(list(Rag)), _notes,
                     st.none() | _dates, st.none() | _dates)


def _as_dict(e: FeedEntry) -> dict[str, object]:
    return {"component": e.component, "date": e.status_date.isoformat(), "phase": e.phase.value, "rag": e.rag.value,
            "note": e.note, "pilot_forecast": e.pilot_forecast and e.pilot_forecast.isoformat(),
            "production_forecast": e.production_forecast and e.production_forecast.isoformat()}


@settings(max_examples=60, deadline=None)
@given(st.lists(_entries, min_size=1, max_size=5))
def test_entries_round_trip_as_json_and_csv(entries: list[FeedEntry]) -> None:
    import csv as csv_module

    assert parse(json.dumps({"entries": [_as_dict(e) for e in entries]}).encode()).entries == entries
    buffer = io.StringIO()
    writer = csv_module.DictWriter(buffer, fieldnames=list(_as_dict(entries[0])))
    writer.writeheader()
    writer.writerows(_as_dict(e) for e in entries)
    assert parse(buffer.getvalue().encode(), "feed.csv").entries == entries
