"""Streamlit glue shared by the pages: cached store access and the shared sidebar."""
