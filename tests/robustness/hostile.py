"""Hand-made hostile workbooks: bombs, entity expansion, huge strings and ranges, formulas, links, macros.

Each builder returns the bytes of a file; :func:`hostile_workbooks` lists them all by name. They are built
from a real plan workbook (tests.importing.builders) with members replaced or added, so everything except
the hostile part is a plan the importer would accept.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable

from tests.importing.builders import plan_workbook

SHEET = "xl/worksheets/sheet2.xml"  # the milestone sheet of plan_workbook()
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def base_plan() -> bytes:
    return plan_workbook()


def rebuild(data: bytes, replace: dict[str, bytes | None], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A copy of the zip ``data`` with members replaced (None removes one) or added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as target:
        for info in source.infolist():
            if info.filename in replace:
                continue
            target.writestr(info.filename, source.read(info.filename))
        for name, content in replace.items():
            if content is not None:
                target.writestr(name, content)
    return out.getvalue()


def _member(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def _with_shared_strings(strings_xml: bytes, sheet_cells: str = '<c r="A1" t="s"><v>0</v></c>') -> bytes:
    base = base_plan()
    types = _member(base, "[Content_Types].xml").replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    rels = _member(base, "xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>", b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/officeDocument/'
                             b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    sheet = f'<worksheet {NS}><sheetData><row r="1">{sheet_cells}</row></sheetData></worksheet>'.encode()
    return rebuild(base, {"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels,
                          "xl/sharedStrings.xml": strings_xml, SHEET: sheet})


def _sheet(body: str, *, dimension: str = "") -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return rebuild(base_plan(), {SHEET: f"<worksheet {NS}>{dim}<sheetData>{body}</sheetData></worksheet>".encode()})


def zip_bomb() -> bytes:
    """A 400 MB sheet of spaces that deflates to well under a megabyte."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b" " * (1 << 20)
    parts = [compressor.compress(chunk) for _ in range(400)]
    raw = b"".join(parts) + compressor.flush()
    return _raw_zip_with(SHEET, raw, size=400 << 20, crc=0)


