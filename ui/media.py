"""Download links end with the login (#13).

Streamlit serves every download (``st.download_button``, also the deferred ones made on click) from its media
file manager under an unguessable ``/media/…`` URL that needs no login. It forgets a session's files only
after later script runs (a downloadable survives one sweep), and the files a deferred download made are tied to
no session at all, so without this a link copied before logging out kept working afterwards.
"""

from __future__ import annotations

import logging

_log = logging.getLogger(__name__)


def forget_session_downloads() -> None:
    """Drop this session's media references and sweep twice: a downloadable is marked on the first sweep and
    deleted on the second, which is what any two later script runs anywhere would do."""
    try:
        from streamlit.runtime import Runtime
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        if ctx is None or not Runtime.exists():
            return
        manager = Runtime.instance().media_file_mgr
        manager.clear_session_refs(ctx.session_id)
        manager.remove_orphaned_files()
        manager.remove_orphaned_files()
    except Exception as error:  # noqa: BLE001 - logging out must never fail on this
        _log.warning("could not clear the session's downloads: %s", type(error).__name__)
