"""What the report notebooks call: each method shows one part of a report.

The notebooks stay thin — parameters, headings and one call per part — and everything that
decides what a reader sees lives here, tested like the rest of the package. Each method
displays HTML tables (through `report.report_tables`: labelled, formatted and, for external
readers, suppressed together) and figures, followed by the team's own text for that field.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from html import escape

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, display

from .. import __version__
from ..io.dataset import Dataset
from ..io.load import load_data
from ..io.names import team_slug
from ..io.narratives import FIELDS, load_narrative
from ..measures import ors as ors_mod
from ..measures import surveys as sv
from ..periods import parse_period
from ..present import plots
from ..present.disclosure import survey_mask, survey_share_hidden
from ..present.equality import Equality, EqualityRow, rule_text
from ..present.labels import label, text
from ..present.narrative import narrative_html
from ..present.policy import AUDIENCES, Policy, policy_of
from ..present.tables import MISSING, Presented, format_percent, present_survey
from . import headlines
from . import overview as ov
from .export import display_table
from .report import (
    AGE_TABLES,
    ASSOCIATION,
    ReportTables,
    forked,
    load_run,
    previous_tables,
    protect_reports,
    report_tables,
    with_previous,
)


def report_date() -> str:
    """The date on the title page: today, or `SOURCE_DATE_EPOCH` for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else dt.date.today()
    return day.isoformat()


def show_html(html: str) -> None:
    display(HTML(html))


def show_table(presented: Presented) -> None:
    """Show a table; the notebook records what it shows, for the Excel file."""
    display_table(presented)


def show_figure(fig: plt.Figure) -> None:
    display(plots.Chart(fig))


def no_data(what: str) -> None:
    show_html(f'<p class="finsam-nodata">{escape(what)}</p>')


def markdown_html(markdown_text: str) -> str:
    """A team's Markdown as safe HTML (no raw HTML, links to http(s)/mailto only, no images):
    see `present/narrative.py`."""
    return narrative_html(markdown_text)


def without_title(markdown_text: str, title: str) -> str:
    """`markdown_text` without a first heading that says `title` again (any level, any case);
    as written otherwise."""
    first, _, rest = markdown_text.lstrip().partition("\n")
    heading = re.fullmatch(r"#{1,6}[ \t]+(.*?)[ \t#]*", first.strip())
    if heading and heading.group(1).strip().casefold() == title.casefold():
        return rest.strip()
    return markdown_text


def _check_audience(audience: Policy | str) -> None:
    """A wrong audience is refused before any data is read."""
    if not isinstance(audience, Policy) and audience not in AUDIENCES:
        raise ValueError(f"audience must be 'external' or 'internal', not {audience!r}")


