"""The app as a web service: `streamlit run serve.py` (what `make run`, deploy/ and the browser tests start).

It serves app.py exactly as `streamlit run app.py` would, with the app's own routes and middleware in front
(ui/web.py): /healthz, the login cookie that survives a reload, and the security headers.
"""

from streamlit.starlette import App

from ui.web import middleware, mount, routes

mount()
app = App("app.py", routes=routes(), middleware=middleware())
