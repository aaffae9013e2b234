"""Danish and English messages of backup, restore and verify."""

from __future__ import annotations

from portfolio.i18n import register_messages

MESSAGES: dict[str, tuple[str, str]] = {
    "svc.backup.not_initialised": ("Databasen er ikke oprettet; der er intet at tage backup af.", "The store has not been initialised; there is nothing to back up."),
    "svc.backup.done": ("Backup skrevet: {path} (skema {revision}, {tables} tabeller, {rows} rækker, kontrolsum {checksum}).", "Backup written: {path} (schema {revision}, {tables} tables, {rows} rows, checksum {checksum})."),
    "svc.backup.cannot_write": ("Backuppen kunne ikke skrives til {path}: {error}", "The backup could not be written to {path}: {error}"),
    "svc.restore.not_a_backup": ("Filen er ikke en backup fra portfolio backup.", "The file is not a backup made by portfolio backup."),
    "svc.restore.missing": ("Filen {path} findes ikke.", "The file {path} does not exist."),
    "svc.restore.format_version": ("Backuppen har formatversion {version}, som denne version ikke kan læse.", "The backup has format version {version}, which this version cannot read."),
    "svc.restore.checksum": ("Backuppen er beskadiget: kontrolsummen for {table} passer ikke. Intet er gendannet.", "The backup is damaged: the checksum of {table} does not match. Nothing was restored."),
    "svc.restore.unknown_revision": ("Backuppen har skema {revision}, som denne version ikke kender (er den fra en nyere version?). Intet er gendannet.", "The backup has schema {revision}, which this version does not know (is it from a newer version?). Nothing was restored."),
    "svc.restore.not_empty": ("Databasen er ikke tom (tabellen {table} har data). Gendan kun til en ny, tom database. Intet er ændret.", "The store is not empty (table {table} holds data). Restore only into a new, empty store. Nothing was changed."),
    "svc.restore.other_revision": ("Databasen har skema {current}, backuppen {revision}. Gendan til en ny, tom database.", "The store has schema {current}, the backup {revision}. Restore into a new, empty store."),
    "svc.restore.schema_mismatch": ("Tabellen {table} i backuppen passer ikke til databasens skema. Intet er gendannet.", "The table {table} of the backup does not fit the store's schema. Nothing was restored."),
    "svc.restore.done": ("Gendannet: {tables} tabeller, {rows} rækker; databasen har nu skema {revision}.", "Restored: {tables} tables, {rows} rows; the store now has schema {revision}."),
    "svc.verify.ok": ("Databasen er i orden: integritet, {foreign_keys} fremmednøgler, {plan_versions} planversioner og deres kontrolsummer, {audit_chain} hændelser i revisionsloggens kæde.", "The store is sound: integrity, {foreign_keys} foreign keys, {plan_versions} plan versions and their checksums, {audit_chain} events in the audit log's chain."),
    "svc.verify.failed": ("Databasen har {count} fejl:", "The store has {count} problems:"),
    "svc.verify.more": ("… og flere af samme slags.", "… and more of the same kind."),
    "svc.verify.integrity": ("Databasens integritetstjek: {detail}", "The database's integrity check: {detail}"),
    "svc.verify.orphans": ("{count} rækker i {table} ({columns}) peger på rækker i {parent}, som ikke findes.", "{count} rows of {table} ({columns}) point at rows of {parent} that do not exist."),
    "svc.verify.version_gap": ("Planversion {id} har nummer {version}, men nummer {expected} mangler.", "Plan version {id} is number {version}, but number {expected} is missing."),
    "svc.verify.version_incomplete": ("Planversion {id} er ufuldstændig: {milestones} milepæle og {inclusion_rows} inklusionsrækker, men importen indlæste {recorded_milestones} og {recorded_inclusion_rows}.", "Plan version {id} is incomplete: {milestones} milestones and {inclusion_rows} inclusion rows, but its import stored {recorded_milestones} and {recorded_inclusion_rows}."),
    "svc.verify.version_empty": ("Planversion {id} har hverken milepæle eller inklusionstal.", "Plan version {id} has neither milestones nor inclusion figures."),
    "svc.verify.checksum_malformed": ("Planversion {id} har ingen gyldig SHA-256-kontrolsum for sin fil.", "Plan version {id} has no valid SHA-256 checksum of its file."),
    "svc.verify.checksum_mismatch": ("Planversion {id}: filens kontrolsum er ikke den, importen registrerede i revisionsloggen.", "Plan version {id}: the file's checksum is not the one its import recorded in the audit log."),
    "svc.verify.checksum_unknown": ("Planversion {id}: filens kontrolsum er ikke registreret i revisionsloggen (ingen import af filen).", "Plan version {id}: the file's checksum is not recorded in the audit log (no import of the file)."),
    "svc.verify.audit_unchained": ("Revisionslog: hændelse {id} har ingen kædehash.", "Audit log: event {id} has no chain hash."),
    "svc.verify.audit_gap": ("Revisionslog: kæden er brudt før hændelse {id} (en hændelse er fjernet eller indsat).", "Audit log: the chain is broken before event {id} (an event was removed or inserted)."),
    "svc.verify.audit_changed": ("Revisionslog: hændelse {id} er ændret efter, den blev skrevet.", "Audit log: event {id} was changed after it was written."),
}

register_messages(MESSAGES)
