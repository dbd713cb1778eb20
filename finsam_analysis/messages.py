"""What the `finsam` command says to its user, in Swedish by default and in English with
`--lang en` or `FINSAM_LANG=en`: one place for every message a user reads outside the
reports (the reports' own words are in `present/labels.py`).

Part of the shared vocabulary, beside `errors.py`: `io` writes its problems in English, the
canonical form that code and tests match on, and a problem is put into the user's language
when it is shown (`problem_text`). A problem this catalogue does not know is shown as
written, never dropped.
"""

from __future__ import annotations

import os
import re

LANGUAGES = ("sv", "en")
ENV = "FINSAM_LANG"


def language() -> str:
    """The user's language: `FINSAM_LANG` (`sv` or `en`, also as `en_GB` and the like),
    Swedish when it is unset or unknown."""
    wanted = os.environ.get(ENV, "").strip().lower()[:2]
    return wanted if wanted in LANGUAGES else "sv"


def set_language(lang: str) -> None:
    """Use `lang` from now on, in this process and in the processes it starts."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {lang!r}")
    os.environ[ENV] = lang


MESSAGES: dict[str, dict[str, str]] = {
    "problems_one": {"sv": "1 problem i underlaget:", "en": "1 problem in the input:"},
    "problems_many": {"sv": "{n} problem i underlaget:", "en": "{n} problems in the input:"},
    "problems_more": {"sv": "  … och {n} till", "en": "  … and {n} more"},
    "line": {"sv": "rad {n}", "en": "line {n}"},
    "row": {"sv": "rad {n}", "en": "row {n}"},
    "column": {"sv": "kolumn {name}", "en": "column {name}"},
    "found": {"sv": "fann {value}", "en": "found {value}"},
    "expected": {"sv": "väntat: {what}", "en": "expected {what}"},
    "warning": {"sv": "varning: {text}", "en": "warning: {text}"},
    "ok": {"sv": "OK: {path}", "en": "OK: {path}"},
    "rows": {"sv": "  {file}: {n} rader", "en": "  {file}: {n} rows"},
    "teams": {"sv": "  team: {teams}", "en": "  teams: {teams}"},
    "made": {"sv": "{done} av {planned} rapporter gjorda i {out}",
             "en": "{done} of {planned} reports made in {out}"},
    "stopped": {"sv": "Stoppad av {signal}: ", "en": "Stopped by {signal}: "},
    "not_made": {"sv": "  INTE GJORDA (stoppad): {reports}",
                 "en": "  NOT MADE (stopped): {reports}"},
    "failed": {"sv": "  MISSLYCKADES {report}{where}: {error}",
               "en": "  FAILED {report}{where}: {error}"},
    "cell": {"sv": " (cell {n})", "en": " (cell {n})"},
    "open": {"sv": "Öppna {path}", "en": "Open {path}"},
    "policy_periods": {
        "sv": "Perioder enligt policyn (uppgifter till och med {last}): {periods}, med "
              "översikten.",
        "en": "The policy's periods (data until {last}): {periods}, with the overview."},
    "stopped_short": {"sv": "finsam: stoppad", "en": "finsam: stopped"},
    "no_age_split": {"sv": "finsam: --by age: bara tabellerna {tables} finns per ålder",
                     "en": "finsam: --by age: only the tables {tables} come by age"},
    "not_a_date": {"sv": "finsam: --date {value} är inget datum (ÅÅÅÅ-MM-DD)",
                   "en": "finsam: --date {value} is not a date (YYYY-MM-DD)"},
    "internal_error": {
        "sv": "finsam: internt fel ({error}). Rapportera det gärna; FINSAM_DEBUG=1 visar "
              "detaljerna.",
        "en": "finsam: internal error ({error}). Please report it; FINSAM_DEBUG=1 shows the "
              "details."},
    "disclosure_failed": {
        "sv": "finsam: röjandekontrollen misslyckades, inga externa rapporter skrevs: {error}",
        "en": "finsam: the disclosure check failed, no external reports were written: "
              "{error}"},
    "pdf_skipped": {"sv": "finsam: {error} PDF hoppas över.",
                    "en": "finsam: {error} PDF skipped."},
}


def msg(key: str, lang: str | None = None, **values: object) -> str:
    """A message in the user's language, with `{placeholders}` filled from `values`."""
    entry = MESSAGES[key]
    return entry.get(lang or language(), entry["en"]).format(**values)


