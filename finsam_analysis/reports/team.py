"""What the report notebooks call: each method shows one part of a report.

The notebooks stay thin — parameters, headings and one call per part — and everything that
decides what a reader sees lives here, tested like the rest of the package. Each method
displays HTML tables (through `report.report_tables`: labelled, formatted and, for external
readers, suppressed together) and figures, followed by the team's own text for that field.
"""

from __future__ import annotations

import datetime as dt
import os
from html import escape

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, display

from .. import __version__
from ..io.dataset import Dataset
from ..io.load import load_data
from ..io.names import team_slug
from ..io.narratives import COLUMNS, FIELDS, ROWS, load_narrative
from ..measures import ors as ors_mod
from ..measures import surveys as sv
from ..periods import parse_period
from ..present import plots
from ..present.equality import Equality, EqualityRow, rule_text
from ..present.labels import label, text
from ..present.narrative import narrative_html
from ..present.tables import MISSING, Presented, format_percent, present_survey, to_html
from . import headlines
from .report import (
    ASSOCIATION,
    load_run,
    previous_tables,
    protect_reports,
    report_tables,
    with_previous,
)

KIND_NAMES = {"year": "Årsrapport", "half": "Halvårsrapport", "fullyear": "Helårsrapport",
              "tertial": "Tertialrapport", "range": "Rapport"}


