"""Danish and English messages of the FUT status feed."""

from __future__ import annotations

from portfolio.i18n import register_messages

MESSAGES: dict[str, tuple[str, str]] = {
    # parsing: the feed as a whole
    "feed.error.empty": ("Feedet er tomt.", "The feed is empty."),
    "feed.error.no_entries": ("Feedet indeholder ingen statusposter.", "The feed contains no status entries."),
    "feed.error.json": ("Feedet er ikke gyldig JSON: {error} (linje {line}, kolonne {column}).",
                        "The feed is not valid JSON: {error} (line {line}, column {column})."),
    "feed.error.json_shape": ("JSON-feedet skal være en liste af poster eller et objekt med en liste i \"entries\".",
                              "A JSON feed must be a list of entries or an object with a list in \"entries\"."),
    "feed.error.json_depth": ("Feedet er JSON, der er indlejret for dybt til at kunne læses. Intet er gemt.",
                              "The feed is JSON nested too deeply to be read. Nothing was stored."),
    "feed.error.unreadable": ("Feedet kan ikke læses som {kind}. Intet er gemt.",
                              "The feed cannot be read as {kind}. Nothing was stored."),
    "feed.error.not_a_feed": ("Det hentede er ikke et statusfeed: ingen af de kendte kolonner ({known}) findes.",
                              "What was fetched is not a status feed: none of the known columns ({known}) is there."),
    "feed.error.cpr_header": ("En kolonneoverskrift ligner et CPR-nummer; personoplysninger må ikke komme i porteføljen.",
                              "A column header looks like a CPR number; personal data must not enter the portfolio."),
    "feed.error.encoding": ("Feedet er ikke UTF-8-tekst.", "The feed is not UTF-8 text."),
    "feed.error.csv": ("CSV-filen kan ikke læses: {error}", "The CSV file cannot be read: {error}"),
    "feed.error.excel": ("Excel-filen kan ikke læses: {error}", "The Excel file cannot be read: {error}"),
    "feed.error.format": ("Ukendt filformat \"{name}\": brug JSON, CSV eller Excel (.xlsx).",
                          "Unknown file format \"{name}\": use JSON, CSV or Excel (.xlsx)."),
    "feed.error.missing_column": ("Kolonnen \"{column}\" mangler.", "The column \"{column}\" is missing."),
    "feed.error.unknown_column": ("Ukendt kolonne \"{column}\". Kendte kolonner: {known}.",
                                  "Unknown column \"{column}\". Known columns: {known}."),
    "feed.error.duplicate_column": ("Kolonnen \"{column}\" står der to gange.",
                                    "The column \"{column}\" appears twice."),
    # parsing: one entry
    "feed.error.not_object": ("Posten skal være et objekt med felterne component, date, phase, rag og note.",
                              "The entry must be an object with the fields component, date, phase, rag and note."),
    "feed.error.unknown_field": ("Ukendt felt \"{name}\". Kendte felter: {known}.",
                                 "Unknown field \"{name}\". Known fields: {known}."),
    "feed.error.required": ("Feltet mangler eller er tomt.", "The field is missing or empty."),
    "feed.error.type": ("Forkert type: forventede {expected}, fik {got}.",
                        "Wrong type: expected {expected}, got {got}."),
    "feed.error.date": ("\"{value}\" er ikke en dato (brug ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ).",
                        "\"{value}\" is not a date (use YYYY-MM-DD or DD-MM-YYYY)."),
    "feed.error.future": ("Datoen {value} ligger i fremtiden (i dag er {today}).",
                          "The date {value} is in the future (today is {today})."),
    "feed.error.phase": ("Ukendt fase \"{value}\". Brug udvikling, overtagelsesprøve, pilot eller drift.",
                         "Unknown phase \"{value}\". Use development, acceptance test, pilot or production."),
    "feed.error.rag": ("Ukendt status \"{value}\". Brug grøn, gul eller rød.",
                       "Unknown status \"{value}\". Use green, amber or red."),
    "feed.error.too_long": ("Teksten er for lang ({length} tegn, højst {limit}).",
                            "The text is too long ({length} characters, at most {limit})."),
    "feed.error.cpr": ("Teksten ligner et CPR-nummer; personoplysninger må ikke komme i porteføljen.",
                       "The text looks like a CPR number; personal data must not enter the portfolio."),
    "feed.error.unknown_component": (
        "Ukendt komponent \"{value}\". Kun en administrator kan oprette komponenter (i appen). Kendte: {known}.",
        "Unknown component \"{value}\". Only an admin can add components (in the app). Known: {known}."),
    "feed.error.too_many": ("{count} poster er for mange (højst {limit}).",
                            "{count} entries are too many (at most {limit})."),
    # fetching
    "feed.error.url_scheme": ("Kun http- og https-adresser kan hentes: {url}",
                              "Only http and https URLs can be pulled: {url}"),
    "feed.error.unreachable": ("{url} kan ikke nås efter {attempts} forsøg: {error}",
                               "{url} cannot be reached after {attempts} attempts: {error}"),
    "feed.error.timeout": ("{url} svarede ikke inden for {timeout} sekunder ({attempts} forsøg).",
                           "{url} did not answer within {timeout} seconds ({attempts} attempts)."),
    "feed.error.http": ("{url} svarede med HTTP {status} {reason}.", "{url} answered HTTP {status} {reason}."),
    "feed.error.http_retry": ("{url} svarede med HTTP {status} {reason} efter {attempts} forsøg.",
                              "{url} answered HTTP {status} {reason} after {attempts} attempts."),
    "feed.error.too_large": ("Feedet fra {url} er større end grænsen på {limit} bytes.",
                             "The feed from {url} is larger than the limit of {limit} bytes."),
    "feed.error.redirect": ("{url} viderestiller til en anden adresse ({target}); det følges ikke.",
                            "{url} redirects to another address ({target}); that is not followed."),
    "feed.error.redirects": ("{url} viderestiller mere end {limit} gange.", "{url} redirects more than {limit} times."),
    "feed.error.address": ("{url} peger på serverens eget netværk (loopback, link-local eller privat adresse), "
                           "men den konfigurerede adresse gør ikke; der hentes ikke.",
                           "{url} points into the server's own network (a loopback, link-local or private "
                           "address) while the configured URL does not; nothing is fetched."),
    "feed.error.deadline": ("{url} sendte ikke hele feedet inden for {deadline} sekunder ({attempts} forsøg).",
                            "{url} did not send the whole feed within {deadline} seconds ({attempts} attempts)."),
    "feed.error.no_url": ("Der er ikke konfigureret nogen feed-adresse (sæt FUT_FEED_URL).",
                          "No feed URL is configured (set FUT_FEED_URL)."),
    "feed.error.file": ("Filen kan ikke læses: {path} ({error})", "The file cannot be read: {path} ({error})"),
    "feed.error.file_too_large": ("Filen {path} er større end grænsen på {limit} bytes.",
                                  "The file {path} is larger than the limit of {limit} bytes."),
    # outcomes
    "feed.result.imported": ("{new} nye statusposter gemt fra {source}.",
                             "{new} new status entries stored from {source}."),
    "feed.result.unchanged": ("Intet nyt fra {source}; alle poster var allerede gemt.",
                              "Nothing new from {source}; every entry was already stored."),
    "feed.result.not_modified": ("Intet nyt fra {source} (uændret siden sidste hentning).",
                                 "Nothing new from {source} (not modified since the last pull)."),
    "feed.result.rejected": ("Feedet fra {source} blev afvist; intet er gemt. {count} problem(er):",
                             "The feed from {source} was refused; nothing was stored. {count} problem(s):"),
    "feed.problem.entry": ("Post {entry}", "Entry {entry}"),
    # the infrastructure page's panel
    "feed.panel.title": ("Statusfeed fra FUT", "FUT status feed"),
    "feed.panel.upload": ("Indlæs et statusfeed fra en fil (JSON, CSV eller Excel)", "Upload a status feed (JSON, CSV or Excel)"),
    "feed.panel.import": ("Indlæs fil", "Import file"),
    "feed.panel.no_file": ("Vælg først en fil.", "Choose a file first."),
    "feed.panel.pull": ("Hent nu", "Pull now"),
    "feed.panel.pull_from": ("Konfigureret feed: {url}", "Configured feed: {url}"),
    "feed.panel.last_pull": ("Sidst hentet {at}: {outcome}", "Last pulled {at}: {outcome}"),
    "feed.panel.no_url": (
        "Der er ikke konfigureret nogen feed-adresse, så der kan ikke hentes automatisk. "
        "En administrator kan sætte miljøvariablen FUT_FEED_URL.",
        "No feed URL is configured, so nothing can be pulled. An administrator can set the environment "
        "variable FUT_FEED_URL."),
    "feed.panel.stale": ("Ingen status i mere end {days} dage (pr. {as_of}):",
                         "No status for more than {days} days (as of {as_of}):"),
    "feed.panel.stale_never": ("{name}: aldrig rapporteret", "{name}: never reported"),
    "feed.panel.stale_since": ("{name}: senest {date} ({days} dage siden)", "{name}: last {date} ({days} days ago)"),
    "feed.panel.all_fresh": ("Alle komponenter har en status fra de seneste {days} dage.",
                             "Every component has a status from the last {days} days."),
    "feed.history.title": ("Historik pr. komponent", "History per component"),
    "feed.history.empty": ("Ingen statusposter endnu.", "No status entries yet."),
    "feed.col.component": ("Komponent", "Component"),
    "feed.col.date": ("Dato", "Date"),
    "feed.col.phase": ("Fase", "Phase"),
    "feed.col.rag": ("Status", "Status"),
    "feed.col.note": ("Note", "Note"),
    "feed.col.pilot_forecast": ("Pilot (prognose)", "Pilot (forecast)"),
    "feed.col.production_forecast": ("Drift (prognose)", "Production (forecast)"),
    "feed.col.source": ("Kilde", "Source"),
    "feed.col.recorded_at": ("Hentet", "Fetched at"),
    "feed.col.problem": ("Problem", "Problem"),
    "feed.col.entry": ("Post", "Entry"),
    "feed.col.field": ("Felt", "Field"),
}

_registered = False


def ensure_registered() -> None:
    """Register once per process (register_messages refuses keys defined twice)."""
    global _registered
    if not _registered:
        from portfolio.i18n import MESSAGES as ALL

        if "feed.error.empty" not in ALL:
            register_messages(MESSAGES)
        _registered = True


ensure_registered()