# --- problems in the input ------------------------------------------------------------------

PHRASES: dict[str, str] = {
    # config.yml
    "must be a name": "ska vara ett namn",
    "must be a number of places": "ska vara ett antal platser",
    "must be a percentage": "ska vara en procentsats",
    "must be true or false": "ska vara true eller false",
    "must be {name: …} or a name": "ska vara {name: …} eller ett namn",
    "must map time points to percentages": "ska ange procentsatser per tidpunkt",
    "unknown key": "okänd nyckel",
    "unknown setting": "okänd inställning",
    "unknown target": "okänt mål",
    "unknown time point": "okänd tidpunkt",
    "wrong type or value": "fel typ eller värde",
    "wrong value": "fel värde",
    "a whole number ≥ 0": "ett heltal ≥ 0",
    "a number ≥ 0": "ett tal ≥ 0",
    "sv or en": "sv eller en",
    "a number > 0 (årsplatser)": "ett tal > 0 (årsplatser)",
    # what is wrong
    "a value is required here": "ett värde krävs här",
    "not a valid date": "inget giltigt datum",
    "date out of range": "datum utanför rimliga gränser",
    "number too large": "för stort tal",
    "not a whole number": "inget heltal",
    "not a number": "inget tal",
    "unknown code": "okänd kod",
    "required column is missing": "en obligatorisk kolumn saknas",
    "not K or M: counted as unknown sex": "varken K eller M: räknas som okänt kön",
    "exit date before start date": "avslutsdatum före startdatum",
    "an exit (end_date set) needs an exit reason": "ett avslut (end_date ifyllt) kräver en "
                                                  "avslutsorsak",
    "exit reason given but no end_date": "avslutsorsak angiven men inget end_date",
    "work support given for an exit that is not to work; ignored":
        "stöd till arbete angivet för ett avslut som inte är till arbete; bortses från",
    "category given for an exit that is not 'other'; ignored":
        "kategori angiven för ett avslut som inte är 'annat'; bortses från",
    "impossible birth year": "omöjligt födelseår",
    "age at start outside 16–67": "ålder vid start utanför 16–67",
    "impossible time without work": "omöjlig tid utan arbete",
    "not a follow-up time point": "ingen uppföljningstidpunkt",
    "follow-up of a participant who has not exited": "uppföljning av en deltagare som inte "
                                                     "har avslutats",
    "outside the scale": "utanför skalan",
    "some items are missing and no total is given": "några delskalor saknas och ingen "
                                                    "totalpoäng är angiven",
    "no score: neither items nor a total": "ingen poäng: varken delskalor eller totalpoäng",
    "total is not the sum of the items": "totalpoängen är inte summan av delskalorna",
    "measurement before enrolment": "mätning före inskrivningen",
    "measurement long after exit": "mätning långt efter avslutet",
    "scale_max must be above scale_min": "scale_max måste vara större än scale_min",
    "not on the scale above its lowest answer": "inte på skalan ovanför dess lägsta svar",
    "unknown team": "okänt team",
    "team not in config.yml": "teamet finns inte i config.yml",
    "sex is only kept for participants; ignored": "kön sparas bara för deltagare; bortses "
                                                  "från",
    "no such question in survey_questions": "ingen sådan fråga i survey_questions",
    "question is not asked of this group": "frågan ställs inte till den här gruppen",
    "outside the question's scale": "utanför frågans skala",
    "outside the answers": "utanför svarsalternativen",
    "negative count": "negativt antal",
    "negative amount": "negativt belopp",
    "FTE out of range": "tjänstgöringsgrad utanför gränserna",
    "impossible birth year for a member of staff": "omöjligt födelseår för en anställd",
    "not a tertial or half-year": "varken tertial eller halvår",
    "answers without a question catalogue": "svar utan frågekatalog",
    "no such data directory": "ingen sådan datamapp",
    "no participants: the file has no rows below its header":
        "inga deltagare: filen har inga rader under rubrikraden",
    "no participants table": "ingen deltagartabell (participants)",
    "no such team": "inget sådant team",
    "no such participant in this team": "ingen sådan deltagare i det här teamet",
    "months outside the window": "månader utanför fönstret",
    "more than one decimal": "mer än en decimal",
    "an after-window for a participant still active": "ett efterfönster för en deltagare som "
                                                      "fortfarande är aktiv",
    "a participant's months in one window add up to more than 12":
        "en deltagares månader i ett fönster blir mer än 12",
    "a source without a unit value in config.yml": "en försörjningskälla utan enhetsvärde i "
                                                   "config.yml",
    "the window has not begun by the data's latest date": "fönstret har inte börjat vid "
                                                          "uppgifternas sista datum",
    "looks like a personnummer; this project never takes one — use a pseudonymous "
    "participant_id and remove the column or value":
        "ser ut som ett personnummer; projektet tar aldrig emot personnummer — använd ett "
        "pseudonymt participant_id och ta bort kolumnen eller värdet",
    "looks like a personnummer; a report never shows one": "ser ut som ett personnummer; en "
                                                           "rapport visar aldrig något",
    "looks like a personnummer; a config holds names and settings, never a personal "
    "identity number": "ser ut som ett personnummer; en config innehåller namn och "
                       "inställningar, aldrig personnummer",
    "too large for a config file": "för stor för en config-fil",
    "too large for a narrative": "för stor för en teamtext",
    "must be a mapping of keys to values": "måste vara nycklar med värden",
    "too many entries for a config": "för många poster för en config",
    "anchors and aliases (& and *) are not accepted in a config":
        "ankare och alias (& och *) tas inte emot i en config",
    "HTML in a narrative is not rendered: it is shown as text":
        "HTML i en teamtext återges inte: den visas som text",
    "an image from another address: a report must open without the network and shows no "
    "images from a narrative": "en bild från en annan adress: en rapport ska gå att öppna "
                               "utan nätverk och visar inga bilder ur en teamtext",
    "a quoted value is never closed: the quote opens here and the rest of the file would be "
    "read as one value": "ett citerat värde stängs aldrig: citattecknet börjar här och resten "
                         "av filen skulle läsas som ett enda värde",
    "the whole file in one encoding; save it again as UTF-8": "hela filen i en och samma "
                                                              "teckenkodning; spara den igen "
                                                              "som UTF-8",
    "no dates: the data's last date cannot be found": "inga datum: uppgifternas sista datum "
                                                      "går inte att hitta",
    # what was expected
    "a date YYYY-MM-DD that exists": "ett datum ÅÅÅÅ-MM-DD som finns",
    "a year between 1900 and 2100": "ett år mellan 1900 och 2100",
    "a number (decimal comma or point)": "ett tal (decimalkomma eller -punkt)",
    "a whole number": "ett heltal",
    "end_date on or after start_date": "end_date samma dag som eller efter start_date",
    "an end_date, or no exit reason while still active": "ett end_date, eller ingen "
                                                         "avslutsorsak så länge deltagaren "
                                                         "är aktiv",
    "empty unless exit_reason is work": "tomt om inte exit_reason är work (arbete)",
    "empty unless exit_reason is other": "tomt om inte exit_reason är other (annat)",
    "a year between 1900 and the start year": "ett år mellan 1900 och startåret",
    "an age of working life": "en ålder i arbetsför ålder",
    "years from 0 to 60": "år från 0 till 60",
    "an exited participant": "en avslutad deltagare",
    "the sum of the four items": "summan av de fyra delskalorna",
    "on or after start_date": "samma dag som eller efter start_date",
    "scale_min < scale_max": "scale_min < scale_max",
    "a number on the question's scale, or empty for no answer": "ett tal på frågans skala, "
                                                                "eller tomt för inget svar",
    "empty for this respondent group": "tomt för den här respondentgruppen",
    "a question_id of survey_questions": "ett question_id ur survey_questions",
    "the question's respondent_group in survey_questions": "frågans respondent_group i "
                                                           "survey_questions",
    "an answer on the scale": "ett svar på skalan",
    "0 or more": "0 eller mer",
    "0 or more (SEK)": "0 eller mer (kronor)",
    "a share of full time above 0 and at most 1 (0,5 = half time)":
        "en andel av heltid över 0 och högst 1 (0,5 = halvtid)",
    "a year that makes the person 15 to 90 years old on valid_from":
        "ett år som gör personen 15 till 90 år gammal vid valid_from",
    "a tertial (2021T1) or half-year (2021H1)": "en tertial (2021T1) eller ett halvår "
                                                "(2021H1)",
    "1 (best) to 5 (worst), or empty": "1 (bäst) till 5 (sämst), eller tomt",
    "no personal identity numbers": "inga personnummer",
    "never a personal identity number": "aldrig ett personnummer",
    "team ids that differ in their letters or digits": "team-id som skiljer sig i bokstäver "
                                                       "eller siffror",
    "survey_questions.csv beside it": "survey_questions.csv bredvid",
    "one row per enrolment": "en rad per inskrivning",
    "participants.csv, participants.xlsx or participants.parquet":
        "participants.csv, participants.xlsx eller participants.parquet",
    "0 to 12 months": "0 till 12 månader",
    "months with at most one decimal, e.g. 3,5": "månader med högst en decimal, t.ex. 3,5",
    "a participant_id of participants": "ett participant_id ur participants",
    "only before while the participant has no end_date": "bara before (före) så länge "
                                                         "deltagaren saknar end_date",
    "at most 12 months a window": "högst 12 månader per fönster",
    "the source under socioeconomic.unit_values in config.yml":
        "källan under socioeconomic.unit_values i config.yml",
    "key: value lines, indented with spaces": "rader med nyckel: värde, indragna med "
                                              "mellanslag",
    "each key once": "varje nyckel en gång",
    "each value written out": "varje värde utskrivet",
    "Markdown (## headings, lists, *emphasis*, [links](https://…))":
        "Markdown (## rubriker, listor, *betoning*, [länkar](https://…))",
    "no ![…](http…) images; describe it in words or link to it":
        "inga ![…](http…)-bilder; beskriv bilden i ord eller länka till den",
    "one column of that name: remove or rename the other": "en kolumn med det namnet: ta "
                                                           "bort eller byt namn på den andra",
    "one column for it: remove or rename the other": "en kolumn för det: ta bort eller byt "
                                                     "namn på den andra",
    'a closing " (or no quote at the start of the value)': 'ett avslutande " (eller inget '
                                                           'citattecken i början av värdet)',
}

