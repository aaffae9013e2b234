"""Who may see and change what: accounts, roles per landsdel, login with throttling, one permission check.

Every write path (page or CLI) calls :func:`portfolio.auth.permissions.authorize` with the acting
user's name; a refusal is :class:`portfolio.auth.permissions.PermissionDenied`.
"""
