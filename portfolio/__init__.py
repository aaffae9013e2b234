"""telemed-portfolio: the domain. Importing it masks CPR numbers in every log record (see personal_data)."""

from portfolio.personal_data import install_log_guard as _install_log_guard

_install_log_guard()
