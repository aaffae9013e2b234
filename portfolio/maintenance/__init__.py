"""Running the store as a service: backup and restore (portable between SQLite and PostgreSQL), verify."""
