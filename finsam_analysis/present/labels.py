"""Every display string of the reports, in one place: Swedish first, English beside it.

`label(domain, key, language)` looks a canonical code up; a key with no label (a team's own
`exit_other_category`, say) is shown as written.
"""

from __future__ import annotations

LANGUAGES = ("sv", "en")

LABELS: dict[str, dict[str, dict[str, str]]] = {
    "sv": {
        "group": {"K": "Kvinnor", "M": "Män", "unknown": "Okänt", "total": "Totalt",
                  "16-24": "16–24 år", "25-29": "25–29 år", "30-39": "30–39 år",
                  "40-49": "40–49 år", "50-64": "50–64 år", "other_age": "Övriga åldrar",
                  "unknown_age": "Okänd ålder"},
        "national": {
            "participants": "Deltagare", "new": "Nya", "exits": "Avslut",
            "title": "Antal deltagare efter kön {year} – {association}",
            "audience_external": ("Extern: Totalt = kvinnor och män; okänt kön på egen rad; "
                                  "små tal skyddade enligt röjandereglerna."),
            "audience_internal": "Intern: alla tal, Totalt med okänt kön.",
            "hidden_note": ("Tom cell: uppgiften visas inte för att skydda enskilda (små tal, "
                            "och tal som annars skulle gå att räkna ut)."),
        },
        "attention": {
            "ors_overdue": "ORS saknas för länge",
            "deteriorated": "Tillförlitligt försämrad (ORS)",
            "below_cutoff": "Under gränsvärdet efter flera mätningar (ORS)",
            "long_enrolment": "Inskriven längre än planerat",
            "srs_low": "Låg SRS senast",
            "participant_id": "Deltagare (teamets id)", "sex": "Kön",
            "start_date": "Inskriven", "reason": "Anledning", "date": "Datum",
            "detail": "Underlag",
            "title": "Behöver uppmärksamhet {date} – {team}",
            "internal": ("Internt underlag för teamet: innehåller uppgifter om enskilda "
                         "deltagare och får inte lämnas ut."),
            "none": "Ingen deltagare behöver uppmärksamhet enligt reglerna.",
            "d_ors_overdue": "ingen ORS på {days} dagar (senast {since})",
            "d_ors_overdue_start": "ingen ORS sedan start, {days} dagar",
            "d_deteriorated": "ORS {first} → {last} ({change} poäng)",
            "d_below_cutoff": "senaste ORS {last}, gräns {cutoff}, {n} mätningar",
            "d_long_enrolment": "{months} månader sedan inskrivning",
            "d_srs_low": "senaste SRS {last} (larmnivå {alert})",
        },
        "outcome": {
            "active": "Antal aktiva under perioden",
            "exits": "Antal avslut totalt",
            "dropouts": "varav dropouts (tidiga avhopp)",
            "work": "Antal i arbete",
            "studies": "Antal i studier",
            "vocational_rehab": "Antal till annan arbetslivsinriktad rehab",
            "medical_rehab": "Antal till medicinsk rehab",
            "sickness_compensation": "Antal till sjukersättning",
            "other": "Antal till annat",
            "active_at_end": "Antal aktiva vid periodens slut (ingången av nästa period)",
            "positive": "Positivt utfall, antal",
            "positive_share": "Positivt utfall, andel av avslut utan dropouts",
            "mean_years_without_work": "Tid utan arbete eller studier före inskrivning, medel",
            "mean_throughput_months": "Genomströmningstid, medel",
            "completed": "Avslut utan dropouts",
            "n_years_known": "Antal med känd tid utan arbete",
            "n_at_sus_cap": "varav vid SUS tak (9 år)",
            "started": "varav nya inskrivningar under perioden",
            "period": "Period",
        },
        "exit_reason": {
            "work": "Arbete", "studies": "Studier",
            "vocational_rehab": "Annan arbetslivsinriktad rehabilitering",
            "medical_rehab": "Medicinsk rehabilitering",
            "sickness_compensation": "Sjukersättning", "other": "Annat",
            "unknown": "Okänt",
        },
        "exit_other": {
            "moved": "Flyttat", "parental_leave": "Föräldraledighet",
            "deceased": "Avliden", "own_request": "Eget önskemål",
            "no_contact": "Ingen kontakt", "other_support": "Annat stöd",
            "unspecified": "Ej angiven", "total": "Totalt",
        },
        "work_support": {
            "with_support": "Arbete med stöd", "without_support": "Arbete utan stöd",
            "unspecified": "Ej angivet", "total": "Totalt i arbete",
        },
        "referrer": {
            "af": "Arbetsförmedlingen", "fk": "Försäkringskassan", "municipality": "Kommunen",
            "region": "Regionen", "other": "Annan", "unknown_referrer": "Okänd",
            "total": "Totalt",
        },
        "age": {
            "16-24": "16–24 år", "25-29": "25–29 år", "30-39": "30–39 år",
            "40-49": "40–49 år", "50-64": "50–64 år", "other_age": "Övriga åldrar",
            "unknown_age": "Okänd ålder", "total": "Totalt",
        },
        "target": {
            "work": "Andel i arbete", "studies": "Andel i studier",
            "vocational_rehab": "Andel i fortsatt arbetslivsinriktad rehabilitering",
            "improved_health": "Andel med förbättrad hälsa",
            "at_exit": "vid avslut", "after_6_months": "efter 6 månader",
            "after_2_years": "efter 2 år",
            "measure": "Mål", "timepoint": "Tidpunkt", "group": "Grupp",
            "target": "Målnivå", "base": "Avslut utan dropouts",
            "with_followup": "Varav uppföljda", "count": "Antal", "share": "Utfall",
        },
        "followups": {
            "row": "Tid efter avslut, kön",
            "row_age": "Tid efter avslut, ålder vid inskrivning",
            "cohort": "Kohort (uppföljning under perioden)",
            "followed_up": "Uppföljda",
            "work": "Arbete", "studies": "Studier",
            "vocational_rehab": "Annan arbetslivsinriktad rehabilitering",
            "medical_rehab": "Medicinsk rehabilitering",
            "sickness_compensation": "Sjukersättning", "other": "Annat",
            "positive_share": "Positivt utfall, andel av uppföljda",
        },
        "ors": {
            "participants": "Deltagare aktiva under perioden",
            "with_two_or_more": "Med minst två ORS-mätningar",
            "recovered": "Återhämtad", "improved": "Tillförlitligt förbättrad",
            "unchanged": "Ingen tillförlitlig förändring",
            "deteriorated": "Tillförlitligt försämrad",
            "recovered_share": "Återhämtad, andel",
            "improved_share": "Tillförlitligt förbättrad, andel",
            "unchanged_share": "Ingen tillförlitlig förändring, andel",
            "deteriorated_share": "Tillförlitligt försämrad, andel",
            "mean_first": "Första mätningen, medelpoäng",
            "mean_last": "Senaste mätningen, medelpoäng",
            "mean_change": "Förändring, medelpoäng",
            "effect_size": "Effektstorlek (pre–post)",
            "ors_compliant": "Följer ORS-policyn, antal",
            "ors_compliant_share": "Följer ORS-policyn, andel",
            "srs_compliant": "Följer SRS-policyn, antal",
            "srs_compliant_share": "Följer SRS-policyn, andel",
        },
        "respondent_group": {
            "participant": "Deltagare (pågående)", "participant_exit": "Deltagare vid avslut",
            "staff": "Personal", "referrer": "Remittenter", "management": "Ledningsgrupp",
            "board": "Styrelse",
        },
        "survey": {
            "answers": "Antal svar", "mean": "Medelvärde", "agree_share": "Instämmer, andel",
            "K": "Kvinnor, instämmer", "M": "Män, instämmer",
            "agree_share_all": "Alla team, instämmer", "agree_share_prev": "Förra året, instämmer",
            "agree_diff_all": "Skillnad mot alla team",
            "agree_diff_prev": "Skillnad mot förra året",
            "question": "Fråga", "indicator": "Indikator",
            "respondents": "Svarande", "invited": "Tillfrågade", "rate": "Svarsfrekvens",
            "respondent_group": "Respondentgrupp",
        },
        "health": {
            "exits": "Avslut utan dropouts", "with_both": "med hälsoenkät vid start och avslut",
            "improved": "med förbättrad hälsa", "improved_share": "Förbättrad hälsa, andel",
            "coverage": "Andel med båda enkäterna", "target": "Målnivå",
            "q1": "Allmänt hälsotillstånd", "q2": "Värk i nacke eller skuldror",
            "q3": "Stress", "q4": "Dålig sömn", "q5": "Syn på den egna hälsan",
        },
        "health_6m": {
            "cohort": "Kohort (uppföljning 6 månader efter avslut under perioden)",
            "with_both": "med hälsoenkät vid start och efter 6 månader",
            "improved": "med förbättrad hälsa", "improved_share": "Förbättrad hälsa, andel",
            "coverage": "Andel med båda enkäterna", "target": "Målnivå",
        },
        "staff": {
            "total": "Totalt", "fte": "Årsarbetare", "people_start": "Personal vid periodens "
            "början", "fte_start": "Årsarbetare vid början", "people_end": "Personal vid "
            "periodens slut", "fte_end": "Årsarbetare vid slutet", "people_change": "Förändring, "
            "personer", "fte_change": "Förändring, årsarbetare", "-29": "–29 år",
            "30-39": "30–39 år", "40-49": "40–49 år", "50-59": "50–59 år", "60-": "60– år",
            "unknown_age": "Okänd ålder",
        },
        "budget": {
            "tertial": "Period", "budget_sek": "Budget", "spent_sek": "Utfall",
            "deviation_sek": "Avvikelse", "deviation_share": "Avvikelse, andel av budget",
            "value": "Värde", "cost_per_active": "Kostnad per aktiv deltagare",
            "cost_per_completed": "Kostnad per avslut utan dropouts",
            "cost_per_positive": "Kostnad per positivt utfall",
            "spent_prorated": "Utfall under rapportperioden",
            "budget_prorated": "Budget för rapportperioden",
            "participants": "Aktiva deltagare under perioden",
            "cost_per_participant": "Kostnad per aktiv deltagare",
            "positive_outcomes": "Positiva utfall under perioden",
            "cost_per_positive_outcome": "Kostnad per positivt utfall",
            "note": "Budgetperioder som överlappar rapportperioden, hela perioderna. "
                    "⚑ = avvikelsen är större än gränsen i inställningarna (5 % som standard).",
            "cost_note": "Utfall och budget är fördelade på rapportperioden efter antal dagar: "
                         "varje budgetperiod räknas med den andel av sina dagar som ligger inom "
                         "rapportperioden; kostnaderna är det fördelade utfallet delat med "
                         "antalet under rapportperioden.",
        },
        "socioeconomic": {
            "kommun": "Kommunen", "region": "Regionen",
            "forsakringskassan": "Försäkringskassan", "arbetsformedlingen": "Arbetsförmedlingen",
            "ovrig_stat": "Övrig stat", "individ": "Individen",
            "production": "Produktionsvärde", "society": "Samhället (offentliga aktörer och "
            "produktion)",
            "at_exit": "Vid avslut", "after_6m": "6 månader efter avslut",
            "after_24m": "24 månader efter avslut",
            "before": "Före", "after": "Efter",
            "salary": "Lön", "subsidised_salary": "Lön med anställningsstöd",
            "unemployment_benefit": "Arbetslöshetsersättning",
            "activity_support": "Aktivitetsstöd", "social_assistance": "Försörjningsstöd",
            "sickness_benefit": "Sjukpenning", "activity_compensation": "Aktivitetsersättning",
            "sickness_compensation": "Sjukersättning", "study_allowance": "Studiemedel",
            "parental_benefit": "Föräldrapenning", "other": "Annan försörjning",
            "none": "Ingen försörjning", "hidden": "Dolda uppgifter (få personer)",
            "n": "Avslut i kohorten", "n_complete": "med fullständiga uppgifter",
            "cost_sek": "Kostnad, tkr", "effect_1y_sek": "Effekt första året, tkr",
            "effect_5y_sek": "Effekt på fem år, tkr",
            "profit_1y_sek": "Lönsamhet efter ett år, tkr",
            "profit_5y_sek": "Lönsamhet efter fem år, tkr",
            "payback_months": "Återbetalningstid, månader",
            "potential_sek": "Potential, tkr per år", "efficiency_share": "Verkningsgrad",
            "target": "Mål, högst", "actor": "Aktör", "cohort": "Uppföljning",
            "effect_not_positive": "ingen – effekten är inte positiv",
            "no_cost": "saknas – ingen budget", "no_complete_data": ".",
            "no_unit_values": "..",
        },
        "sheet": {
            "summary": "Nyckeltal", "profile": "Deltagarna", "outcomes": "Utfallsmått",
            "deviations": "Avvikelser",
            "background": "Bakgrundsvariabler", "exit_other": "Bakom Antal till annat",
            "work_support": "Arbete med och utan stöd", "age": "Ålder vid inskrivning",
            "referrer": "Remitterande part", "change": "ORS-förändring",
            "compliance": "Mätpolicyn ORS och SRS", "health": "Hälsa vid avslut",
            "health_6m": "Hälsa efter 6 månader", "staff_role": "Personal per yrkesroll",
            "staff_age": "Personal per ålder", "staff_change": "Personalen under perioden",
            "trend": "Utfall över tid", "targets": "Målnivåer", "followups": "Uppföljning",
            "outcomes_age": "Utfallsmått per ålder", "change_age": "ORS-förändring per ålder",
            "health_age": "Hälsa vid avslut per ålder",
            "followups_age": "Uppföljning per ålder",
            "budget": "Budget", "cost": "Kostnad per deltagare",
            "survey_participant": "Enkät deltagare",
            "survey_participant_exit": "Enkät deltagare vid avslut",
            "survey_staff": "Enkät personal", "survey_referrer": "Enkät remittenter",
            "survey_management": "Enkät ledningsgrupp", "survey_board": "Enkät styrelse",
            "rates": "Svarsfrekvens", "payback": "Återbetalningstid",
            "society/at_exit": "Samhällsnytta vid avslut",
            "society/after_6m": "Samhällsnytta efter 6 mån",
            "society/after_24m": "Samhällsnytta efter 24 mån",
            "actors/at_exit": "Effekt per aktör vid avslut",
            "actors/after_6m": "Effekt per aktör efter 6 mån",
            "actors/after_24m": "Effekt per aktör efter 24 mån",
            "teams": "Teamen sida vid sida", "surveys_teams": "Deltagarenkät per team",
        },
        "report_kind": {"year": "Årsrapport", "half": "Halvårsrapport",
                        "fullyear": "Helårsrapport", "tertial": "Tertialrapport",
                        "range": "Rapport"},
        "excel_part": {
            "share": "andel", "count": "antal", "with_followup": "av antal",
            "base": "i kohorten", "value": "värde", "n": "n",
        },
        "key": {"active": "Aktiva under perioden", "exits": "Avslut",
                "positive_share": "Positivt utfall, andel av avslut utan dropouts",
                "recovered_share": "ORS: återhämtade",
                "improved_share": "ORS: tillförlitligt förbättrade",
                "ors_compliant_share": "Följer ORS-policyn", "title_column": "Nyckeltal"},
        "deviation": {
            "title": "Avvikelser att lyfta med styrgruppen",
            "K": "kvinnor", "M": "män", "total": "totalt",
            "work": "Arbete", "studies": "Studier",
            "vocational_rehab": "Arbetslivsinriktad rehabilitering",
            "improved_health": "Förbättrad hälsa", "positive": "Positivt utfall",
            "health_improved": "Förbättrad hälsa vid avslut",
            "ors_compliant": "Följer ORS-policyn",
            "ors_better": "ORS: återhämtade eller förbättrade",
            "target_missed": "{what}, {group}: {share} ({n}) mot målet {target} ({diff} "
                             "procentenheter)",
            "moved": "{what}, {group}: {share} ({n}) mot {before} {period} ({diff} "
                     "procentenheter)",
            "occupancy": "Beläggning: {used} platser i genomsnitt mot planens {places} "
                         "({diff} %)",
            "none": "Inga avvikelser över gränserna den här perioden.",
            "note": ("Listas: ett mål som missas med mer än {target} procentenheter, en "
                     "huvudandel som ändrats mer än {change} procentenheter sedan {period}, "
                     "och en beläggning (inskrivna dagar ÷ periodens dagar) som avviker mer "
                     "än {occupancy} % från planens platser. Andelar som bygger på färre än "
                     "{min_base} personer eller som inte visas (..) jämförs inte."),
            "team": "Team", "group_column": "Grupp", "deviation": "Avvikelse",
            "per_team_title": "Avvikelser per team",
            "team_none": "inga avvikelser över gränserna",
        },
        "overview": {
            "team": "Team", "active": "Aktiva", "exits": "Avslut",
            "positive_share": "Positivt utfall",
            "with_two_or_more": "Minst två ORS-mätningar", "recovered_share": "Återhämtade",
            "improved_share": "Tillförlitligt förbättrade",
            "deteriorated_share": "Tillförlitligt försämrade",
            "ors_compliant_share": "Följer ORS-policyn",
            "srs_compliant_share": "Följer SRS-policyn",
            "with_both": "Med båda hälsoenkäterna", "health_improved": "Förbättrad hälsa",
            "spent_prorated": "Utfall under perioden", "participants": "Aktiva deltagare",
            "cost_per_participant": "Kostnad per deltagare",
            "positive_outcomes": "Positiva utfall",
            "cost_per_positive_outcome": "Kostnad per positivt utfall",
            "target_column": "{what} (mål {level})",
            "survey_participant": "Pågående", "survey_participant_exit": "Vid avslut",
            "survey_staff": "Personal", "survey_referrer": "Remittenter",
            "survey_management": "Ledningsgrupp", "survey_board": "Styrelse",
        },
        "goal_status": {"met": "✓ nått", "not_met": "✗ ej nått",
                        "unknown": "– kan inte bedömas", "none": ""},
        "equality": {"K": "kvinnor", "M": "män", "measure": "Mått",
                     "difference": "Skillnad kvinnor − män, procentenheter"},
        "headline": {
            "positive": "Positivt utfall (gemensamt utfallsmått)",
            "ors_recovered": "ORS: återhämtade",
            "ors_improved": "ORS: tillförlitligt förbättrade",
            "health_improved": "Förbättrad hälsa vid avslut",
            "ors_compliant": "Följer ORS-policyn",
            "survey_agree": "Deltagarenkäten {year}: instämmer",
        },
        "unit": {"years": "år", "months": "månader", "percent": "%"},
        "text": {
            "excel_hidden": "Dold (..) för att skydda enskilda, eller uppgift saknas.",
            "excel_missing": "Uppgift saknas (..).",
            "excel_not_applicable": "Kan inte förekomma (.): ingen att dela med.",
            "excel_flagged": "⚑ Avvikelsen är större än förbundets gräns.",
            "excel_empty_note": (
                "Tomma celler: ”..” i rapporten (dold för att skydda enskilda eller saknas) "
                "eller ”.” (kan inte förekomma); cellens kommentar säger vilket."),
            "excel_audience_external": "Extern rapport: utan personuppgifter, små tal dolda",
            "excel_audience_internal": (
                "Intern rapport: endast för teamet, innehåller uppgifter om enskilda"),
            "excel_period": "Period: {name} ({label})",
            "excel_team": "Team: {name}",
            "excel_overview": "Översikt, alla team",
            "reader_external": "Extern rapport: utan personuppgifter, små tal dolda",
            "reader_internal": "Intern rapport: endast för teamet, innehåller uppgifter om "
                               "enskilda",
            "team_id": "Team-id i underlaget",
            "made_with": "Framtagen {date} med finsam-analysis {version}",
            "key_figures_title": "Nyckeltal för perioden",
            "summary_title": "Sammanfattning",
            "narrative_missing": "Teamet har inte skrivit något om ”{heading}” för perioden "
                                 "({where}).",
            "heading_empty": "Rubriken finns i teamets text men har inget innehåll.",
            "co_assessor_title": "Extern medbedömning",
            "co_assessor_who": "Extern medbedömare",
            "no_co_assessor": "Ingen extern medbedömning finns för perioden.",
            "no_surveys": "Indikatorenkäterna (survey_questions, survey_responses) saknas i "
                          "underlaget.",
            "no_survey_year": "{group}: ingen enkät {year}.",
            "likert_title": "{group}: svarsfördelning {year}",
            "dots_title": "{group}: teamet jämfört med alla team och förra året",
            "no_targets": "Inga målnivåer finns i inställningarna (targets i config.yml).",
            "no_followups": "Uppföljningar efter avslut (tabellen followups) saknas i "
                            "underlaget.",
            "no_ors": "Inga ORS- eller SRS-mätningar finns i underlaget (tabellerna ors och "
                      "srs).",
            "no_health": "Hälsoenkäten (tabellen health) saknas i underlaget.",
            "no_health_6m": "Hälsoenkäten sex månader efter avslut saknas i underlaget.",
            "no_staff": "Uppgifter om personalens sammansättning (tabellen staff) saknas i "
                        "underlaget.",
            "no_budget": "Uppgifter om budget (tabellen budget) saknas i underlaget.",
            "no_cost": "Kostnad per deltagare och per positivt utfall kräver budgetuppgifter "
                       "(tabellen budget), som saknas i underlaget.",
            "about_measures": (
                "Gemensamma utfallsmått enligt samordningsförbundets policy: dropouts är "
                "deltagare som avslutas inom {months} kalendermånader från start och räknas "
                "inte in i resultatet; positivt utfall är arbete, studier och annan "
                "arbetslivsinriktad rehabilitering, i procent av avslut utan dropouts. "
                "Genomströmningstid mäts från inskrivning till avslut i månader om 365,25/12 "
                "dagar. All statistik redovisas uppdelad på kön."),
            "about_internal": "Intern rapport: inga tal är dolda. ”..” betyder att en uppgift "
                              "saknas.",
            "about_not_applicable": (
                "”.” betyder att uppgiften inte kan förekomma: en andel eller ett medelvärde "
                "där det inte finns någon att dela med (till exempel andelen positiva utfall "
                "när ingen har avslutats)."),
            "about_rules": (
                "Måluppfyllelse: ett mål är nått när andelen, avrundad till en decimal, är "
                "minst målnivån; pilen jämför med föregående period (minst 1 procentenhet). "
                "Jämställdhet: skillnaden kvinnor − män räknas på de visade andelarna; en "
                "skillnad på minst 10 procentenheter där både kvinnorna och männen är minst 10 "
                "kommenteras. En dold andel ger ingen skillnad."),
            "about_assumptions": "Antaganden där policyn lämnar val öppna finns i "
                                 "docs/assumptions.md och docs/equality.md i finsam-analysis.",
            "goals_title": "Måluppfyllelse",
            "goal_previous": "{period}: {share} {arrow}",
            "goals_note": (
                "Utfallet för kvinnor, män och totalt bredvid målnivån, med talen det bygger "
                "på (N av M). ✓ nått = utfallet är minst målnivån; ✗ ej nått = under "
                "målnivån; – kan inte bedömas = utfallet visas inte (för få personer, dolt för "
                "att skydda enskilda, eller ingen uppföljning). Rad två: samma andel för "
                "föregående period ({period}); ↑ minst 1 procentenhet högre nu, ↓ minst 1 "
                "procentenhet lägre nu, → mindre förändring. Positivt utfall har ingen "
                "målnivå i inställningarna."),
            "n_of_m": "{count} av {base}",
            "goals_see_first": "Målnivåerna och utfallet för kvinnor och män står under "
                               "Måluppfyllelse på rapportens första sida.",
            "survey_respondents": "svar, {n} svarande",
            "goal_cohort": "uppföljda, {base} i kohorten",
            "equality_title": "Jämställdhet: kvinnor och män",
            "equality_sentence": (
                "{what}: andelen är {diff} procentenheter högre för {higher} ({higher_share}, "
                "{higher_n}) än för {lower} ({lower_share}, {lower_n})."),
            "equality_none": (
                "Ingen skillnad mellan kvinnor och män når upp till regeln för en kommentar."),
            "equality_rule": (
                "Skillnaden är andelen kvinnor minus andelen män, som de visas (en decimal). "
                "◆ = en skillnad på minst {points} procentenheter där både kvinnorna och "
                "männen är minst {n}; den kommenteras i en mening. En dold andel (..) ger en "
                "dold skillnad."),
            "association_total": "Förbundet totalt",
            "overview_outcomes_title": "Utfall per team",
            "overview_ors_title": "ORS per team: förändring och mätning enligt policyn",
            "overview_ors_note": (
                "Andelar av deltagarna med minst två ORS-mätningar (förändring) och av de "
                "aktiva under perioden (policyn), kvinnor och män tillsammans; per kön i "
                "teamens rapporter."),
            "overview_health_title": "Hälsa per team: förbättrad hälsa vid avslut",
            "overview_health_note": (
                "Andel med förbättrad hälsa av avslutade utan dropouts som har både start- och "
                "avslutsenkät."),
            "overview_cost_title": "Kostnad per team",
            "overview_cost_note": (
                "Utfallet fördelat på perioden efter antal dagar, delat med de aktiva och med "
                "de positiva utfallen under perioden."),
            "overview_targets_title": "Måluppfyllelse per team: {timepoint}",
            "overview_targets_note": (
                "Utfallet för kvinnor och män tillsammans (Totalt); ✓ = minst målnivån, ✗ = "
                "under. Per kön, med talen det bygger på, i teamens rapporter."),
            "overview_surveys_participants": (
                "Deltagarenkäterna {year}: andel svar som instämmer, pågående och vid avslut"),
            "overview_surveys_others": (
                "Indikatorenkäterna {year}: andel svar som instämmer per respondentgrupp"),
            "overview_surveys_note": (
                "Alla frågor i respondentgruppen tillsammans. Färre än {min_base} svarande, "
                "eller 1–{threshold} svar som instämmer eller inte instämmer, visas som ”..”; "
                "är kvinnornas eller männens andel dold döljs båda; är ett enda teams andel "
                "dold döljs också förbundets. En grupp utan svar visas inte."),
            "overview_deviations_quiet": "Utan avvikelser över gränserna: {teams}.",
            "overview_deviations_note": (
                "Kvinnor och män tillsammans (Totalt) och beläggningen; avvikelserna för "
                "kvinnor och för män står i varje teams rapport."),
            "overview_title": "Översikt, alla team",
            "overview_teams": "{n} team.",
            "overview_anonymised": "Teamen visas avidentifierade som grupper.",
            "overview_equality_title": "Jämställdhet per team: positivt utfall",
            "trend_too_little": (
                "Diagrammet över positivt utfall visas inte: färre än två perioder har en "
                "andel som kan visas (andelar som bygger på färre än {min_base} personer eller "
                "på dolda tal visas inte)."),
            "se_payback_title": "Återbetalningstid för samhället, månader",
            "se_society_title": "Samhällsekonomiskt resultat: {cohort}",
            "se_actor_title": "Effekt per aktör: {cohort}",
            "se_chart_title": "Försörjning före och efter: {cohort}",
            "se_unknown_sex": "Totalt omfattar även {n} deltagare av okänt kön.",
            "se_note": (
                "Enhetsvärden i {year} års priser{illustrative}. Återbetalningstid = teamets "
                "kostnad för deltagarna delad med samhällets effekt per månad (effekten under "
                "tolv månader jämfört med tolv månader före inskrivningen, delad med 12); "
                "ingen återbetalningstid när effekten inte är positiv. n = antal med "
                "fullständiga uppgifter om sin försörjning före och efter, som beräkningen "
                "bygger på."),
            "se_later_brief": "Effekten per aktör och försörjningen före och efter visas för "
                              "kohorten vid avslut; för 6 och 24 månader efter avslut visas "
                              "samhällets resultat.",
            "se_illustrative": "; illustrativa enhetsvärden, inte officiella",
            "se_brief": "Tkr i {year} års priser{illustrative}. Positiv effekt = en vinst för "
                        "aktören.",
            "se_suppressed": (
                "..  Döljs i extern rapport: belopp som bygger på färre än {min_base} personer, "
                "och för den andra gruppen när Kvinnor + Män = Totalt annars skulle avslöja dem."),
            "se_no_data": "Uppgifter om deltagarnas försörjning (tabellen support) saknas i "
                          "underlaget.",
            "se_no_values": "Enhetsvärden (socioeconomic: i config.yml) saknas, så bara "
                            "försörjningen före och efter visas.",
            "se_model": (
                "Modellen jämför varje deltagares försörjning under tolv månader före "
                "inskrivningen med tolv månader efter avslutet (och från 6 och 24 månader efter "
                "avslutet) och värderar skillnaden för kommunen, regionen, Försäkringskassan, "
                "Arbetsförmedlingen, övrig stat och individen med förbundets egna enhetsvärden "
                "i {year} års priser{illustrative}. Samhällets effekt är de offentliga "
                "aktörernas effekter plus förändringen i produktionsvärde när någon arbetar. "
                "Kostnaden är teamets utfall fördelat efter deltagarnas inskrivna dagar. "
                "Modellen värderar bara ekonomiska effekter i första ledet: mjuka effekter som "
                "livskvalitet, hälsa och minskat lidande, effekter för familj och omgivning, "
                "undanträngning och effekter i senare led ingår inte. Den visar storleksordning, "
                "inte exakta belopp. Se docs/socioeconomic.md."),
            "health_title": "Hälsoenkäten: förbättrad hälsa bland dem som avslutats",
            "health_age_title": ("Hälsoenkäten: förbättrad hälsa bland dem som avslutats, "
                                 "per ålder vid inskrivning"),
            "staff_role_title": "Personalen vid periodens slut, per yrkesroll",
            "staff_age_title": "Personalen vid periodens slut, per ålder",
            "staff_change_title": "Personalen under perioden",
            "budget_title": "Budget och utfall",
            "cost_title": "Kostnad per deltagare och per utfall",
            "survey_title": "Indikatorenkät {year}: {group}",
            "survey_note": (
                "Skala {lo:g}–{hi:g}; svar från {agree:g} och uppåt räknas som att instämma. "
                "Skillnaderna är i procentenheter. Frågorna återges ordagrant. Frågor med färre "
                "än {min_base} svar visas inte."),
            "rates_title": "Svarsfrekvens {year}",
            "change_title": "Förändring i ORS (Jacobson–Truax)",
            "change_age_title": "Förändring i ORS (Jacobson–Truax) per ålder vid inskrivning",
            "compliance_title": "Uppföljning av mätpolicyn för ORS och SRS",
            "compliance_note": (
                "ORS och SRS ska göras varje månad och minst varannan månad. En deltagare "
                "följer policyn när det längsta uppehållet mellan mätningarna under perioden "
                "är högst {max_gap} dagar."),
            "change_note": (
                "Tillförlitlig förändring: minst {rc:g} poäng. Klinisk gräns: {adult:g} poäng "
                "(vuxna), {youth:g} poäng (13–17 år). Återhämtad: började under gränsen och "
                "slutade på eller över den med en tillförlitlig förbättring."),
            "legend_suppressed": (
                "..  Uppgift saknas eller visas inte för att skydda enskilda (se ”Om "
                "rapporten”); andelar och medelvärden kräver minst {min_base} personer."),

            "legend_suppressed_full": (
                "”..” betyder att uppgiften inte visas för att skydda enskilda. Dolda är antal "
                "från 1 till {threshold} av var deltagarna tog vägen och hur det gick för dem "
                "(avslutsorsaker, positiva utfall, ORS-förändring, förbättrad hälsa, "
                "uppföljningar och deras uppdelningar), alla tal för en grupp som bara har 1 "
                "till {threshold} personer, och de ytterligare tal som annars skulle låta en "
                "läsare räkna fram dem ur summor – i denna rapport, i de andra rapporterna från "
                "samma körning (alla team, alla perioder, översikten) och i tidigare körningar "
                "till samma mapp. Vilka tal som döljs väljs så att så lite som möjligt av det "
                "läsaren behöver går förlorat, och valet kontrolleras med linjärprogrammering: "
                "för varje skyddat tal finns det en tabell som stämmer med allt som publicerats "
                "där talet är 0. Skillnader mellan kvinnor och män redovisas. Nollor visas; den "
                "som själv vet något om en deltagare kan veta mer än tabellerna säger. En "
                "andel eller ett medelvärde visas när det bygger på minst {min_base} personer och "
                "talen bakom det visas."),
            "totals_note": "Totalt = kvinnor och män.",
            "unknown_sex_note": (
                "Därtill {n} deltagare av okänt kön under perioden, som inte ingår i "
                "tabellerna efter kön."),
            "trend_note": (
                "Andel med positivt utfall (arbete, studier eller annan arbetslivsinriktad "
                "rehabilitering) av avslut utan dropouts; inom parentes antal positiva utfall "
                "av antal avslut utan dropouts."),
            "legend_missing": "..  Uppgift saknas.",
            "legend_not_applicable": ".  Kan inte förekomma (ingen att dela med).",
            "legend_symbols": (
                "..  Uppgift saknas eller visas inte för att skydda enskilda.  "
                ".  Kan inte förekomma: en andel eller ett medelvärde utan någon att dela med."),
            "health_6m_title": "Hälsoenkäten sex månader efter avslut",
            "followups_title": "Uppföljning 6, 12, 18 och 24 månader efter avslut",
            "followups_age_title": ("Uppföljning 6, 12, 18 och 24 månader efter avslut, "
                                    "per ålder vid inskrivning"),
            "followup_row": "{months} mån, {group}",
            "followups_note": (
                "Kohorten är de som avslutats utan att vara dropouts och vars uppföljning "
                "infaller under perioden (avslutsdatum + 6, 12, 18 eller 24 kalendermånader). "
                "Uppföljda = med känd status vid tidpunkten; statusarna och andelen med "
                "positivt utfall (arbete, studier, annan arbetslivsinriktad rehabilitering) "
                "avser de uppföljda."),
            "target_cell": "{share} ({count} av {with_followup})",
            "target_cell_cohort": "{share} ({count} av {with_followup} uppföljda, {base} i "
                                  "kohorten)",
            "target_cell_health_cohort": "{share} ({count} av {with_followup} med båda "
                                         "enkäterna, {base} i kohorten)",
            "targets_note": (
                "Vid avslut: andel av avsluten utan dropouts under perioden (förbättrad hälsa: "
                "av dem med hälsoenkät vid start och avslut). Efter 6 månader och 2 år: "
                "kohorten är de vars uppföljning infaller under perioden, och andelen är av "
                "dem i kohorten som följts upp."),
            "sus_cap": "{n} av {base} har värdet 9 år eller mer (SUS tak).",
            "example_data": "Exempeldata — fiktiva uppgifter",
            "no_data": "Uppgifter saknas för denna del.",
            "outcomes_title": "Gemensamma utfallsmått",
            "outcomes_age_title": "Gemensamma utfallsmått per ålder vid inskrivning",
            "profile_title": "Deltagarna under perioden",
            "background_title": "Bakgrundsvariabler för deltagare med positivt utfall",
            "exit_other_title": "Vad som döljer sig bakom ”Antal till annat”",
            "work_support_title": "Arbete med och utan stöd",
            "age_title": "Ålder vid inskrivning",
            "referrer_title": "Remitterande part",
            "trend_title": "Utfall över tid",
            "targets_title": "Målnivåer och utfall",
            "group_column": "Kön",
            "age_column": "Ålder vid inskrivning",
            "age_note": "Ålder vid inskrivning = inskrivningsåret − födelseåret.",
            "introduction_title": "Inledning",
            "other_title": "Övrigt",
            "narrative_who": "Teamets text",
        },
        # The narrative template (`finsam narrative-template`): the policy's four parts and
        # its support questions per field (seed 000, Niofältaren), as comments to the team.
        "narrative_parts": {
            "beskrivning": "Beskrivning",
            "analys": "Analys",
            "bedomning": "Bedömning",
            "forslag": "Förslag",
        },
        "narrative_part_help": {
            "beskrivning": "Beskrivning av verksamhet och organisation, och eventuella "
                           "förändringar över tid.",
            "analys": "Analys och tolkning av dessa fakta, bland annat i förhållande till mål "
                      "och gjorda insatser. All statistik könsuppdelad och analyserad ur ett "
                      "jämställdhetsperspektiv.",
            "bedomning": "Värdering, reflektion och bedömning av vad analysen lett eller leder "
                         "fram till.",
            "forslag": "Förslag till åtgärder och rekommendationer.",
        },
        "narrative_questions": {
            "summary": "En sammanfattning av rapporten: de viktigaste resultaten, vad teamet "
                       "ser som sin största tillgång och vad som främst behöver utvecklas.",
            "deltagarna_forutsattningar": (
                "Beskrivning av deltagargruppen. Vad kännetecknar deltagarna strax före start "
                "(statistik och behov)? Hur har deltagarna identifierats? Hur har deltagarna "
                "valts ut? Metod/källa: SUS, insatsdokumentation, registerdata, egna "
                "mätningar."),
            "deltagarna_genomforande": (
                "Aktiviteter och åtgärder som genomförts: introduktion, utbildning, "
                "diagnostiska och rådgivande samtal, arbetsrehabilitering, andra stöd och "
                "vårdformer. Hur påverkar deltagarna verksamheten? Hur påverkas deltagarna av "
                "verksamheten? Hur förändras deltagarna under processen? Kvalitetsbedömning. "
                "Metod/källa: SUS, dagböcker, insatsdokumentation, egna mätningar."),
            "deltagarna_resultat": (
                "Har insatsen nått fastställda mål? Har insatsen lyckats nå rätt målgrupp(er)? "
                "Andelen som erhåller arbete, börjar utbildning eller annan arbetslivsinriktad "
                "rehabilitering. Andra nyckeltal för att värdera resultatet. Kommentarer om "
                "avvikelser. Förbättrad livskvalitet och hälsa. Hur har bidragsberoendet "
                "påverkats? Faktorer som påverkat resultatet. Metod/källa: SUS, fallstudier, "
                "insatsdokumentation, egna mätningar."),
            "personalen_forutsattningar": (
                "Beskrivning av personalen. Hur har personalen valts ut eller rekryterats? "
                "Kompetenskrav. Personalens sammansättning (yrkeskategorier, ålder och kön) "
                "och förändring av den över tid. Metod/källa: insatsdokumentation."),
            "personalen_genomforande": (
                "Personal, arbetssätt och metoder: medinflytande, stöd, ledning i den dagliga "
                "verksamheten, arbetsfördelning, förutsättningar för lärande. "
                "Utvecklingssamtal och hur de förändrar arbetssätt och metoder. Hur sker "
                "samverkan mellan personalen? Förändringar utanför insatsen som påverkar "
                "arbetssätt och metoder. Exempel på hinder och framgångsfaktorer i "
                "arbetsprocessen. Metod/källa: dagböcker, insatsdokumentation."),
            "personalen_resultat": (
                "Vad blev resultatet för personalen? Ökad gemensam kunskap, "
                "utvärderingskompetens, sektorsövergripande arbetssätt och synsätt, "
                "kompetensutveckling, metodskicklighet. Metod/källa: dagböcker, "
                "insatsdokumentation."),
            "organisationen_forutsattningar": (
                "Beskrivning av insatsens organisation: styrning och ledning (styrgruppens "
                "arbete). Hur har styrningen fungerat? Ekonomi och budget, lokaler och "
                "arbetsmiljö, hjälpmedel, tidplan. Förändras detta över tid? Metod/källa: "
                "insatsdokumentation, styrgruppsprotokoll, beslutsprocess om ekonomiska "
                "beslut."),
            "organisationen_genomforande": (
                "Samverkan och samordning med andra aktörer. Hur har samverkan och "
                "kommunikation gentemot övriga aktörer fungerat? Kvalitetsbedömning. Vilka "
                "hinder och lösningar finns eller har funnits? Förändringar utanför insatsen "
                "som påverkar. Metod/källa: dagböcker, insatsdokumentation."),
            "organisationen_resultat": (
                "Vad blev resultatet för organisationen? Kostnader och kostnadseffektivitet. "
                "Har insatsen lett till verksamhetsutveckling? Finns bättre metoder för "
                "implementering i reguljär verksamhet? Metod/källa: dagböcker, "
                "insatsdokumentation, ekonomisk redovisning."),
        },
        "narrative_template": {
            "title": "# {team}, {period}",
            "intro": (
                "Teamets text till rapporten för {period} ({label}). Skriv under rubrikerna; "
                "kommentarerna som denna är stödfrågor ur utvärderingspolicyn och syns inte i "
                "rapporten. Ett fält som lämnas tomt visas som ”inte skrivet”. Behåll "
                "rubrikerna (##) som de är; en egen rubrik som ## Inledning eller "
                "## Programteori visas som rapportens inledning, andra egna rubriker under "
                "Övrigt sist."),
        },
    },
    "en": {
        "group": {"K": "Women", "M": "Men", "unknown": "Unknown", "total": "Total",
                  "16-24": "16–24 years", "25-29": "25–29 years", "30-39": "30–39 years",
                  "40-49": "40–49 years", "50-64": "50–64 years", "other_age": "Other ages",
                  "unknown_age": "Unknown age"},
        "deviation": {
            "title": "Deviations to raise with the steering group",
            "K": "women", "M": "men", "total": "total",
            "work": "Work", "studies": "Studies",
            "vocational_rehab": "Vocational rehabilitation",
            "improved_health": "Improved health", "positive": "Positive outcome",
            "health_improved": "Improved health at exit",
            "ors_compliant": "ORS as the policy asks",
            "ors_better": "ORS: recovered or improved",
            "target_missed": "{what}, {group}: {share} ({n}) against the target {target} "
                             "({diff} percentage points)",
            "moved": "{what}, {group}: {share} ({n}) against {before} in {period} ({diff} "
                     "percentage points)",
            "occupancy": "Occupancy: {used} places on average against the plan's {places} "
                         "({diff} %)",
            "none": "No deviation beyond the limits this period.",
            "note": ("Listed: a target missed by more than {target} percentage points, a "
                     "headline share that moved more than {change} points since {period}, "
                     "and occupancy (days enrolled ÷ the period's days) more than "
                     "{occupancy} % off the plan's places. Shares resting on fewer than "
                     "{min_base} people or not shown (..) are not compared."),
            "team": "Team", "group_column": "Group", "deviation": "Deviation",
            "per_team_title": "Deviations by team",
            "team_none": "no deviation beyond the limits",
        },
        "national": {
            "participants": "Participants", "new": "New", "exits": "Exits",
            "title": "Participants by sex {year} – {association}",
            "audience_external": ("External: Total = women and men; unknown sex on its own "
                                  "line; small counts protected by the disclosure rules."),
            "audience_internal": "Internal: every figure, Total with unknown sex.",
            "hidden_note": ("Empty cell: not shown to protect individuals (small counts, and "
                            "counts that could otherwise be worked out)."),
        },
        "attention": {
            "ors_overdue": "ORS overdue", "deteriorated": "Reliably deteriorated (ORS)",
            "below_cutoff": "Below the cutoff after several measurements (ORS)",
            "long_enrolment": "Enrolled longer than planned", "srs_low": "Low latest SRS",
            "participant_id": "Participant (team's id)", "sex": "Sex",
            "start_date": "Enrolled", "reason": "Reason", "date": "Date", "detail": "Figures",
            "title": "Needs attention {date} – {team}",
            "internal": ("Internal material for the team: holds data on individual "
                         "participants; not to be shared."),
            "none": "No participant needs attention by the rules.",
            "d_ors_overdue": "no ORS for {days} days (latest {since})",
            "d_ors_overdue_start": "no ORS since the start, {days} days",
            "d_deteriorated": "ORS {first} → {last} ({change} points)",
            "d_below_cutoff": "latest ORS {last}, cutoff {cutoff}, {n} measurements",
            "d_long_enrolment": "{months} months since enrolment",
            "d_srs_low": "latest SRS {last} (alert level {alert})",
        },
        "outcome": {
            "active": "Active during the period", "exits": "Exits in total",
            "dropouts": "of which dropouts (early exits)", "work": "To work",
            "studies": "To studies", "vocational_rehab": "To other vocational rehabilitation",
            "medical_rehab": "To medical rehabilitation",
            "sickness_compensation": "To sickness compensation", "other": "To other",
            "active_at_end": "Active at the end of the period", "positive": "Positive outcome",
            "positive_share": "Positive outcome, share of exits without dropouts",
            "mean_years_without_work": "Time without work or studies before enrolment, mean",
            "mean_throughput_months": "Throughput time, mean",
            "completed": "Exits without dropouts", "n_years_known": "With known time",
            "n_at_sus_cap": "of which at the SUS cap (9 years)", "started": "New enrolments",
            "period": "Period",
        },
        "report_kind": {"year": "Annual report", "half": "Half-year report",
                        "fullyear": "Full-year report", "tertial": "Tertial report",
                        "range": "Report"},
        "excel_part": {
            "share": "share", "count": "count", "with_followup": "out of",
            "base": "in the cohort", "value": "value", "n": "n",
        },
        "unit": {"years": "years", "months": "months", "percent": "%"},
        "overview": {
            "team": "Team", "active": "Active", "exits": "Exits",
            "positive_share": "Positive outcome",
            "with_two_or_more": "Two or more ORS", "recovered_share": "Recovered",
            "improved_share": "Reliably improved", "deteriorated_share": "Reliably deteriorated",
            "ors_compliant_share": "ORS as the policy asks",
            "srs_compliant_share": "SRS as the policy asks",
            "with_both": "With both health forms", "health_improved": "Improved health",
            "spent_prorated": "Spent in the period", "participants": "Active participants",
            "cost_per_participant": "Cost per participant",
            "positive_outcomes": "Positive outcomes",
            "cost_per_positive_outcome": "Cost per positive outcome",
            "target_column": "{what} (target {level})",
            "survey_participant": "Ongoing", "survey_participant_exit": "At exit",
            "survey_staff": "Staff", "survey_referrer": "Referrers",
            "survey_management": "Management group", "survey_board": "Board",
        },
        "text": {
            "overview_outcomes_title": "Outcomes by team",
            "overview_ors_title": "ORS by team: change and measurement as the policy asks",
            "overview_ors_note": (
                "Shares of the participants with two or more ORS measurements (change) and of "
                "those active in the period (policy), women and men together; by sex in the "
                "teams' reports."),
            "overview_health_title": "Health by team: improved health at exit",
            "overview_health_note": (
                "Share with improved health of the exits without dropouts with both a start "
                "and an exit form."),
            "overview_cost_title": "Cost by team",
            "overview_cost_note": (
                "Spending prorated to the period by days, divided by those active and by the "
                "positive outcomes of the period."),
            "overview_targets_title": "Targets by team: {timepoint}",
            "overview_targets_note": (
                "Women and men together (Total); ✓ = at least the target, ✗ = below. By sex, "
                "with the numbers, in the teams' reports."),
            "overview_surveys_participants": (
                "Participant surveys {year}: share of answers agreeing, ongoing and at exit"),
            "overview_surveys_others": (
                "Indicator surveys {year}: share of answers agreeing by respondent group"),
            "overview_surveys_note": (
                "All questions of the respondent group together. Fewer than {min_base} "
                "respondents, or 1–{threshold} answers agreeing or not agreeing, show as "
                "“..”; when the women's or the men's share is hidden so is the other; when a "
                "single team's share is hidden so is the association's. A group without "
                "answers is left out."),
            "overview_deviations_quiet": "No deviation beyond the limits: {teams}.",
            "overview_deviations_note": (
                "Women and men together (Total) and occupancy; the deviations for women and "
                "for men are in each team's report."),
            "excel_hidden": "Hidden (..) to protect individuals, or not available.",
            "excel_missing": "Not available (..).",
            "excel_not_applicable": "Cannot occur (.): nobody to divide by.",
            "excel_flagged": "⚑ The deviation is above the association's limit.",
            "excel_empty_note": (
                "Empty cells: “..” in the report (hidden to protect individuals, or not "
                "available) or “.” (cannot occur); the cell's comment says which."),
            "excel_audience_external": "External report: no personal data, small counts hidden",
            "excel_audience_internal": (
                "Internal report: for the team only, holds individuals' data"),
            "excel_period": "Period: {name} ({label})",
            "excel_team": "Team: {name}",
            "excel_overview": "Overview, all teams",
            "legend_suppressed": (
                "..  Not available, or not shown to protect individuals (see “About the "
                "report”). Shares and means are shown when they rest on at least {min_base} "
                "people."),
            "legend_suppressed_full": (
                "“..” means a figure is not shown, to protect individuals: counts from 1 to "
                "{threshold} of where participants went and how they fared, every count of a "
                "group of 1 to {threshold} people, and the further figures that would let a "
                "reader work them out from sums in this report, the other reports of the same "
                "run and earlier runs into the same folder. The choice is checked by linear "
                "programming: for every protected count there is a table consistent with "
                "everything published in which it is 0. Differences between women and men are "
                "reported. A share or mean is shown when it rests on at least {min_base} "
                "people and the numbers behind it are shown."),
            "totals_note": "Total = women and men.",
            "unknown_sex_note": (
                "In addition {n} participants of unknown sex during the period, not included "
                "in the tables by sex."),
            "trend_note": (
                "Share with a positive outcome (work, studies or other vocational "
                "rehabilitation) of exits without dropouts; in brackets the positive outcomes "
                "and the exits without dropouts."),
            "legend_missing": "..  Not available.",
            "legend_not_applicable": ".  Cannot occur: a share or mean with nobody to divide by.",
            "example_data": "Example data — fictitious",
            "group_column": "Sex",
            "age_column": "Age at enrolment",
            "age_note": "Age at enrolment = year of enrolment − year of birth.",
        },
    },
}


def label(domain: str, key: object, language: str = "sv") -> str:
    """The display label of a canonical `key` in `domain`; Swedish when `language` lacks it,
    the key itself when neither has one."""
    for lang in (language, "sv"):
        found = LABELS.get(lang, {}).get(domain, {}).get(str(key))
        if found is not None:
            return found
    return str(key)


def text(key: str, language: str = "sv", **values: object) -> str:
    """A sentence of the reports, with `{placeholders}` filled from `values`."""
    return label("text", key, language).format(**values)
