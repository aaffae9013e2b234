"""Issue #19: index.html is served with <html lang> in the chosen language (ui/web.py PageLanguageMiddleware)."""

from __future__ import annotations

from pathlib import Path

import streamlit
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from ui.web import PageLanguageMiddleware

INDEX = (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")


def _client() -> TestClient:
    app = Starlette(routes=[Route("/data.json", lambda request: JSONResponse({"html": '<html lang="en">'})),
                            Route("/{path:path}", lambda request: HTMLResponse(INDEX))])
    app.add_middleware(PageLanguageMiddleware)
    return TestClient(app)


def test_streamlits_page_is_served_in_the_chosen_language():
    client = _client()
    assert '<html lang="en">' in INDEX  # what Streamlit ships: the middleware's premise
    for url, lang in (("/", "da"), ("/?lang=da", "da"), ("/?lang=en", "en"), ("/milestones?x=1&lang=en", "en"),
                      ("/?lang=xx", "da")):
        response = client.get(url)
        assert f'<html lang="{lang}">' in response.text, url
        assert '<html lang="en">' not in response.text or lang == "en"
        assert int(response.headers["content-length"]) == len(response.content)


def test_other_answers_pass_untouched():
    client = _client()
    assert client.get("/data.json?lang=da").json() == {"html": '<html lang="en">'}
