from sqlalchemy import func, select

from portfolio.db import read_session
from portfolio.models import Landsdel, Municipality
from portfolio.reference import LANDSDELE, landsdel_by_name, read_municipalities


def test_reference_file_has_the_98_municipalities_with_official_counts_per_region():
    municipalities = read_municipalities()
    assert len(municipalities) == 98
    assert len({m.code for m in municipalities}) == 98
    per_region = {code: sum(1 for m in municipalities if m.region_code == code) for code in range(1081, 1086)}
    assert per_region == {1081: 11, 1082: 19, 1083: 22, 1084: 29, 1085: 17}
    assert all(101 <= m.code <= 860 for m in municipalities)


def test_initialised_store_holds_landsdele_and_municipalities(engine):
    with read_session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Landsdel)) == 5
        rows = session.execute(
            select(Landsdel.name, func.count(Municipality.code)).join(Municipality.landsdel).group_by(Landsdel.name)
        ).all()
    assert dict(rows) == {"Nord": 11, "Midt": 19, "Syd": 22, "Hovedstaden": 29, "Sjælland": 17}


def test_landsdel_found_from_how_people_write_it(sqlite_engine):
    with read_session(sqlite_engine) as session:
        for text, key in [("Syd", "syd"), ("syddanmark", "syd"), ("Region Sjælland", "sjaelland"),
                          ("sjaelland", "sjaelland"), ("1084", "hovedstaden"), (" nordjylland ", "nord"),
                          ("Midt", "midt")]:
            found = landsdel_by_name(session, text)
            assert found is not None and found.key == key, text
        assert landsdel_by_name(session, "Fyn") is None
    assert [ld.key for ld in LANDSDELE] == ["nord", "midt", "syd", "hovedstaden", "sjaelland"]