def report_date() -> str:
    """The date on the title page: today, or `SOURCE_DATE_EPOCH` for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else dt.date.today()
    return day.isoformat()


def show_html(html: str) -> None:
    display(HTML(html))


def show_table(presented: Presented) -> None:
    show_html(to_html(presented))


def show_figure(fig: plt.Figure) -> None:
    display(plots.Chart(fig))


def no_data(what: str) -> None:
    show_html(f'<p class="finsam-nodata">{escape(what)}</p>')


def markdown_html(markdown_text: str) -> str:
    """A team's Markdown as safe HTML (no raw HTML, links to http(s)/mailto only, no images):
    see `present/narrative.py`."""
    return narrative_html(markdown_text)


class TeamReport:
    """One team's report for one period (the nine-field model).

    `audience="external"` (the default) hides ids, single people's lines and small counts;
    `"internal"` is for the team itself.
    """

    def __init__(self, data_dir: str, team: str, period: str, audience: str = "external",
                 compare_periods: int = 3, language: str = "sv", protection: str = ""):
        if audience not in ("external", "internal"):
            raise ValueError(f"audience must be 'external' or 'internal', not {audience!r}")
        plots.use_style()
        self.all: Dataset = load_data(data_dir)
        self.data: Dataset = self.all.for_team(team)
        self.team, self.period = team, parse_period(period)
        self.audience, self.language = audience, language
        self.external = audience == "external"
        self.settings = self.all.config.settings
        self.run = load_run(protection) if protection and self.external else None
        if self.external and self.run is None:  # this report alone, with its previous period
            self.run = protect_reports(self.all, with_previous([(team, self.period.name)]),
                                       compare_periods)
        self.tables = report_tables(self.data, self.period, audience, language,
                                    compare_periods, self.run)
        self.before = previous_tables(self.data, self.period, audience, language,
                                      compare_periods, self.run)
        self.narrative = load_narrative(data_dir, team, self.period)
        self.survey_year = sv.survey_year_for(self.period)

    # --- the frame of the report ---------------------------------------------------------

    def title_page(self) -> None:
        c = self.all.config
        kind = KIND_NAMES.get(self.period.kind, "Rapport")
        reader = ("Extern rapport: utan personuppgifter, små tal dolda" if self.external
                  else "Intern rapport: endast för teamet, innehåller uppgifter om enskilda")
        example = (f'<p class="finsam-example">{escape(text("example_data"))}</p>'
                   if c.example_data else "")
        name = self.data.team_name(self.team)
        ident = (f'<p class="team-id">Team-id i underlaget: <code>{escape(self.team)}</code></p>'
                 if name != self.team or team_slug(self.team) != self.team else "")
        show_html(
            f'<div class="finsam-title"><p class="association">{escape(c.association)}</p>'
            f"<h1>{escape(name)}</h1>{ident}"
            f"<p><strong>{kind} {escape(self.period.name)}</strong> "
            f"({escape(self.period.label)})</p>"
            f"<p>{reader}</p><p>Framtagen {report_date()} med finsam-analysis {__version__}</p>"
            f"{example}</div>")
        display(self.goals)

    @property
    def goals(self):
        """Måluppfyllelse: each target beside the shares of women, men and all, with the
        numbers, the previous period and whether it is met (`headlines.goals`)."""
        return headlines.goals(self.tables, self.before, self.settings, self.language)

    @property
    def equality(self):
        """The gender-equality analysis: women − men for every headline share
        (`headlines.equality`)."""
        return headlines.equality(self.tables, self.settings, self.language)

    def summary(self) -> None:
        """Key figures by sex, taken from the report's own tables (so they hide what the
        tables hide), and the team's summary."""
        p = self.tables.presented
        rows = {}
        out = p["outcomes"].frame
        rows["Aktiva under perioden"] = out[label("outcome", "active")]
        rows["Avslut"] = out[label("outcome", "exits")]
        rows["Positivt utfall, andel av avslut utan dropouts"] = out[label("outcome",
                                                                           "positive_share")]
        if "change" in p:
            ch = p["change"].frame
            rows["ORS: återhämtade"] = ch[label("ors", "recovered_share")]
            rows["ORS: tillförlitligt förbättrade"] = ch[label("ors", "improved_share")]
        if "compliance" in p:
            rows["Följer ORS-policyn"] = p["compliance"].frame[label("ors", "ors_compliant_share")]
        frame = pd.DataFrame(rows).T
        frame.index.name = "Nyckeltal"
        show_table(Presented(frame, "Nyckeltal för perioden", p["outcomes"].legend))
        self._narrative("summary", "Sammanfattning")
        display(self.equality)

    def contents_note(self) -> None:
        show_html('<p class="finsam-nodata">Rapporten följer niofältsmodellen: deltagarna, '
                  "personalen och organisationen, var och en före (förutsättningar), under "
                  "(genomförande och process) och efter (resultat och effekter).</p>")

    # --- the nine fields --------------------------------------------------------------------

    def field(self, row: str, column: str) -> None:
        """Show one of the nine fields: its numbers and figures, then the team's text."""
        if row not in dict(ROWS) or column not in dict(COLUMNS):
            raise ValueError(f"no field {row}/{column}: rows {list(dict(ROWS))}, "
                             f"columns {list(dict(COLUMNS))}")
        getattr(self, f"_{row}_{column}")()
        self._narrative(f"{row}_{column}", dict(FIELDS)[f"{row}_{column}"])

    def _deltagarna_forutsattningar(self) -> None:
        p = self.tables.presented
        show_table(p["profile"])
        show_table(p["age"])
        show_table(p["referrer"])

    def _deltagarna_genomforande(self) -> None:
        p = self.tables.presented
        if "compliance" not in p:
            no_data("Inga ORS- eller SRS-mätningar finns i underlaget (tabellerna ors och srs).")
            return
        show_table(p["compliance"])
        if self.data.ors is not None:
            traj = ors_mod.trajectory(self.data.participants, self.data.ors, self.period)
            ax = plots.plot_trajectory(traj, cutoff=self.settings.ors_cutoff_adult,
                                       min_n=self.settings.min_base)
            show_figure(ax.figure)
            if not self.external:
                lines = ors_mod.participant_lines(self.data.participants, self.data.ors,
                                                  self.period)
                show_figure(plots.plot_participant_lines(
                    lines, cutoff=self.settings.ors_cutoff_adult).figure)

    def _deltagarna_resultat(self) -> None:
        p = self.tables.presented
        show_table(p["outcomes"])
        self._trend_figure()
        show_table(p["trend"])
        show_table(p["background"])
        if "targets" in p:
            show_html(f'<p class="finsam-nodata">{escape(text("goals_see_first"))}</p>')
        show_table(p["exit_other"])
        show_table(p["work_support"])
        if "followups" in p:
            show_table(p["followups"])
        else:
            no_data("Uppföljningar efter avslut (tabellen followups) saknas i underlaget.")
        if "change" in p:
            show_table(p["change"])
            table = self.tables.tables["change"]
            if not self.external or (table["with_two_or_more"] >= self.settings.min_base).all():
                show_figure(plots.plot_change_classes(table).figure)
        self._health()
        self._survey("participant")
        self._survey("participant_exit")

    def _health(self) -> None:
        p = self.tables.presented
        if "health" not in p:
            no_data("Hälsoenkäten (tabellen health) saknas i underlaget.")
            return
        show_table(p["health"])
        if "health_6m" in p:
            show_table(p["health_6m"])
        means = self.tables.tables["health_questions"]
        if (means["n"] > 0).any():
            show_figure(plots.plot_health_questions(
                means, min_n=self.settings.min_base if self.external else 1).figure)

    def _personalen_forutsattningar(self) -> None:
        p = self.tables.presented
        if "staff_role" not in p:
            no_data("Uppgifter om personalens sammansättning (tabellen staff) saknas i "
                    "underlaget.")
            return
        show_table(p["staff_change"])
        show_table(p["staff_role"])
        show_table(p["staff_age"])

    def _personalen_genomforande(self) -> None:
        self._survey("staff")

    def _personalen_resultat(self) -> None:
        self._survey_dots("staff")

    def _organisationen_forutsattningar(self) -> None:
        p = self.tables.presented
        if "budget" not in p:
            no_data("Uppgifter om budget (tabellen budget) saknas i underlaget.")
            return
        show_table(p["budget"])
        # the budget table's own figures as bars: on screen only, the print keeps its pages
        display(plots.Chart(plots.plot_budget(self.tables.tables["budget"]).figure,
                            screen_only=True))

    def _organisationen_genomforande(self) -> None:
        self._survey("referrer")
        self._response_rates()

    def _organisationen_resultat(self) -> None:
        p = self.tables.presented
        if "cost" not in p:
            no_data("Kostnad per deltagare och per positivt utfall kräver budgetuppgifter "
                    "(tabellen budget), som saknas i underlaget.")
            return
        show_table(p["cost"])

    def socioeconomic(self) -> None:
        """The socio-economic follow-up (samhällsnytta): payback time beside the target, the
        effect per actor, the means of support before and after (reports/socioeconomic.py)."""
        from . import socioeconomic as sek

        sek.show(sek.section(self.data, self.period, self.audience, self.language),
                 self.language)

    # --- parts --------------------------------------------------------------------------------

    def _trend_figure(self) -> None:
        display(plots.share_trend(self.tables.presented["trend"], language=self.language,
                                  min_base=self.settings.min_base))

    def _survey_ok(self, group: str) -> bool:
        r, q = self.all.survey_responses, self.all.survey_questions
        if r is None or q is None:
            no_data("Indikatorenkäterna (survey_questions, survey_responses) saknas i "
                    "underlaget.")
            return False
        have = r[(r["survey_year"] == self.survey_year) & (r["respondent_group"] == group)]
        if have.empty:
            no_data(f"{label('respondent_group', group)}: ingen enkät {self.survey_year}.")
            return False
        return True

    def _survey(self, group: str) -> None:
        if not self._survey_ok(group):
            return
        q, r = self.all.survey_questions, self.all.survey_responses
        comp = sv.comparison(q, r, self.survey_year, self.team)
        qs = q[q["respondent_group"] == group]
        title = text("survey_title", year=self.survey_year, group=label("respondent_group", group))
        p = present_survey(comp, q, group, self.audience, self.settings, self.language, title)
        p.legend = text("survey_note", lo=qs["scale_min"].min(), hi=qs["scale_max"].max(),
                        agree=qs["agree_from"].min(), min_base=self.settings.min_base) + \
            "\n" + p.legend
        show_table(p)
        dist = sv.answer_distribution(q, r, self.survey_year, group, self.team)
        if self.external:
            dist = dist[dist["answers"] >= self.settings.min_base]
        if not dist.empty:
            show_figure(plots.plot_likert(dist, title=f"{label('respondent_group', group)}: "
                                                      f"svarsfördelning {self.survey_year}").figure)

    def _survey_dots(self, group: str) -> None:
        if not self._survey_ok(group):
            return
        q, r = self.all.survey_questions, self.all.survey_responses
        comp = sv.comparison(q, r, self.survey_year, self.team)
        comp = comp[comp["respondent_group"] == group]
        ax = plots.plot_survey_dots(comp, min_answers=self.settings.min_base if self.external
                                    else 1, title=f"{label('respondent_group', group)}: teamet "
                                    f"jämfört med alla team och förra året")
        # the same shares as the survey's table: on screen only, the print keeps its pages
        display(plots.Chart(ax.figure, screen_only=True))

    def _response_rates(self) -> None:
        r = self.all.survey_responses
        if r is None:
            return
        rates = sv.response_rates(r, self.all.survey_invited, self.survey_year, self.team)
        if rates.empty:
            return
        frame = pd.DataFrame({
            label("survey", "respondents"): [MISSING if self.external and 1 <= n <=
                                             self.settings.suppression_threshold else str(n)
                                             for n in rates["respondents"]],
            label("survey", "invited"): [MISSING if pd.isna(n) else str(n)
                                         for n in rates["invited"]],
            label("survey", "rate"): [MISSING if pd.isna(v) else f"{v:.0f} %"
                                      for v in rates["rate"]],
        }, index=[label("respondent_group", g) for g in rates["respondent_group"]])
        frame.index.name = "Respondentgrupp"
        show_table(Presented(frame, text("rates_title", year=self.survey_year)))

    def _narrative(self, key: str, heading: str) -> None:
        body = self.narrative.fields.get(key)
        if body:
            show_html(f'<div class="finsam-narrative">{markdown_html(body)}'
                      f'<p class="who">Teamets text</p></div>')
        else:
            where = f"narratives/{self.narrative.path.parent.name}/{self.narrative.path.name}"
            show_html(f'<div class="finsam-placeholder">Teamet har inte skrivit något om '
                      f"”{escape(heading)}” för perioden ({escape(where)}).</div>")

    def introduction(self) -> None:
        """The team's own introduction (Inledning, Programteori, Verksamhetslogik … and any
        text before the first heading), before the fields; nothing when there is none."""
        self._sections(self.narrative.introduction, text("introduction_title", self.language))

    def other_text(self) -> None:
        """The team's text under headings that name no field (Övrigt), at the end; nothing
        when there is none."""
        self._sections(self.narrative.other, text("other_title", self.language))

    def _sections(self, sections: list, title: str) -> None:
        if not sections:
            return
        parts = [f"<h2>{escape(title)}</h2>"]
        for x in sections:
            if x.heading:
                parts.append(f"<h3>{escape(x.heading)}</h3>")
            if x.body:
                parts.append(f'<div class="finsam-narrative">{markdown_html(x.body)}'
                             f'<p class="who">{escape(text("narrative_who", self.language))}'
                             "</p></div>")
            else:
                parts.append('<div class="finsam-placeholder">Rubriken finns i teamets text '
                             "men har inget innehåll.</div>")
        show_html("".join(parts))

    def co_assessor(self) -> None:
        """The external co-assessor's comments (extern medbedömare)."""
        if self.narrative.co_assessor:
            show_html(f'<div class="finsam-narrative">{markdown_html(self.narrative.co_assessor)}'
                      f'<p class="who">Extern medbedömare</p></div>')
        else:
            show_html('<div class="finsam-placeholder">Ingen extern medbedömning finns för '
                      "perioden.</div>")

    def about(self) -> None:
        """How the numbers are made, in a few sentences, and the settings used."""
        s = self.settings
        if self.external:
            small = escape(text("legend_suppressed_full", threshold=s.suppression_threshold,
                                min_base=s.min_base))
        else:
            small = "Intern rapport: inga tal är dolda. ”..” betyder att en uppgift saknas."
        small += (" ”.” betyder att uppgiften inte kan förekomma: en andel eller ett "
                  "medelvärde där det inte finns någon att dela med (till exempel andelen "
                  "positiva utfall när ingen har avslutats).")
        show_html(
            "<p>Gemensamma utfallsmått enligt samordningsförbundets policy: dropouts är "
            f"deltagare som avslutas inom {s.dropout_months} kalendermånader från start och "
            "räknas inte in i resultatet; positivt utfall är arbete, studier och annan "
            "arbetslivsinriktad rehabilitering, i procent av avslut utan dropouts. "
            "Genomströmningstid mäts från inskrivning till avslut i månader om 365,25/12 "
            "dagar. All statistik redovisas uppdelad på kön.</p>"
            f"<p>{small}</p>"
            "<p>Antaganden där policyn lämnar val öppna finns i docs/assumptions.md i "
            "finsam-analysis.</p>")