class TeamReport:
    """One team's report for one period (the nine-field model), as the notebook's table of
    contents uses it: every table is an attribute that displays itself (`t.outcomes`,
    `show(t.age)`), every chart and text a short call (`plots.share_trend(t.trend)`,
    `t.narrative("deltagarna", "resultat")`), so a reader drops a part by deleting its cell.

    `audience="external"` (the default) hides ids, single people's lines and small counts;
    `"internal"` is for the team itself. The report's `policy` (`present.policy`) is made here,
    from the audience and the data set's settings, and every part of the report asks it what
    to hide (a `Policy` may be given instead of the audience's name).
    """

    def __init__(self, data_dir: str, team: str, period: str,
                 audience: Policy | str = "external", compare_periods: int = 3,
                 language: str = "sv", protection: str = ""):
        _check_audience(audience)
        plots.use_style()
        self.all: Dataset = load_data(data_dir)
        self.data: Dataset = self.all.for_team(team)
        self.team, self.period = team, parse_period(period)
        self.settings = self.all.config.settings
        self.policy = policy_of(audience, self.settings)
        self.audience, self.language = self.policy.audience, language
        self.external = self.policy.external
        self.run = load_run(protection, team) if protection and self.external else None
        if self.external and self.run is None:  # this report alone, with its previous period
            self.run = protect_reports(self.all, with_previous([(team, self.period.name)]),
                                       compare_periods, policy=self.policy)
        self.tables = report_tables(self.data, self.period, self.policy, language,
                                    compare_periods, self.run)
        self.before = previous_tables(self.data, self.period, self.policy, language,
                                      compare_periods, self.run)
        self.narratives = load_narrative(data_dir, team, self.period)
        self.survey_year = sv.survey_year_for(self.period)
        self._surveyed: set | None = None  # respondent groups with answers in survey_year
        self._comparison: pd.DataFrame | None = None  # `sv.comparison` of survey_year

    # --- the tables: `t.outcomes`, `t.age`, … -------------------------------------------

    def __getattr__(self, name: str):
        """A presented table by its name (`report.LAYOUT`, and `trend`, `targets`,
        `followups`, `budget`, `cost`); an optional table the data lacks is one line saying
        so (`NO_DATA`)."""
        if name.startswith("_") or name in ("tables", "language"):
            raise AttributeError(name)
        if name in self.tables.presented:
            return self.tables.presented[name]
        if name in NO_DATA:
            return note(text(NO_DATA[name], self.language))
        if name in AGE_TABLES:  # the table by sex beside it says that the data is absent
            return None
        raise AttributeError(f"{type(self).__name__} has no table {name!r}")

    # --- the frame of the report ---------------------------------------------------------

    @property
    def title(self) -> HTML:
        """The title block: association, team, period, reader, date, example data."""
        c = self.all.config
        lang = self.language
        kind = label("report_kind", self.period.kind, lang)
        reader = text("reader_external" if self.external else "reader_internal", lang)
        example = (f'<p class="finsam-example">{escape(text("example_data", lang))}</p>'
                   if c.example_data else "")
        name = self.data.team_name(self.team)
        ident = (f'<p class="team-id">{escape(text("team_id", lang))}: '
                 f"<code>{escape(self.team)}</code></p>"
                 if name != self.team or team_slug(self.team) != self.team else "")
        made = text("made_with", lang, date=report_date(), version=__version__)
        return HTML(
            f'<div class="finsam-title"><p class="association">{escape(c.association)}</p>'
            f"<h1>{escape(name)}</h1>{ident}"
            f"<p><strong>{escape(kind)} {escape(self.period.name)}</strong> "
            f"({escape(self.period.label)})</p>"
            f"<p>{escape(reader)}</p><p>{escape(made)}</p>{example}</div>")

    def title_page(self) -> None:
        """The title block and Måluppfyllelse."""
        display(self.title)
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
        survey = headlines.survey_agreement(
            self.all.survey_questions, self.all.survey_responses, self.survey_year, self.team,
            self.policy, self.settings, self.language)
        return headlines.equality(self.tables, self.settings, self.language, survey)

    @property
    def key_figures(self) -> Presented:
        """Key figures by sex, taken from the report's own tables (so they hide what the
        tables hide)."""
        p, lang = self.tables.presented, self.language
        rows = {}
        out = p["outcomes"].frame
        rows[label("key", "active", lang)] = out[label("outcome", "active", lang)]
        rows[label("key", "exits", lang)] = out[label("outcome", "exits", lang)]
        rows[label("key", "positive_share", lang)] = out[label("outcome", "positive_share",
                                                                lang)]
        if "change" in p:
            ch = p["change"].frame
            rows[label("key", "recovered_share", lang)] = ch[label("ors", "recovered_share",
                                                                    lang)]
            rows[label("key", "improved_share", lang)] = ch[label("ors", "improved_share",
                                                                   lang)]
        if "compliance" in p:
            rows[label("key", "ors_compliant_share", lang)] = \
                p["compliance"].frame[label("ors", "ors_compliant_share", lang)]
        frame = pd.DataFrame(rows).T
        frame.index.name = label("key", "title_column", lang)
        return Presented(frame, text("key_figures_title", lang), p["outcomes"].legend)

    @property
    def deviations(self):
        """Deviations to raise with the steering group: targets missed, headline shares that
        moved since the previous period, occupancy against the plan's places
        (`headlines.deviations`; from the protected tables, so a hidden share is never
        compared)."""
        from ..measures.deviations import occupancy

        places = self.all.config.places.get(self.team)
        used = occupancy(self.data.participants, self.period) if places else None
        return headlines.deviations(self.tables, self.before, self.settings, self.language,
                                    used, places)

    def summary(self) -> None:
        """Key figures, the deviations, the team's summary and the gender-equality analysis."""
        display(self.key_figures)
        display(self.deviations)
        display(self.narrative("summary"))
        display(self.equality)

    def narrative(self, row: str, column: str | None = None) -> HTML:
        """The team's own text for a field (`narrative("deltagarna", "resultat")`) or the
        summary (`narrative("summary")`); a visible placeholder when there is none."""
        key = row if column is None else f"{row}_{column}"
        fields = {"summary": text("summary_title", self.language), **dict(FIELDS)}
        if key not in fields:
            raise ValueError(f"no field {key!r}: {list(fields)}")
        body = self.narratives.fields.get(key)
        lang = self.language
        if body:
            return HTML(f'<div class="finsam-narrative">{markdown_html(body)}'
                        f'<p class="who">{escape(text("narrative_who", lang))}</p></div>')
        where = f"narratives/{self.narratives.path.parent.name}/{self.narratives.path.name}"
        return HTML(f'<div class="finsam-placeholder">'
                    f'{escape(text("narrative_missing", lang, heading=fields[key], where=where))}'
                    "</div>")

    def _narrative(self, key: str, heading: str) -> None:
        show_html(self.narrative(key).data)

    # --- charts ----------------------------------------------------------------------------

    def ors_trajectory(self) -> plots.Chart | HTML:
        """Mean ORS by months since enrolment, by sex (and, internally, one line per
        participant after it)."""
        if self.data.ors is None:
            return note(text(NO_DATA["compliance"], self.language))
        traj = ors_mod.trajectory(self.data.participants, self.data.ors, self.period)
        ax = plots.plot_trajectory(traj, cutoff=self.settings.ors_cutoff_adult,
                                   min_n=self.policy.min_base)
        if not self.external:
            display(plots.Chart(ax.figure))
            lines = ors_mod.participant_lines(self.data.participants, self.data.ors,
                                              self.period)
            return plots.Chart(plots.plot_participant_lines(
                lines, cutoff=self.settings.ors_cutoff_adult).figure)
        return plots.Chart(ax.figure)

    def ors_change_chart(self) -> plots.Chart | None:
        """The Jacobson–Truax classes by sex, when every group rests on enough people (the
        change table's shares as bars: on screen only)."""
        table = self.tables.tables.get("change")
        if table is None:
            return None
        if self.external and not (table["with_two_or_more"] >= self.policy.min_base).all():
            return None
        # the change table's shares as bars: on screen only, the print keeps its pages
        return plots.Chart(plots.plot_change_classes(table).figure, screen_only=True)

    def health_chart(self) -> plots.Chart | None:
        """The health form's questions at start and at exit, by sex."""
        means = self.tables.tables.get("health_questions")
        if means is None or not (means["n"] > 0).any():
            return None
        return plots.Chart(plots.plot_health_questions(
            means, min_n=self.policy.min_base if self.external else 1).figure)

    def budget_chart(self) -> plots.Chart | None:
        """Budget and spending per tertial (the budget table's figures as bars: on screen
        only, the print keeps its pages)."""
        if "budget" not in self.tables.tables:
            return None
        return plots.Chart(plots.plot_budget(self.tables.tables["budget"]).figure,
                           screen_only=True)

    # --- surveys ------------------------------------------------------------------------------

    def _survey_ok(self, group: str) -> bool:
        r, q = self.all.survey_responses, self.all.survey_questions
        if r is None or q is None:
            display(note(text("no_surveys", self.language)))
            return False
        if self._surveyed is None:  # once for the report's five survey parts
            self._surveyed = set(r.loc[r["survey_year"] == self.survey_year,
                                       "respondent_group"].unique())
        if group not in self._surveyed:
            display(note(text("no_survey_year", self.language,
                              group=label("respondent_group", group, self.language),
                              year=self.survey_year)))
            return False
        return True

    def _survey_comparison(self) -> pd.DataFrame:
        """The team beside all teams and its previous year (`sv.comparison`), every respondent
        group: computed once for the report's survey parts, each taking a copy of its rows."""
        if self._comparison is None:
            self._comparison = sv.comparison(self.all.survey_questions,
                                             self.all.survey_responses, self.survey_year,
                                             self.team)
        return self._comparison

    def survey(self, group: str) -> None:
        """One respondent group's survey: its table (questions verbatim) and the answers'
        distribution."""
        if not self._survey_ok(group):
            return
        q, r = self.all.survey_questions, self.all.survey_responses
        lang = self.language
        comp = self._survey_comparison().copy()
        qs = q[q["respondent_group"] == group]
        title = text("survey_title", lang, year=self.survey_year,
                     group=label("respondent_group", group, lang))
        p = present_survey(comp, q, group, self.policy, self.settings, lang, title)
        p.legend = text("survey_note", lang, lo=qs["scale_min"].min(), hi=qs["scale_max"].max(),
                        agree=qs["agree_from"].min(), min_base=self.policy.min_base) + \
            "\n" + p.legend
        display(p)
        dist = sv.answer_distribution(q, r, self.survey_year, group, self.team)
        if self.external:  # a question is drawn only when no band holds 1 to 3 answers
            small = self.policy.threshold
            count = (dist["share"] * dist["answers"] / 100).round()
            bad = set(dist.loc[count.between(1, small), "question_id"])
            dist = dist[(dist["answers"] >= self.policy.min_base)
                        & ~dist["question_id"].isin(bad)]
        if not dist.empty:
            display(plots.Chart(plots.plot_likert(dist, title=text(
                "likert_title", lang, group=label("respondent_group", group, lang),
                year=self.survey_year)).figure))

    def survey_comparison(self, group: str) -> None:
        """The group's share agreeing per question beside all teams and last year (the
        survey table's shares as dots: on screen only, the print keeps its pages)."""
        if not self._survey_ok(group):
            return
        comp = self._survey_comparison()
        comp = comp[comp["respondent_group"] == group].copy()
        if self.external:
            comp = survey_mask(comp, self.policy.threshold,
                               self.policy.min_base)
        ax = plots.plot_survey_dots(comp, min_answers=self.policy.min_base if self.external
                                    else 1, title=text(
                                        "dots_title", self.language,
                                        group=label("respondent_group", group, self.language)))
        display(plots.Chart(ax.figure, screen_only=True))

    def attention(self) -> Presented | None:
        """Internal only: the participants who need attention at the period's end (or on the
        data's last day, when that comes first), as `finsam attention` lists them. An
        external report shows nothing: the list names participants."""
        if self.external:
            return None
        from ..measures.attention import attention_list, latest_date, rules_from
        from ..present.attention import present_attention

        d = self.data
        day = min(self.period.end, latest_date(d.participants, d.ors, d.srs))
        rules = rules_from(self.settings)
        table = attention_list(d.participants, d.ors, d.srs, day, rules)
        return present_attention(table, self.all.team_name(self.team), day, rules,
                                 self.language)

    def response_rates(self) -> Presented | None:
        """Response rates of the survey year per respondent group."""
        r = self.all.survey_responses
        if r is None:
            return None
        rates = sv.response_rates(r, self.all.survey_invited, self.survey_year, self.team)
        if rates.empty:
            return None
        lang = self.language
        frame = pd.DataFrame({
            label("survey", "respondents", lang): [
                MISSING if self.policy.small(n) else str(n) for n in rates["respondents"]],
            label("survey", "invited", lang): [MISSING if pd.isna(n) else str(n)
                                               for n in rates["invited"]],
            label("survey", "rate", lang): [MISSING if pd.isna(v) else f"{v:.0f} %"
                                            for v in rates["rate"]],
        }, index=[label("respondent_group", g, lang) for g in rates["respondent_group"]])
        frame.index.name = label("survey", "respondent_group", lang)
        return Presented(frame, text("rates_title", lang, year=self.survey_year))

    def socioeconomic(self) -> None:
        """The socio-economic follow-up (samhällsnytta): payback time beside the target, the
        effect per actor, the means of support before and after (reports/socioeconomic.py)."""
        from . import socioeconomic as sek

        sek.show(sek.section(self.data, self.period, self.policy, self.language),
                 self.language)

    # --- the team's other texts -------------------------------------------------------------

    def introduction(self) -> None:
        """The team's own introduction (Inledning, Programteori, Verksamhetslogik … and any
        text before the first heading), before the fields; nothing when there is none."""
        self._sections(self.narratives.introduction, text("introduction_title", self.language))

    def other_text(self) -> None:
        """The team's text under headings that name no field (Övrigt), at the end; nothing
        when there is none."""
        self._sections(self.narratives.other, text("other_title", self.language))

    def _sections(self, sections: list, title: str) -> None:
        if not sections:
            return
        parts = [f"<h2>{escape(title)}</h2>"]
        for x in sections:
            if x.heading and x.heading != title:
                parts.append(f"<h3>{escape(x.heading)}</h3>")
            if x.body:
                parts.append(f'<div class="finsam-narrative">{markdown_html(x.body)}'
                             f'<p class="who">{escape(text("narrative_who", self.language))}'
                             "</p></div>")
            else:
                parts.append(f'<div class="finsam-placeholder">'
                             f'{escape(text("heading_empty", self.language))}</div>')
        show_html("".join(parts))

    @property
    def co_assessor(self) -> HTML:
        """The external co-assessor's comments (extern medbedömare). A first heading that
        only repeats the section's own (`## Extern medbedömning`) is left out: the report
        has it already."""
        lang = self.language
        if self.narratives.co_assessor:
            comments = without_title(self.narratives.co_assessor,
                                     text("co_assessor_title", lang))
            return HTML(f'<div class="finsam-narrative">'
                        f"{markdown_html(comments)}"
                        f'<p class="who">{escape(text("co_assessor_who", lang))}</p></div>')
        return HTML(f'<div class="finsam-placeholder">{escape(text("no_co_assessor", lang))}'
                    "</div>")

    @property
    def about(self) -> HTML:
        """How the numbers are made, in a few sentences, and the settings used."""
        s, lang = self.settings, self.language
        if self.external:
            small = text("legend_suppressed_full", lang, threshold=self.policy.threshold,
                         min_base=self.policy.min_base)
        else:
            small = text("about_internal", lang)
        small += " " + text("about_not_applicable", lang)
        return HTML('<div class="finsam-about">'
                    f"<p>{escape(text('about_measures', lang, months=s.dropout_months))}</p>"
                    f"<p>{escape(small)}</p><p>{escape(text('about_rules', lang))}</p>"
                    f"<p>{escape(text('about_assumptions', lang))}</p></div>")