def lying_zip() -> bytes:
    """The directory says 1 kB, the stream inflates to 100 MB."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = b"".join(compressor.compress(b"<" * (1 << 20)) for _ in range(100)) + compressor.flush()
    return _raw_zip_with(SHEET, raw, size=1024, crc=0)


def _raw_zip_with(name: str, deflated: bytes, *, size: int, crc: int) -> bytes:
    """The base plan with ``name`` replaced by a hand-written deflated entry (headers state ``size``)."""
    base = rebuild(base_plan(), {name: None})
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    entries = []
    for info in source.infolist():
        payload = zlib.compress(source.read(info.filename))[2:-4]
        entries.append((info.filename.encode(), payload, zlib.crc32(source.read(info.filename)), info.file_size))
    entries.append((name.encode(), deflated, crc, size))
    central = io.BytesIO()
    for filename, payload, entry_crc, entry_size in entries:
        offset = out.tell()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, entry_crc, len(payload),
                              entry_size & 0xFFFFFFFF, len(filename), 0))
        out.write(filename)
        out.write(payload)
        central.write(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, entry_crc, len(payload),
                                  entry_size & 0xFFFFFFFF, len(filename), 0, 0, 0, 0, 0, offset))
        central.write(filename)
    start = out.tell()
    out.write(central.getvalue())
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central.getvalue()),
                          start, 0))
    return out.getvalue()


def billion_laughs(member: str = "sharedStrings") -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{"&lol" + str(i - 1) + ";" * 1}{("&lol" + str(i - 1) + ";") * 9}">' for i in range(1, 10))
    doctype = f"<!DOCTYPE lolz [{entities}]>"
    if member == "sharedStrings":
        return _with_shared_strings(f'<?xml version="1.0"?>{doctype}<sst {NS} count="1" uniqueCount="1">'
                                    f"<si><t>&lol9;</t></si></sst>".encode())
    if member == "sheet":
        return rebuild(base_plan(), {SHEET: f'<?xml version="1.0"?>{doctype}<worksheet {NS}><sheetData><row r="1">'
                                            f'<c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData>'
                                            f"</worksheet>".encode()})
    workbook = _member(base_plan(), "xl/workbook.xml").decode()
    return rebuild(base_plan(), {"xl/workbook.xml": (doctype + workbook.split("?>", 1)[-1]).encode()})


def quadratic_blowup() -> bytes:
    doctype = f'<!DOCTYPE q [<!ENTITY a "{"x" * 50_000}">]>'
    return rebuild(base_plan(), {SHEET: f'<?xml version="1.0"?>{doctype}<worksheet {NS}><sheetData><row r="1">'
                                        f'<c r="A1" t="inlineStr"><is><t>{"&a;" * 20_000}</t></is></c></row>'
                                        f"</sheetData></worksheet>".encode()})


def external_entity() -> bytes:
    doctype = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY net SYSTEM "http://127.0.0.1:9/x">]>'
    return rebuild(base_plan(), {SHEET: f'<?xml version="1.0"?>{doctype}<worksheet {NS}><sheetData><row r="1">'
                                        f'<c r="A1" t="inlineStr"><is><t>&xxe;&net;</t></is></c></row>'
                                        f"</sheetData></worksheet>".encode()})


def huge_shared_strings_count() -> bytes:
    """A million shared strings (about 20 MB of XML, compressed to a few hundred kB)."""
    items = "<si><t>x</t></si>" * 1_000_000
    return _with_shared_strings(f'<sst {NS} count="1000000" uniqueCount="1000000">{items}</sst>'.encode(),
                                '<c r="A1" t="s"><v>999999</v></c><c r="B1" t="s"><v>4000000000</v></c>')


def huge_shared_string() -> bytes:
    """One 15 MB string, used by 200 cells."""
    cells = "".join(f'<c r="A{i}" t="s"><v>0</v></c>' for i in range(1, 2))
    rows = "".join(f'<row r="{i}"><c r="B{i}" t="s"><v>0</v></c></row>' for i in range(2, 200))
    return _with_shared_strings(f'<sst {NS} count="1" uniqueCount="1"><si><t>{"ab" * 7_500_000}</t></si></sst>'
                                .encode(), cells + "</row>" + rows + '<row r="200">')


def huge_range() -> bytes:
    """Two cells, in A1 and in the last cell of a sheet (XFD1048576): 17 billion cells if read densely."""
    return _sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>',
                  dimension="A1:XFD1048576")


def lying_dimension() -> bytes:
    return _sheet('<row r="1"><c r="A1"><v>1</v></c></row>', dimension="A1:XFD1048576")


def many_rows() -> bytes:
    """300,000 rows of one cell each: more than any plan, small on disk."""
    return _sheet("".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, 300_001)))


def formulas() -> bytes:
    rows = [
        ("A1", "ID", None), ("B1", "Milepæl", None), ("C1", "Baseline", None), ("D1", "Status", None),
        ("A2", None, "cmd|' /C calc'!A0"), ("B2", None, 'HYPERLINK("http://127.0.0.1:9/steal","klik")'),
        ("C2", None, "1/0"), ("D2", None, 'WEBSERVICE("http://127.0.0.1:9/")'),
        ("A3", None, "[1]Sheet1!A1"), ("B3", None, "INDIRECT(\"A\"&ROW())"), ("C3", None, "NOW()"),
    ]
    cells = "".join(
        f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>' if text is not None
        else f'<c r="{ref}"><f>{formula.replace("&", "&amp;").replace(chr(34), "&quot;")}</f></c>'
        for ref, text, formula in rows)
    return _sheet(f'<row r="1">{cells}</row>')


def external_link() -> bytes:
    base = base_plan()
    types = _member(base, "[Content_Types].xml").replace(
        b"</Types>", b'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/vnd.'
                     b'openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>')
    rels = _member(base, "xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>", b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                             b'relationships/externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>')
    link = (f'<externalLink {NS} {REL_NS}><externalBook r:id="rId1"><sheetNames><sheetName val="A"/></sheetNames>'
            f"</externalBook></externalLink>").encode()
    link_rels = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                 b'externalLinkPath" Target="file:///\\\\127.0.0.1\\share\\secret.xlsx" TargetMode="External"/>'
                 b"</Relationships>")
    return rebuild(base, {"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels,
                          "xl/externalLinks/externalLink1.xml": link,
                          "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels})


def macros() -> bytes:
    base = base_plan()
    types = _member(base, "[Content_Types].xml").replace(
        b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml").replace(
        b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
    rels = _member(base, "xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>", b'<Relationship Id="rIdV" Type="http://schemas.microsoft.com/office/2006/relationships/'
                             b'vbaProject" Target="vbaProject.bin"/></Relationships>')
    vba = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Attribute VB_Name = \"Auto_Open\"\nShell \"calc\"\n" * 100
    return rebuild(base, {"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels, "xl/vbaProject.bin": vba})


def deep_nesting() -> bytes:
    return _sheet('<row r="1"><c r="A1" t="inlineStr"><is>' + "<r>" * 200_000 + "<t>x</t>" + "</r>" * 200_000
                  + "</is></c></row>")


def many_sheets() -> bytes:
    base = base_plan()
    workbook = _member(base, "xl/workbook.xml").decode()
    sheets = "".join(f'<sheet name="S{i}" sheetId="{100 + i}" r:id="rIdS{i}"/>' for i in range(1000))
    workbook = workbook.replace("</sheets>", sheets + "</sheets>")
    rels = _member(base, "xl/_rels/workbook.xml.rels").decode().replace("</Relationships>", "".join(
        f'<Relationship Id="rIdS{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'worksheet" Target="worksheets/sheet2.xml"/>' for i in range(1000)) + "</Relationships>")
    return rebuild(base, {"xl/workbook.xml": workbook.encode(), "xl/_rels/workbook.xml.rels": rels.encode()})


def many_members() -> bytes:
    return rebuild(base_plan(), {f"junk/{i}.xml": b"<x/>" for i in range(6000)})


def encrypted_flag() -> bytes:
    data = bytearray(base_plan())
    data[6] |= 0x1  # the first local header's "encrypted" flag; the central directory keeps its own
    return bytes(data)


def tiny_files() -> dict[str, bytes]:
    return {"empty.xlsx": b"", "one-byte.xlsx": b"P", "zip-magic-only.xlsx": b"PK\x03\x04",
            "ole-magic-only.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "html-as-xls.xls": b"<html><table><tr><td>1"
            b"</td></tr></table></html>", "csv-as-xlsx.xlsx": b"ID;Milepael\n1;Kontrakt\n"}


BUILDERS: dict[str, Callable[[], bytes]] = {
    "zip-bomb.xlsx": zip_bomb, "lying-zip.xlsx": lying_zip,
    "billion-laughs-sst.xlsx": lambda: billion_laughs("sharedStrings"),
    "billion-laughs-sheet.xlsx": lambda: billion_laughs("sheet"),
    "billion-laughs-workbook.xlsx": lambda: billion_laughs("workbook"),
    "quadratic-blowup.xlsx": quadratic_blowup, "external-entity.xlsx": external_entity,
    "huge-sst-count.xlsx": huge_shared_strings_count, "huge-shared-string.xlsx": huge_shared_string,
    "huge-range.xlsx": huge_range, "lying-dimension.xlsx": lying_dimension, "many-rows.xlsx": many_rows,
    "formulas.xlsx": formulas, "external-link.xlsx": external_link, "macros.xlsm": macros,
    "deep-nesting.xlsx": deep_nesting, "many-sheets.xlsx": many_sheets, "many-members.xlsx": many_members,
    "encrypted-flag.xlsx": encrypted_flag,
}


def hostile_workbooks() -> dict[str, Callable[[], bytes]]:
    out = dict(BUILDERS)
    for name, data in tiny_files().items():
        out[name] = lambda data=data: data
    return out


def ods_repeat_bomb() -> bytes:
    """An OpenDocument sheet whose one row is repeated 100,000 times with a cell repeated 16,384 times."""
    out = io.BytesIO()
    content = ('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
               '<table:table table:name="Milepæle"><table:table-row table:number-rows-repeated="100000">'
               '<table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1">'
               "<text:p>1</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet>"
               "</office:body></office:document-content>")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
    return out.getvalue()


BUILDERS["ods-repeat-bomb.ods"] = ods_repeat_bomb