PATTERNS: list[tuple[str, str]] = [
    (r"column header (?P<rest>looks like a personnummer.*)", "kolumnrubriken {rest}"),
    (r"two columns mean (?P<name>.+)", "två kolumner betyder {name}"),
    (r"two columns named (?P<name>.+) \(after removing spaces\)",
     "två kolumner heter {name} (när mellanslagen runt namnen tas bort)"),
    (r"(?P<n>\d+) columns named (?P<name>.+) \(after removing spaces\)",
     "{n} kolumner heter {name} (när mellanslagen runt namnen tas bort)"),
    (r"duplicate (?P<what>.+): the same as row (?P<row>\d+)",
     "dubblett ({what}): samma som rad {row}"),
    (r"duplicate support row \(same participant, window and source\): the same as row "
     r"(?P<row>\d+)", "dubblett av försörjningsrad (samma deltagare, fönster och källa): "
                      "samma som rad {row}"),
    (r"(?P<key>.+) unique", "{key} unika"),
    (r"a column (?P<name>\S+) \(or a Swedish header such as (?P<header>.+)\)",
     "en kolumn {name} (eller en svensk rubrik som {header})"),
    (r"a column (?P<name>\S+)", "en kolumn {name}"),
    (r"a number below (?P<n>[\d ]+)", "ett tal under {n}"),
    (r"at most (?P<n>\d+) days after end_date", "högst {n} dagar efter end_date"),
    (r"at most (?P<n>\d+) KB", "högst {n} kB"),
    (r"all four items \((?P<items>.+)\) or a total",
     "alla fyra delskalorna ({items}) eller en totalpoäng"),
    (r"this row has (?P<saw>\d+) values but the header has (?P<want>\d+) columns",
     "raden har {saw} värden men rubrikraden har {want} kolumner"),
    (r"(?P<want>\d+) values separated by (?P<sep>.+)", "{want} värden åtskilda av {sep}"),
    (r"more than one file for the table (?P<table>\S+); keep one of them",
     "mer än en fil för tabellen {table}; behåll en av dem"),
    (r"mixes two text encodings: line (?P<a>\d+) is UTF-8 and line (?P<b>\d+) is "
     r"Windows-1252", "blandar två teckenkodningar: rad {a} är UTF-8 och rad {b} är "
                      "Windows-1252"),
    (r"could not be read: (?P<why>.+)", "kunde inte läsas: {why}"),
    (r"not valid YAML: (?P<why>.+)", "inte giltig YAML: {why}"),
    (r"(?P<key>.+) is given twice \(line (?P<a>\d+) and line (?P<b>\d+)\); only one can hold",
     "{key} anges två gånger (rad {a} och rad {b}); bara en kan gälla"),
    (r"two team ids would share the file name of their reports \((?P<slug>.+)\): they "
     r"differ only in case, accents or punctuation",
     "två team-id skulle få samma filnamn för sina rapporter ({slug}): de skiljer sig bara "
     "i versaler, accenter eller skiljetecken"),
    (r"exit \+ (?P<n>\d+) months on or before (?P<date>\S+)",
     "avslut + {n} månader senast {date}"),
    # what `finsam validate` says about narratives/
    (r"(?P<where>\S+?):(?P<line>\d+): heading (?P<heading>.+) is not one of the nine fields "
     r"or Sammanfattning; shown in the report's introduction",
     "{where}:{line}: rubriken {heading} är inte något av de nio fälten eller "
     "Sammanfattning; visas i rapportens inledning"),
    (r"(?P<where>\S+?):(?P<line>\d+): heading (?P<heading>.+) is not one of the nine fields "
     r"or Sammanfattning; shown under Övrigt at the end of the report",
     "{where}:{line}: rubriken {heading} är inte något av de nio fälten eller "
     "Sammanfattning; visas under Övrigt sist i rapporten"),
    (r"narratives/(?P<folder>.+)/: no team (?P<team>.+) in the data; its texts are not used",
     "narratives/{folder}/: inget team {team} i uppgifterna; texterna används inte"),
    (r"(?P<where>.+): the file name is not a period \(e\.g\. 2021H2\.md, 2021-22\.md\); it "
     r"is not used", "{where}: filnamnet är ingen period (t.ex. 2021H2.md, 2021-22.md); "
                     "filen används inte"),
]
_COMPILED = [(re.compile(p, re.S), out) for p, out in PATTERNS]