NO_DATA = {
    "targets": "no_targets", "followups": "no_followups", "change": "no_ors",
    "compliance": "no_ors", "health": "no_health", "health_6m": "no_health_6m",
    "staff_role": "no_staff", "staff_age": "no_staff", "staff_change": "no_staff",
    "budget": "no_budget", "cost": "no_cost",
}
"""The line an optional table shows when its data is absent (a key of `labels` text)."""


def note(message: str) -> HTML:
    """One line in place of a part the data does not allow."""
    return HTML(f'<p class="finsam-nodata">{escape(message)}</p>')


def show(part) -> None:
    """Display a part of a report (a table, a chart, a text); nothing for None."""
    if part is not None:
        display(part)


class Overview:
    """All teams of the association for one period, side by side, with the total and trend."""

    def __init__(self, data_dir: str, period: str, audience: Policy | str = "external",
                 anonymise: bool | None = None, compare_periods: int = 3,
                 language: str = "sv", protection: str = ""):
        _check_audience(audience)
        plots.use_style()
        self.data = load_data(data_dir)
        self.period = parse_period(period)
        self.settings = self.data.config.settings
        self.policy = policy_of(audience, self.settings)
        self.audience, self.language = self.policy.audience, language
        self.external = self.policy.external
        self.anonymise = self.settings.anonymise_teams if anonymise is None else anonymise
        self.compare_periods = compare_periods
        run = None
        if self.external:
            run = load_run(protection) if protection else protect_reports(
                self.data, with_previous([(t, self.period.name) for t in self.data.teams]
                                         + [(ASSOCIATION, self.period.name)]),
                compare_periods, policy=self.policy)
        self.run = run
        self.total = report_tables(self.data, self.period, self.policy, language,
                                   compare_periods, run, only=ov.TABLES | {"trend"})
        # each team's tables, its previous period's and its occupancy: what the overview
        # shows of it (`ov.TABLES`), in one process per core at the size of a nation
        teams = list(self.data.teams)
        found = dict(zip(teams, forked(self._team, teams), strict=True))
        self.teams = {t: rt for t, (rt, _, _) in found.items()}
        self._before = {t: (before, used) for t, (_, before, used) in found.items()}
        from ..measures.groups import anonymise_teams

        self.names = (anonymise_teams(self.data.teams) if self.anonymise
                      else {t: self.data.team_name(t) for t in self.data.teams})

    def _team(self, team: str) -> tuple[ReportTables, ReportTables | None, float | None]:
        """A team's report as the overview reads it, the previous period's (the
        deviations) and, where the plan gives its places, its occupancy."""
        from ..measures.deviations import occupancy

        data = self.data.for_team(team)
        rt = report_tables(data, self.period, self.policy, self.language,
                           self.compare_periods, self.run, only=ov.TABLES)
        before = previous_tables(data, self.period, self.policy, self.language,
                                 self.compare_periods, self.run)
        used = (occupancy(data.participants, self.period)
                if self.data.config.places.get(team) else None)
        return rt, before, used

    def title_page(self) -> None:
        c = self.data.config
        example = (f'<p class="finsam-example">{escape(text("example_data"))}</p>'
                   if c.example_data else "")
        lang = self.language
        anon = " " + text("overview_anonymised", lang) if self.anonymise else ""
        made = text("made_with", lang, date=report_date(), version=__version__)
        show_html(
            f'<div class="finsam-title"><p class="association">{escape(c.association)}</p>'
            f'<h1>{escape(text("overview_title", lang))}</h1>'
            f"<p><strong>{escape(self.period.name)}</strong> ({escape(self.period.label)})</p>"
            f'<p>{escape(text("overview_teams", lang, n=len(self.teams)))}{escape(anon)}</p>'
            f"<p>{escape(made)}</p>{example}</div>")

    def association_total(self) -> None:
        p = self.total.presented
        show_table(p["outcomes"])
        show_table(p["trend"])
        display(plots.share_trend(p["trend"], language=self.language,
                                  min_base=self.policy.min_base))

    @property
    def goals(self):
        """Måluppfyllelse for the association: all teams together, women, men and all, with
        the previous period (`headlines.goals`)."""
        before = previous_tables(self.data, self.period, self.policy, self.language,
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

    def _rows(self) -> list[tuple[str, ReportTables]]:
        """Each team's protected report under the name a reader sees, the association's
        last."""
        rows = [(self.names[team], rep)
                for team, rep in sorted(self.teams.items(), key=lambda kv: self.names[kv[0]])]
        return [*rows, (text("association_total", self.language), self.total)]

    def _first_column(self) -> str:
        return label("deviation", "group_column" if self.anonymise else "team", self.language)

    def _side_by_side(self, columns: list, title: str, note: str = "") -> None:
        rows = self._rows()
        if not any(c.table in rep.presented for _, rep in rows for c in columns):
            no_data(text(NO_DATA[columns[0].table], self.language))
            return
        symbols = [x for x in self.total.presented["outcomes"].legend.split("\n")
                   if x.startswith(".")]
        legend = "\n".join(x for x in (note, *symbols) if x)
        show_table(ov.side_by_side(rows, columns, title, legend, self._first_column(),
                                   self.language))

    def teams_side_by_side(self) -> None:
        """Each team's participants and positive outcome by sex, from its own (protected)
        report."""
        self._side_by_side(ov.outcome_columns(self.language),
                           text("overview_outcomes_title", self.language))

    def targets_by_team(self) -> None:
        """Måluppfyllelse per team: a table per time point, Totalt with ✓/✗."""
        tables = ov.targets_by_timepoint(self._rows(), self.settings, self.language)
        if not tables:
            no_data(text(NO_DATA["targets"], self.language))
        for table in tables:
            table.frame.index.name = self._first_column()
            show_table(table)

    def ors_by_team(self) -> None:
        """ORS change and measurement compliance per team."""
        self._side_by_side(ov.ors_columns(self.language),
                           text("overview_ors_title", self.language),
                           text("overview_ors_note", self.language))

    def health_by_team(self) -> None:
        """Improved health at exit per team, by sex."""
        self._side_by_side(ov.health_columns(self.language),
                           text("overview_health_title", self.language),
                           text("overview_health_note", self.language))

    def cost_by_team(self) -> None:
        """Cost per participant and per positive outcome per team."""
        self._side_by_side(ov.cost_columns(self.language),
                           text("overview_cost_title", self.language),
                           text("overview_cost_note", self.language))

    def surveys_by_team(self) -> None:
        """Every respondent group's share agreeing per team (participants by sex)."""
        year = sv.survey_year_for(self.period)
        names = {t: self.names[t] for t in sorted(self.teams, key=lambda t: self.names[t])}
        names[None] = text("association_total", self.language)
        tables = ov.surveys(names, self.data.survey_questions, self.data.survey_responses,
                            year, self.policy, self.settings, self._first_column(),
                            self.language)
        if not tables:
            no_data(text("no_surveys", self.language))
        for table in tables:
            show_table(table)

    @property
    def deviations(self):
        """Every team's deviations (targets missed, shares that moved, occupancy against
        the plan's places), from each team's protected report (`headlines.deviations`)."""
        items = {}
        for team in sorted(self.teams, key=lambda t: self.names[t]):
            before, used = self._before[team]
            found = headlines.deviation_items(self.teams[team], before, self.settings,
                                              self.language, used,
                                              self.data.config.places.get(team))
            # by sex in the team's own report; here Totalt and occupancy, one line each
            items[self.names[team]] = [d for d in found if d.group == "total"]
        return ov.deviations(items, self.settings, self.period.previous().name,
                             self.language)

    def socioeconomic(self) -> None:
        """The association's socio-economic follow-up: all teams together, as in a team's
        report (reports/socioeconomic.py)."""
        from . import socioeconomic as sek

        sek.show(sek.section(self.data, self.period, self.policy, self.language),
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
                v = values.at[idx, col]
                hidden = self.external and survey_share_hidden(
                    v, n, self.policy.threshold, self.policy.min_base)
                frame.at[idx, col] = MISSING if hidden or pd.isna(n) else format_percent(v)
        frame.index = [str(i) for i in frame.index]
        frame.index.name = "Grupp" if self.anonymise else "Team"
        show_table(Presented(frame, f"Deltagarenkät {year}: andel som instämmer per indikator",
                             "Andel svar som instämmer (7–10 på skalan 1–10) per indikator. "
                             f"Färre än {self.policy.min_base} svar, eller 1–"
                             f"{self.policy.threshold} svar som instämmer eller "
                             "inte instämmer, visas som ”..”; ”.” = inga svar att räkna "
                             "andelen på."))