class Overview:
    """All teams of the association for one period, side by side, with the total and trend."""

    def __init__(self, data_dir: str, period: str, audience: str = "external",
                 anonymise: bool | None = None, compare_periods: int = 3,
                 language: str = "sv", protection: str = ""):
        plots.use_style()
        self.data = load_data(data_dir)
        self.period = parse_period(period)
        self.audience, self.language = audience, language
        self.external = audience == "external"
        self.settings = self.data.config.settings
        self.anonymise = self.settings.anonymise_teams if anonymise is None else anonymise
        self.compare_periods = compare_periods
        run = None
        if self.external:
            run = load_run(protection) if protection else protect_reports(
                self.data, with_previous([(t, self.period.name) for t in self.data.teams]
                                         + [(ASSOCIATION, self.period.name)]),
                compare_periods)
        self.run = run
        self.total = report_tables(self.data, self.period, audience, language, compare_periods,
                                   run)
        self.teams = {t: report_tables(self.data.for_team(t), self.period, audience, language,
                                       compare_periods, run) for t in self.data.teams}
        from ..measures.groups import anonymise_teams

        self.names = (anonymise_teams(self.data.teams) if self.anonymise
                      else {t: self.data.team_name(t) for t in self.data.teams})

    def title_page(self) -> None:
        c = self.data.config
        example = (f'<p class="finsam-example">{escape(text("example_data"))}</p>'
                   if c.example_data else "")
        anon = " Teamen visas avidentifierade som grupper." if self.anonymise else ""
        show_html(
            f'<div class="finsam-title"><p class="association">{escape(c.association)}</p>'
            f"<h1>Översikt, alla team</h1><p><strong>{escape(self.period.name)}</strong> "
            f"({escape(self.period.label)})</p><p>{len(self.teams)} team.{anon}</p>"
            f"<p>Framtagen {report_date()} med finsam-analysis {__version__}</p>{example}</div>")

    def association_total(self) -> None:
        p = self.total.presented
        show_table(p["outcomes"])
        show_table(p["trend"])
        display(plots.share_trend(p["trend"], language=self.language,
                                  min_base=self.settings.min_base))

    @property
    def goals(self):
        """Måluppfyllelse for the association: all teams together, women, men and all, with
        the previous period (`headlines.goals`)."""
        before = previous_tables(self.data, self.period, self.audience, self.language,
                                 self.compare_periods, self.run)
        return headlines.goals(self.total, before, self.settings, self.language)

    @property
    def equality(self):
        """Gender equality per team: the positive-outcome share of women and of men, the
        numbers each rests on and the difference, from each team's protected report; then
        the association's every headline share."""
        rows = [EqualityRow(self.names[team], *(headlines.positive(rep)[g] for g in "KM"))
                for team, rep in sorted(self.teams.items(), key=lambda kv: self.names[kv[0]])]
        rows.append(EqualityRow(text("association_total", self.language),
                                *(headlines.positive(self.total)[g] for g in "KM")))
        return Equality(rows, text("overview_equality_title", self.language),
                        rule_text(self.language), self.language,
                        first_column="Grupp" if self.anonymise else "Team")

    def teams_side_by_side(self) -> None:
        """Each team's key figures by sex, taken from its own (suppressed) report."""
        rows = {}
        for team, rep in sorted(self.teams.items(), key=lambda kv: self.names[kv[0]]):
            f = rep.presented["outcomes"].frame
            name = self.names[team]
            active = f[label("outcome", "active")]
            share = f[label("outcome", "positive_share")]
            rows[name] = {
                "Aktiva, kvinnor": active.get("Kvinnor", MISSING),
                "Aktiva, män": active.get("Män", MISSING),
                "Aktiva, totalt": active.get("Totalt", MISSING),
                "Avslut, totalt": f[label("outcome", "exits")].get("Totalt", MISSING),
                "Positivt utfall, kvinnor": share.get("Kvinnor", MISSING),
                "Positivt utfall, män": share.get("Män", MISSING),
                "Positivt utfall, totalt": share.get("Totalt", MISSING),
            }
        frame = pd.DataFrame(rows).T
        frame.index.name = "Grupp" if self.anonymise else "Team"
        show_table(Presented(frame, "Teamen sida vid sida",
                             self.total.presented["outcomes"].legend))

    def socioeconomic(self) -> None:
        """The association's socio-economic follow-up: all teams together, as in a team's
        report (reports/socioeconomic.py)."""
        from . import socioeconomic as sek

        sek.show(sek.section(self.data, self.period, self.audience, self.language),
                 self.language)

    def surveys_side_by_side(self) -> None:
        q, r = self.data.survey_questions, self.data.survey_responses
        if q is None or r is None:
            no_data("Indikatorenkäterna saknas i underlaget.")
            return
        year = sv.survey_year_for(self.period)
        if year not in set(r["survey_year"]):
            no_data(f"Ingen indikatorenkät {year}.")
            return
        comp = sv.team_comparison(q, r, year, self.anonymise,
                                  names={t: self.data.team_name(t) for t in self.data.teams})
        comp = comp[comp["respondent_group"] == "participant"]
        values = comp.pivot(index="team", columns="indicator", values="agree_share")
        counts = comp.pivot(index="team", columns="indicator", values="answers")
        frame = values.copy().astype(object)
        for idx in values.index:
            for col in values.columns:
                n = counts.at[idx, col]
                hidden = self.external and (pd.isna(n) or n < self.settings.min_base)
                v = values.at[idx, col]
                frame.at[idx, col] = MISSING if hidden or pd.isna(n) else format_percent(v)
        frame.index = [str(i) for i in frame.index]
        frame.index.name = "Grupp" if self.anonymise else "Team"
        show_table(Presented(frame, f"Deltagarenkät {year}: andel som instämmer per indikator",
                             "Andel svar som instämmer (7–10 på skalan 1–10) per indikator. "
                             f"Färre än {self.settings.min_base} svar visas som ”..”; ”.” = "
                             "inga svar att räkna andelen på."))
