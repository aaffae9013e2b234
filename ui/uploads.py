"""Streamlit's file uploader in the user's language.

The uploader's own texts ("Upload", "200MB per file • XLSX, …", in other versions "Drag and drop file here",
"Browse files", "Limit 200MB per file") are English and cannot be set. CSS served with the page (no other origin)
hides them and puts the button's word in the user's language; a caption of our own says which files and how large.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import streamlit as st

from portfolio.i18n import register_messages, t

register_messages({
    "upload.button": ("Vælg fil", "Choose file"),
    "upload.button_many": ("Vælg filer", "Choose files"),
    "upload.limits": ("Filtyper: {types}. Højst {size} MB pr. fil. Du kan også trække filen hertil.",
                      "File types: {types}. At most {size} MB per file. You can also drag the file here."),
})

_CSS = """
<style>
[data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stIconMaterial"]::after {{ content: none; }}
[data-testid="stFileUploaderDropzone"] button > div::after {{ content: "{label}"; }}
</style>
"""
# The button's own text is hidden above and its word drawn by CSS, which screen readers (and axe) do not read as the
# button's name: the same word goes into its aria-label, also on buttons Streamlit draws after this script ran.
_LABEL_SCRIPT = """<script>(function () {{
  const label = {label};
  const apply = () => document.querySelectorAll('[data-testid="stFileUploaderDropzone"] button').forEach((b) => {{
    if (b.getAttribute("aria-label") !== label) b.setAttribute("aria-label", label);
  }});
  apply();
  if (window.__portfolioUploaderLabels) window.__portfolioUploaderLabels.disconnect();
  window.__portfolioUploaderLabels = new MutationObserver(apply);
  window.__portfolioUploaderLabels.observe(document.body, {{ childList: true, subtree: true }});
}})();</script>"""


def uploader(label: str, types: Sequence[str], *, lang: str, key: str, many: bool = False,  # type: ignore[no-untyped-def]
             max_mb: int | None = None):
    """``st.file_uploader`` with the button, the size limit and the file types in the user's language.
    ``max_mb``: a limit below the server's (``server.maxUploadSize``) for this uploader."""
    word = t("upload.button_many" if many else "upload.button", lang)
    st.html(_CSS.format(label=word.replace('"', "")))
    st.html(_LABEL_SCRIPT.format(label=json.dumps(word)), width="content", unsafe_allow_javascript=True)
    size = min(max_mb, st.get_option("server.maxUploadSize")) if max_mb else st.get_option("server.maxUploadSize")
    files = st.file_uploader(label, type=list(types), accept_multiple_files=many, key=key, max_upload_size=size)
    st.caption(t("upload.limits", lang, types=", ".join(f".{x}" for x in types), size=size))
    return files
