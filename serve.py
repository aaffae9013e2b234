"""The app as a web service: `streamlit run serve.py` (what `make run`, deploy/ and the browser tests start).

It serves app.py exactly as `streamlit run app.py` would, with the app's own routes and middleware in front
(ui/web.py): /healthz, the login cookie that survives a reload, and the security headers.
"""

from streamlit.runtime.pages_manager import PagesManager
from streamlit.starlette import App

from ui.web import middleware, mount, routes

# app.py registers the pages with st.navigation. Until a script has called it, Streamlit takes the pages/ folder
# beside app.py for its old file-based navigation: the first run after a start (a shared link to /snapshots, say)
# would run that page without app.py's login gate and list the raw file names in the sidebar. Decided here, once,
# before the first session (Streamlit itself sets this flag to False at the first st.navigation call).
PagesManager.uses_pages_directory = False

mount()
app = App("app.py", routes=routes(), middleware=middleware())