def translate(phrase: str | None, lang: str | None = None) -> str | None:
    """A problem's message or expectation in the user's language (as written when the
    catalogue does not know it)."""
    if phrase is None or (lang or language()) == "en":
        return phrase
    found = PHRASES.get(phrase)
    if found is not None:
        return found
    for pattern, out in _COMPILED:
        m = pattern.fullmatch(phrase)
        if m:
            return out.format(**{k: translate(v, lang) if k == "rest" else v
                                 for k, v in m.groupdict().items()})
    return phrase


def problem_text(file: str, message: str, row: int | None = None, column: str | None = None,
                 value: str | None = None, expected: str | None = None,
                 line: int | None = None, lang: str | None = None) -> str:
    """One problem as the user reads it: `file, row 3, column sex: message (found 'x';
    expected …)`, in the user's language."""
    lang = lang or language()
    where = file
    if line is not None:
        where += ", " + msg("line", lang, n=line)
    if row is not None:
        where += ", " + msg("row", lang, n=row)
    if column is not None:
        where += ", " + msg("column", lang, name=column)
    text = f"{where}: {translate(message, lang)}"
    expected = translate(expected, lang)
    if value is not None:
        text += " (" + msg("found", lang, value=repr(value))
        text += "; " + msg("expected", lang, what=expected) + ")" if expected else ")"
    elif expected:
        text += " (" + msg("expected", lang, what=expected) + ")"
    return text
