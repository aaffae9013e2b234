"""The committed .streamlit/config.toml (#13): safe defaults on a shared server."""

from __future__ import annotations

import tomllib
from pathlib import Path

from portfolio.importing.workbook import MAX_FILE_BYTES

CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"


def test_the_config_is_committed_with_safe_defaults():
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    client, server = config["client"], config["server"]
    assert client["showErrorDetails"] in ("none", False)  # no tracebacks with server paths for users
    assert client["toolbarMode"] == "viewer"  # no "Deploy" and no developer options
    assert client["disableDataExport"] is True  # no unneutralised CSV written in the browser
    assert client["showErrorLinks"] is False and client["allowedOrigins"] == []
    assert server["maxUploadSize"] * 1024 * 1024 == MAX_FILE_BYTES  # what the importer accepts, no more
    assert server["enableXsrfProtection"] is True and server["enableStaticServing"] is False
    assert config["browser"]["gatherUsageStats"] is False
    assert config["runner"]["postScriptGC"] is False  # a full collection after every rerun cost more than the rerun


def test_streamlit_reads_it():
    import subprocess
    import sys

    script = ("import streamlit.config as c; c.get_config_options(force_reparse=True);"
              "print(c.get_option('client.showErrorDetails'), c.get_option('server.maxUploadSize'),"
              " c.get_option('client.disableDataExport'), c.get_option('runner.postScriptGC'))")
    out = subprocess.run([sys.executable, "-c", script],
                         cwd=CONFIG.parents[1], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.split() == ["none", "20", "True", "False"]
