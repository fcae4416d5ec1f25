"""The demo dataset: five real UN presences, from public facts, with illustrative detail.

Public facts (mission names, countries, types, lead departments, resolution numbers and adoption
dates, the priorities of UNIPSIL's Joint Vision and BINUB's four areas, funding totals, UNMISS's four
pillars, UNSMIL's six mandate areas, closing dates) are kept as published. Everything else (results,
timelines, indicator figures, meeting dates, task wording beyond a paraphrase, amounts split across
priorities) is illustrative: the rows carry `illustrative=True` where the model has the field, and the
text says "illustrative".

The data is plain Python so it reads like a briefing note; `planning.demo.loader` turns it into rows.
Dates are ISO strings; cross-references use natural keys: entity codes, "resolution/paragraph" for
mandate tasks, (framework version, priority order, result order) for results.
"""

import datetime as dt


def anchor(today: dt.date) -> dt.date:
    """The day the running missions' reporting ends: the last day of the month before `today`, so
    their dashboards are current whenever the demo is seeded (the period due today is mostly
    approved, the one after it partly submitted). Closed missions end at their closing date. The
    other dates of the dataset are fixed; a second run on the same day changes nothing."""
    return today.replace(day=1) - dt.timedelta(days=1)


# The day the facts' own recent dates (running missions' last meetings) were written against; they
# move with the anchor, so a running mission's mechanisms have met lately whenever it is seeded.
WRITTEN_AS_OF = dt.date(2026, 9, 30)


def moved(day: dt.date, today: dt.date) -> dt.date:
    """`day`, a recent date of a running mission in the facts, as of the demo's anchor."""
    return day + (anchor(today) - WRITTEN_AS_OF)


ILLUSTRATIVE = "Illustrative demo content, not a public document."

# (code, name, kind) with kind a missions.choices.EntityKind value.
ENTITIES = [
    # Secretariat departments and offices
    ("DPKO", "Department of Peacekeeping Operations (Department of Peace Operations since 2019)", "secretariat"),
    (
        "DPA",
        "Department of Political Affairs (Department of Political and Peacebuilding Affairs since 2019)",
        "secretariat",
    ),
    ("DFS", "Department of Field Support (Department of Operational Support since 2019)", "secretariat"),
    ("DSS", "Department of Safety and Security", "secretariat"),
    ("PBSO", "Peacebuilding Support Office", "secretariat"),
    ("OCHA", "Office for the Coordination of Humanitarian Affairs", "secretariat"),
    ("OHCHR", "Office of the United Nations High Commissioner for Human Rights", "secretariat"),
    # Agencies, funds and programmes
    ("UNDP", "United Nations Development Programme", "afp"),
    ("UNICEF", "United Nations Children's Fund", "afp"),
    ("WFP", "World Food Programme", "afp"),
    ("UNHCR", "Office of the United Nations High Commissioner for Refugees", "afp"),
    ("UN Women", "United Nations Entity for Gender Equality and the Empowerment of Women", "afp"),
    ("UNIFEM", "United Nations Development Fund for Women (part of UN Women since 2011)", "afp"),
    ("WHO", "World Health Organization", "afp"),
    ("FAO", "Food and Agriculture Organization of the United Nations", "afp"),
    ("UNFPA", "United Nations Population Fund", "afp"),
    ("ILO", "International Labour Organization", "afp"),
    ("IOM", "International Organization for Migration", "afp"),
    ("UNODC", "United Nations Office on Drugs and Crime", "afp"),
    # Missions (the mission rows below point to these) and a successor office
    ("UNIPSIL", "United Nations Integrated Peacebuilding Office in Sierra Leone", "mission"),
    ("BINUB", "United Nations Integrated Office in Burundi", "mission"),
    ("BNUB", "United Nations Office in Burundi (successor of BINUB, 2011)", "mission"),
    ("UNMIL", "United Nations Mission in Liberia", "mission"),
    ("UNMISS", "United Nations Mission in the Republic of South Sudan", "mission"),
    ("UNSMIL", "United Nations Support Mission in Libya", "mission"),
    # Regional office
    ("UNOWA", "United Nations Office for West Africa", "regional"),
    # Partners
    ("World Bank", "World Bank Group", "partner"),
    ("AU", "African Union", "partner"),
    ("EU", "European Union", "partner"),
    ("ECOWAS", "Economic Community of West African States", "partner"),
    ("IGAD", "Intergovernmental Authority on Development", "partner"),
    # Host-government bodies
    ("SL-NEC", "National Electoral Commission (Sierra Leone)", "government"),
    ("SL-HRC", "Human Rights Commission of Sierra Leone", "government"),
    ("BI-CENI", "Independent National Electoral Commission (Burundi)", "government"),
    ("BI-PNB", "Burundi National Police", "government"),
    ("LR-LNP", "Liberia National Police", "government"),
    ("LR-MOJ", "Ministry of Justice (Liberia)", "government"),
    ("LR-NEC", "National Elections Commission (Liberia)", "government"),
    ("SS-NEC", "National Elections Commission (South Sudan)", "government"),
    ("SS-RRC", "Relief and Rehabilitation Commission (South Sudan)", "government"),
    ("LY-HNEC", "High National Elections Commission (Libya)", "government"),
    ("LY-MOJ", "Ministry of Justice (Libya)", "government"),
]

# Titles of heads of entities in a country team (people's names are not part of the demo data).
HEAD_TITLES = {
    "UNDP": "Resident Representative",
    "UNICEF": "Representative",
    "WFP": "Country Director",
    "UNHCR": "Representative",
    "UN Women": "Country Representative",
    "UNIFEM": "Country Programme Manager",
    "WHO": "WHO Representative",
    "FAO": "FAO Representative",
    "UNFPA": "Representative",
    "ILO": "Country Office Director",
    "IOM": "Chief of Mission",
    "UNODC": "Head of Programme Office",
    "OCHA": "Head of Office",
    "OHCHR": "Director of the joint human rights office",
}


def task(paragraph, text, *, lead, handover_to=None, to_hand_over=None):
    return {
        "paragraph": paragraph,
        "text": text,
        "lead": lead,
        "to_hand_over": bool(handover_to) if to_hand_over is None else to_hand_over,
        "handover_to": handover_to,
    }


def result(statement, start, end, *, lead, contributing=(), tasks=()):
    return {
        "statement": statement,
        "start": start,
        "end": end,
        "lead": list(lead) if isinstance(lead, list | tuple) else [lead],
        "contributing": list(contributing),
        "tasks": list(tasks),
    }


def indicator(
    name,
    unit,
    baseline,
    baseline_date,
    target,
    target_date,
    *,
    responsible,
    source,
    direction="up",
    aggregation="latest",
    frequency="quarterly",
    decimals=0,
    performance=1.0,
    overrides=None,
    reported=None,
):
    """`performance` shapes the illustrative series (1.0 keeps pace with the target, below lags);
    `overrides` fixes the state of given periods: {"2026-04-01": "missing" | "submitted" | ("returned", reason)};
    `reported` makes an approved period report a status of its own, whatever the figure says:
    {"latest": (status, note)} for the latest period due (a closed mission's last one), or a
    period's start date as the key: the deliberate disagreements the dashboard flags.

    A `sum` indicator is a cumulative count ("people placed in jobs"): its baseline is the count at
    the baseline date and each period reports that period's increment. A rate ("incidents per
    quarter") is a level, read with `latest`."""
    return {
        "name": name,
        "unit": unit,
        "baseline": baseline,
        "baseline_date": baseline_date,
        "target": target,
        "target_date": target_date,
        "direction": direction,
        "aggregation": aggregation,
        "frequency": frequency,
        "source": source,
        "responsible": responsible,
        "decimals": decimals,
        "performance": performance,
        "overrides": overrides or {},
        "reported": reported or {},
    }


UNIPSIL = {
    "acronym": "UNIPSIL",
    "name": "United Nations Integrated Peacebuilding Office in Sierra Leone",
    "country": "SL",
    "mission_type": "spm",
    "lead": "DPA",
    "reporting_cycle_months": 6,
    "phase": "closed",
    "structurally_integrated": True,
    "established_on": "2008-10-01",
    "closed_on": "2014-03-31",
    "illustrative": False,
    "phases": [
        ("2008-10-01", "start_up", "UNIPSIL takes over from UNIOSIL (resolution 1829 (2008))."),
        ("2009-06-01", "consolidation", "Joint Vision of the UN family adopted (date illustrative)."),
        ("2013-03-26", "drawdown", "Resolution 2097 (2013): final mandate, transition to the country team."),
        ("2014-03-31", "closed", "UNIPSIL closes; remaining functions handed over to the UN country team."),
    ],
    "leadership": [
        {
            "kind": "head",
            "title": "Executive Representative of the Secretary-General",
            "holder": "Michael von der Schulenburg",
            "rc": True,
            "hc": False,
            "rr": True,
        },
    ],
    "country_team": ["UNDP", "UNICEF", "WFP", "WHO", "FAO", "UNFPA", "UNIFEM", "UNHCR", "ILO"],
    "mandates": [
        {
            "resolution": "1829 (2008)",
            "adopted_on": "2008-08-04",
            "expires_on": "2009-09-30",
            "chapter": "VI",
            "summary": "Establishes UNIPSIL as an integrated peacebuilding office from 1 October 2008. "
            "Task wording is a paraphrase; paragraph references are illustrative.",
            "tasks": [
                task(
                    "2(a)",
                    "Provide political support to national and local efforts to identify and resolve tensions "
                    "and threats of potential conflict.",
                    lead="UNIPSIL",
                ),
                task(
                    "2(b)",
                    "Monitor and promote human rights, democratic institutions and the rule of law, including "
                    "efforts to counter transnational organised crime and drug trafficking.",
                    lead="UNIPSIL",
                    handover_to="SL-HRC",
                ),
                task(
                    "2(c)",
                    "Consolidate good governance reforms, in particular anti-corruption, decentralisation and "
                    "public service reform.",
                    lead="UNDP",
                    handover_to="UNDP",
                ),
                task(
                    "2(d)",
                    "Develop with the UN country team a joint vision and integrated programme of support to "
                    "peace consolidation, and support the Peacebuilding Commission and Fund.",
                    lead="UNIPSIL",
                    handover_to="UNDP",
                ),
            ],
        },
        {
            "resolution": "2097 (2013)",
            "adopted_on": "2013-03-26",
            "expires_on": "2014-03-31",
            "chapter": "VI",
            "summary": "Final mandate of UNIPSIL until 31 March 2014, with the transition of its functions to "
            "the UN country team. Task wording is a paraphrase; paragraph references are illustrative.",
            "tasks": [
                task(
                    "3",
                    "Complete the drawdown and hand over remaining peacebuilding functions to the UN country "
                    "team by 31 March 2014.",
                    lead="UNIPSIL",
                    handover_to="UNDP",
                ),
            ],
        },
    ],
    "assessments": [
        {
            "title": "Joint assessment for the Joint Vision of the UN family",
            "started_on": "2008-11-03",
            "completed_on": "2009-03-31",
            "lead": "DPA",
            "participants": ["UNIPSIL", "UNDP", "UNICEF", "WFP", "WHO", "FAO"],
            "is_internal": False,
            "drivers": "Youth unemployment and marginalisation; weak rural economy; concentration of power in "
            "Freetown; legacy of the civil war (illustrative summary).",
            "actors": "Government, political parties ahead of the 2012 elections, youth groups, traditional "
            "authorities (illustrative).",
            "risks": "Political violence around elections; drug trafficking through West Africa (illustrative).",
            "options": "Separate mission and agency programmes; one joint vision with joint programmes (illustrative).",
            "recommendations": "One UN family vision in support of the Agenda for Change, with joint programmes "
            "and a multi-donor trust fund (illustrative).",
        }
    ],
    "mechanisms": [
        {
            "name": "Integrated Task Force on Sierra Leone",
            "level": "hq",
            "kind": "itf",
            "chair": "DPA",
            "members": ["DPA", "DPKO", "DFS", "PBSO", "UNDP", "UNICEF", "WFP", "OHCHR", "UNIPSIL"],
            "cadence_days": 60,
            "last_meeting": "2014-02-20",
            "meetings": 5,
        },
        {
            "name": "UN Family senior leadership meeting",
            "level": "field",
            "kind": "leadership",
            "chair": "UNIPSIL",
            "members": ["UNIPSIL", "UNDP", "UNICEF", "WFP", "WHO", "FAO", "UNFPA"],
            "cadence_days": 30,
            "last_meeting": "2014-03-13",
            "meetings": 6,
        },
        {
            "name": "Joint Strategic Planning Unit",
            "level": "field",
            "kind": "planning",
            "chair": "UNIPSIL",
            "members": ["UNIPSIL", "UNDP", "UNICEF", "WFP"],
            "cadence_days": 14,
            "last_meeting": "2014-03-20",
            "meetings": 6,
            "terms_of_reference": "Joint analysis, planning and monitoring for the Joint Vision, staffed by "
            "UNIPSIL and the country team.",
        },
    ],
    "frameworks": [
        {
            "version": 1,
            "label": "Joint Vision",
            "status": "closed",
            "period_start": "2009-01-01",
            "period_end": "2012-12-31",
            "endorsed_on": "2009-06-01",
            "reviewed_on": "2011-06-30",
            "illustrative": True,
            "vision": "The UN family in Sierra Leone, UNIPSIL and the country team, works as one to consolidate "
            "peace in support of the Government's Agenda for Change: one overall priority and four programme "
            "priorities, 21 joint programmes, about US$349 million, of which about US$204 million new money "
            "through a multi-donor trust fund. Results, timelines and responsibilities are illustrative.",
            "priorities": [
                {
                    "title": "Consolidating peace",
                    "description": "The one overall priority of the Joint Vision.",
                    "results": [
                        result(
                            "National institutions manage political tensions peacefully, through the 2012 "
                            "elections (illustrative).",
                            "2009-01-01",
                            "2012-12-31",
                            lead="UNIPSIL",
                            contributing=["UNDP"],
                            tasks=["1829 (2008)/2(a)"],
                        ),
                        result(
                            "Human rights and rule of law institutions, including the Human Rights Commission, "
                            "work independently (illustrative).",
                            "2009-01-01",
                            "2012-12-31",
                            lead="UNIPSIL",
                            contributing=["UNDP", "UNICEF"],
                            tasks=["1829 (2008)/2(b)"],
                        ),
                    ],
                    "funding": [],
                },
                {
                    "title": "Economic integration of rural areas",
                    "description": "Programme priority 1.",
                    "results": [
                        result(
                            "Smallholder farmers in target districts sell more of their produce (illustrative).",
                            "2009-07-01",
                            "2012-12-31",
                            lead="FAO",
                            contributing=["WFP", "UNDP"],
                        ),
                    ],
                    "funding": [
                        ("trust_fund", 60_000_000, 9_000_000),
                        ("voluntary", 40_000_000, 6_000_000),
                    ],
                },
                {
                    "title": "Social and economic integration of youth",
                    "description": "Programme priority 2.",
                    "results": [
                        result(
                            "Young women and men gain jobs and skills through joint youth programmes (illustrative).",
                            "2009-07-01",
                            "2012-12-31",
                            lead="UNDP",
                            contributing=["ILO", "UNIFEM", "UNFPA"],
                        ),
                    ],
                    "funding": [
                        ("trust_fund", 54_000_000, 12_000_000),
                        ("voluntary", 35_000_000, 5_000_000),
                    ],
                },
                {
                    "title": "Equitable access to health",
                    "description": "Programme priority 3.",
                    "results": [
                        result(
                            "Free health care for pregnant women, lactating mothers and children under five is "
                            "supported in every district (illustrative).",
                            "2010-04-27",
                            "2012-12-31",
                            lead="UNICEF",
                            contributing=["WHO", "UNFPA"],
                        ),
                    ],
                    "funding": [
                        ("trust_fund", 55_000_000, 4_000_000),
                        ("voluntary", 45_000_000, 3_000_000),
                    ],
                },
                {
                    "title": "Accessible and credible public service",
                    "description": "Programme priority 4.",
                    "results": [
                        result(
                            "Local councils and the civil service deliver accountable services (illustrative).",
                            "2009-07-01",
                            "2012-12-31",
                            lead="UNDP",
                            contributing=["UNIPSIL"],
                            tasks=["1829 (2008)/2(c)"],
                        ),
                    ],
                    "funding": [
                        ("trust_fund", 35_000_000, 8_000_000),
                        ("voluntary", 25_000_000, 4_000_000),
                    ],
                },
            ],
            "funding_note": "Totals public (about US$349 million, about US$204 million through the multi-donor "
            "trust fund); the split across priorities and the gaps are illustrative.",
            "areas": [
                ("elections", "integrated", "One electoral support team of UNIPSIL and UNDP (illustrative)."),
                ("human_rights", "integrated", "UNIPSIL's human rights section serves the whole UN family."),
                (
                    "public_information",
                    "joint_programme",
                    "UN Radio became part of the Sierra Leone Broadcasting Corporation (illustrative depth).",
                ),
                ("recovery", "coordinated", "Agencies keep their programmes, aligned to the Joint Vision."),
            ],
            "alignments": [
                ("prsp", "Agenda for Change (second poverty reduction strategy)", "2008–2012"),
                ("other", "Sierra Leone Peacebuilding Cooperation Framework", "2007"),
            ],
        }
    ],
    "benchmarks": [
        {
            "title": "Peaceful and credible 2012 elections",
            "description": "Exit condition for UNIPSIL's political role. Indicator figures are illustrative.",
            "is_transition": True,
            "results": [(1, 1, 1)],
            "tasks": ["1829 (2008)/2(a)"],
            "indicators": [
                indicator(
                    "Registered voters",
                    "voters",
                    2_600_000,
                    "2008-12-31",
                    2_700_000,
                    "2012-09-30",
                    responsible="UNDP",
                    source="National Electoral Commission register (illustrative figures)",
                ),
                indicator(
                    "Election-related violent incidents",
                    "incidents per quarter",
                    40,
                    "2008-12-31",
                    5,
                    "2012-12-31",
                    direction="down",
                    responsible="UNIPSIL",
                    source="UNIPSIL political affairs incident log (illustrative)",
                ),
            ],
        },
        {
            "title": "Youth in work",
            "description": "Joint youth programmes of the Joint Vision. Indicator figures are illustrative.",
            "is_transition": False,
            "results": [(1, 3, 1)],
            "tasks": [],
            "indicators": [
                indicator(
                    "Young people placed in jobs through joint programmes",
                    "people",
                    0,
                    "2009-03-31",
                    2_500,
                    "2012-12-31",
                    aggregation="sum",
                    responsible="UNDP",
                    source="Joint programme monitoring reports (illustrative)",
                    performance=0.8,
                ),
            ],
        },
        {
            "title": "Accountable public service",
            "description": "Local councils and public service reform. Indicator figures are illustrative.",
            "is_transition": True,
            "results": [(1, 5, 1)],
            "tasks": ["1829 (2008)/2(c)"],
            "indicators": [
                indicator(
                    "Local councils publishing budgets",
                    "councils",
                    4,
                    "2008-12-31",
                    19,
                    "2013-06-30",
                    responsible="UNDP",
                    source="Decentralisation Secretariat (illustrative)",
                ),
            ],
        },
    ],
    "capacity_gaps": [
        {
            "category": "skills",
            "description": "A small office with little capacity to backstop 21 joint programmes (illustrative).",
            "effect": "Slow start of some joint programmes (illustrative).",
            "status": "closed",
            "identified_on": "2008-08-04",
            "reviews": [
                ("1829 (2008)", "open", "Joint Strategic Planning Unit being staffed (illustrative)."),
                ("2097 (2013)", "closed", "Functions with the country team (illustrative)."),
            ],
        }
    ],
}


BINUB = {
    "acronym": "BINUB",
    "name": "United Nations Integrated Office in Burundi",
    "country": "BI",
    "mission_type": "ipbo",
    "lead": "DPA",
    "reporting_cycle_months": 6,
    "phase": "closed",
    "structurally_integrated": True,
    "established_on": "2007-01-01",
    "closed_on": "2010-12-31",
    "illustrative": False,
    "phases": [
        ("2007-01-01", "start_up", "BINUB starts after ONUB (resolution 1719 (2006))."),
        ("2007-07-01", "consolidation", "Date illustrative."),
        ("2010-07-01", "drawdown", "Transition to BNUB after the 2010 elections (date illustrative)."),
        ("2010-12-31", "closed", "Succeeded by BNUB from 1 January 2011."),
    ],
    "leadership": [
        {
            "kind": "head",
            "title": "Executive Representative of the Secretary-General",
            "holder": "Youssef Mahmoud",
            "rc": True,
            "hc": True,
            "rr": True,
        },
        {
            "kind": "deputy",
            "title": "Deputy Executive Representative (illustrative post)",
            "holder": "",
            "rc": False,
            "hc": False,
            "rr": False,
        },
    ],
    "country_team": ["UNDP", "UNICEF", "WFP", "UNHCR", "WHO", "FAO", "UNFPA", "UNIFEM", "OCHA"],
    "mandates": [
        {
            "resolution": "1719 (2006)",
            "adopted_on": "2006-10-25",
            "expires_on": "2007-12-31",
            "chapter": "VI",
            "summary": "Establishes BINUB from 1 January 2007 for an initial twelve months. Task wording is a "
            "paraphrase; paragraph references are illustrative.",
            "tasks": [
                task(
                    "2(a)",
                    "Peace consolidation and democratic governance: support national institutions, dialogue "
                    "and the 2010 electoral process.",
                    lead="BINUB",
                    handover_to="BNUB",
                ),
                task(
                    "2(b)",
                    "Disarmament, demobilisation and reintegration and security sector reform, including "
                    "civilian disarmament.",
                    lead="BINUB",
                    handover_to="UNDP",
                ),
                task(
                    "2(c)",
                    "Promote and protect human rights, including transitional justice and a national human "
                    "rights commission.",
                    lead="BINUB",
                    handover_to="BNUB",
                ),
                task(
                    "2(d)",
                    "Development and coordination: coherence of the UN system and donor coordination, "
                    "including for the Peacebuilding Fund.",
                    lead="UNDP",
                ),
            ],
        }
    ],
    "assessments": [
        {
            "title": "Integrated planning assessment for the follow-on presence to ONUB",
            "started_on": "2006-06-01",
            "completed_on": "2006-08-31",
            "lead": "DPA",
            "participants": ["DPKO", "DPA", "UNDP", "UNICEF", "WFP"],
            "is_internal": False,
            "drivers": "Incomplete ceasefire with the FNL; fragile security sector; land disputes with "
            "returnees (illustrative summary).",
            "actors": "Government, FNL, political parties, returning refugees (illustrative).",
            "risks": "Stalled peace process with the FNL; tensions before the 2010 elections (illustrative).",
            "options": "Follow-on peacekeeping; an integrated peacebuilding office (illustrative).",
            "recommendations": "An integrated office whose head is also Resident and Humanitarian Coordinator "
            "(illustrative).",
        }
    ],
    "mechanisms": [
        {
            "name": "Integrated Task Force on Burundi",
            "level": "hq",
            "kind": "itf",
            "chair": "DPA",
            "members": ["DPA", "DPKO", "PBSO", "UNDP", "UNICEF", "OHCHR", "BINUB"],
            "cadence_days": 60,
            "last_meeting": "2010-12-02",
            "meetings": 5,
        },
        {
            "name": "Integrated Management Team",
            "level": "field",
            "kind": "leadership",
            "chair": "BINUB",
            "members": ["BINUB", "UNDP", "UNICEF", "WFP", "UNHCR"],
            "cadence_days": 14,
            "last_meeting": "2010-12-16",
            "meetings": 6,
        },
        {
            "name": "Integrated Planning Unit",
            "level": "field",
            "kind": "planning",
            "chair": "BINUB",
            "members": ["BINUB", "UNDP", "UNICEF"],
            "cadence_days": 30,
            "last_meeting": "2010-12-09",
            "meetings": 6,
        },
    ],
    "frameworks": [
        {
            "version": 1,
            "label": "Integrated peacebuilding support strategy",
            "status": "closed",
            "period_start": "2007-01-01",
            "period_end": "2010-12-31",
            "endorsed_on": "2007-06-15",
            "reviewed_on": "2009-06-30",
            "illustrative": True,
            "vision": "BINUB and the UN country team support Burundi's peace consolidation in four areas, with "
            "the executive representative also serving as Resident and Humanitarian Coordinator. The "
            "Peacebuilding Fund allocated about US$35 million. Results and timelines are illustrative.",
            "priorities": [
                {
                    "title": "Peace consolidation and democratic governance",
                    "description": "",
                    "results": [
                        result(
                            "Political dialogue among parties and institutions is sustained through the 2010 "
                            "elections (illustrative).",
                            "2007-01-01",
                            "2010-09-30",
                            lead="BINUB",
                            contributing=["UNDP"],
                            tasks=["1719 (2006)/2(a)"],
                        ),
                        result(
                            "The electoral commission organises credible 2010 elections (illustrative).",
                            "2008-07-01",
                            "2010-09-30",
                            lead="UNDP",
                            contributing=["BINUB"],
                            tasks=["1719 (2006)/2(a)"],
                        ),
                    ],
                    "funding": [("pbf", 9_000_000, 0), ("voluntary", 14_000_000, 3_000_000)],
                },
                {
                    "title": "Disarmament and security sector reform",
                    "description": "",
                    "results": [
                        result(
                            "Former combatants, including of the FNL, are demobilised and reintegrated (illustrative).",
                            "2007-01-01",
                            "2010-06-30",
                            lead="BINUB",
                            contributing=["UNDP", "WFP"],
                            tasks=["1719 (2006)/2(b)"],
                        ),
                        result(
                            "Police and army act professionally and civilian weapons are collected (illustrative).",
                            "2007-01-01",
                            "2010-12-31",
                            lead="BINUB",
                            contributing=["UNDP"],
                            tasks=["1719 (2006)/2(b)"],
                        ),
                    ],
                    "funding": [("pbf", 14_000_000, 0), ("voluntary", 10_000_000, 4_000_000)],
                },
                {
                    "title": "Human rights",
                    "description": "",
                    "results": [
                        result(
                            "Violations are monitored and a national human rights commission is established "
                            "(illustrative).",
                            "2007-01-01",
                            "2010-12-31",
                            lead="BINUB",
                            contributing=["UNIFEM", "UNICEF"],
                            tasks=["1719 (2006)/2(c)"],
                        ),
                    ],
                    "funding": [("pbf", 5_000_000, 0), ("voluntary", 3_000_000, 1_500_000)],
                },
                {
                    "title": "Development and coordination",
                    "description": "",
                    "results": [
                        result(
                            "Peacebuilding Fund projects are delivered and aid is coordinated (illustrative).",
                            "2007-01-01",
                            "2010-12-31",
                            lead="UNDP",
                            contributing=["FAO", "WFP"],
                            tasks=["1719 (2006)/2(d)"],
                        ),
                    ],
                    "funding": [("pbf", 7_000_000, 0), ("voluntary", 20_000_000, 8_000_000)],
                },
            ],
            "funding_note": "Peacebuilding Fund total public (about US$35 million); its split across areas, the "
            "voluntary amounts and the gaps are illustrative.",
            "areas": [
                ("ddr", "integrated", "One DDR team of BINUB and UNDP (illustrative)."),
                ("ssr", "integrated", "BINUB's security sector section works with UNDP programmes (illustrative)."),
                ("human_rights", "integrated", "BINUB's human rights division also represents OHCHR."),
                ("recovery", "coordinated", "Agencies keep their programmes, coordinated by the RC/HC."),
            ],
            "alignments": [
                ("other", "Strategic Framework for Peacebuilding in Burundi (Peacebuilding Commission)", "2007"),
                ("prsp", "Poverty Reduction Strategy Paper (CSLP)", ""),
                ("undaf", "UNDAF Burundi", "2010–2014"),
            ],
        }
    ],
    "benchmarks": [
        {
            "title": "Demobilisation of the FNL completed",
            "description": "Condition for the move to a smaller office. Indicator figures are illustrative.",
            "is_transition": True,
            "results": [(1, 2, 1)],
            "tasks": ["1719 (2006)/2(b)"],
            "indicators": [
                indicator(
                    "Former FNL combatants demobilised",
                    "people",
                    0,
                    "2007-03-31",
                    5_000,
                    "2009-12-31",
                    responsible="UNDP",
                    source="National DDR commission (illustrative figures)",
                ),
            ],
        },
        {
            "title": "Peaceful 2010 elections",
            "description": "Indicator figures are illustrative.",
            "is_transition": True,
            "results": [(1, 1, 2)],
            "tasks": ["1719 (2006)/2(a)"],
            "indicators": [
                indicator(
                    "Registered voters",
                    "voters",
                    3_000_000,
                    "2007-03-31",
                    3_500_000,
                    "2010-05-31",
                    responsible="UNDP",
                    source="Independent National Electoral Commission (illustrative figures)",
                ),
            ],
        },
        {
            "title": "Human rights protected",
            "description": "Indicator figures are illustrative.",
            "is_transition": False,
            "results": [(1, 3, 1)],
            "tasks": ["1719 (2006)/2(c)"],
            "indicators": [
                indicator(
                    "Human rights violations documented",
                    "cases per quarter",
                    300,
                    "2007-03-31",
                    120,
                    "2010-12-31",
                    direction="down",
                    responsible="BINUB",
                    source="BINUB human rights division (illustrative)",
                    performance=0.7,
                ),
            ],
        },
    ],
    "capacity_gaps": [
        {
            "category": "funds",
            "description": "Reintegration support for demobilised combatants underfunded (illustrative).",
            "effect": "Risk of former combatants returning to armed groups (illustrative).",
            "status": "partly",
            "identified_on": "2006-09-01",
            "reviews": [("1719 (2006)", "partly", "Peacebuilding Fund projects approved (illustrative).")],
        }
    ],
}


UNMIL = {
    "acronym": "UNMIL",
    "name": "United Nations Mission in Liberia",
    "country": "LR",
    "mission_type": "pko",
    "lead": "DPKO",
    "reporting_cycle_months": 6,
    "phase": "closed",
    "structurally_integrated": True,
    "established_on": "2003-10-01",
    "closed_on": "2018-03-30",
    "illustrative": False,
    "phases": [
        ("2003-10-01", "start_up", "UNMIL takes over from ECOMIL (resolution 1509 (2003))."),
        ("2005-01-01", "consolidation", "Date illustrative."),
        ("2007-08-08", "drawdown", "Drawdown benchmarks proposed by the Secretary-General (date illustrative)."),
        ("2012-09-17", "drawdown", "Resolution 2066 (2012): transition and joint transition plan."),
        ("2018-03-30", "closed", "UNMIL closes; peacebuilding plan handed to the Government and country team."),
    ],
    "leadership": [
        {
            "kind": "head",
            "title": "Special Representative of the Secretary-General",
            "holder": "Karin Landgren",
            "rc": False,
            "hc": False,
            "rr": False,
        },
        {
            "kind": "deputy",
            "title": "Deputy SRSG for Recovery and Governance",
            "holder": "",
            "rc": True,
            "hc": True,
            "rr": True,
        },
        {
            "kind": "deputy",
            "title": "Deputy SRSG for Rule of Law",
            "holder": "",
            "rc": False,
            "hc": False,
            "rr": False,
        },
    ],
    "country_team": ["UNDP", "UNICEF", "WFP", "UNHCR", "WHO", "FAO", "UNFPA", "UN Women", "IOM", "OHCHR"],
    "mandates": [
        {
            "resolution": "1509 (2003)",
            "adopted_on": "2003-09-19",
            "expires_on": "2004-09-19",
            "chapter": "VII",
            "summary": "Establishes UNMIL to support the ceasefire and the peace process. Task wording is a "
            "paraphrase; paragraph references are illustrative.",
            "tasks": [
                task("3(a)", "Observe and monitor the implementation of the ceasefire agreement.", lead="UNMIL"),
                task(
                    "3(f)",
                    "Develop and carry out a disarmament, demobilisation, reintegration and repatriation programme.",
                    lead="UNMIL",
                    handover_to="UNDP",
                ),
                task(
                    "3(j)",
                    "Protect civilians under imminent threat of physical violence, within its capabilities.",
                    lead="UNMIL",
                    handover_to="LR-LNP",
                ),
                task(
                    "3(m)",
                    "Assist in monitoring and restructuring the police force of Liberia.",
                    lead="UNMIL",
                    handover_to="LR-LNP",
                ),
                task(
                    "3(q)",
                    "Assist in re-establishing national authority throughout the country.",
                    lead="UNMIL",
                    handover_to="UNDP",
                ),
            ],
        },
        {
            "resolution": "2066 (2012)",
            "adopted_on": "2012-09-17",
            "expires_on": "2013-09-30",
            "chapter": "VII",
            "summary": "Reduces the military component in three phases and asks for a joint transition plan "
            "with transition benchmarks. Task wording is a paraphrase; paragraph references are illustrative.",
            "tasks": [
                task(
                    "3",
                    "Reduce the military component in three phases between August 2012 and July 2015, "
                    "in line with security conditions.",
                    lead="UNMIL",
                ),
                task(
                    "8",
                    "Support the Government in developing and carrying out a joint transition plan for the "
                    "handover of security responsibilities.",
                    lead="UNMIL",
                    handover_to="LR-LNP",
                ),
                task(
                    "9",
                    "Support national reconciliation, constitutional reform and decentralisation.",
                    lead="UNMIL",
                    handover_to="UNDP",
                ),
                task(
                    "10",
                    "Support justice and security hubs and the rule of law institutions in the counties.",
                    lead="UNDP",
                    handover_to="LR-MOJ",
                ),
            ],
        },
        {
            "resolution": "2333 (2016)",
            "adopted_on": "2016-12-23",
            "expires_on": "2018-03-30",
            "chapter": "VII",
            "summary": "Final mandate until 30 March 2018. Task wording is a paraphrase; paragraph references "
            "are illustrative.",
            "tasks": [
                task(
                    "2",
                    "Support the peaceful conduct of the 2017 presidential and legislative elections.",
                    lead="UNMIL",
                ),
                task(
                    "3",
                    "Hand over remaining functions to the Government and the UN country team under a "
                    "peacebuilding plan.",
                    lead="UNMIL",
                    handover_to="UNDP",
                ),
            ],
        },
    ],
    "assessments": [
        {
            "title": "Technical assessment mission on the transition",
            "started_on": "2012-02-13",
            "completed_on": "2012-04-30",
            "lead": "DPKO",
            "participants": ["DPKO", "DFS", "UNMIL", "UNDP", "UNHCR"],
            "is_internal": False,
            "drivers": "Weak police reach outside Monrovia; land disputes; youth unemployment (illustrative summary).",
            "actors": "Government, Liberia National Police, Armed Forces of Liberia, county authorities "
            "(illustrative).",
            "risks": "Security gaps as troops leave; limited state budget for security (illustrative).",
            "options": "Gradual troop reduction with more formed police; rapid withdrawal (illustrative).",
            "recommendations": "Reduce troops in three phases and agree a joint transition plan with "
            "benchmarks (illustrative).",
        },
        {
            "title": "Strategic assessment 2016",
            "started_on": "2016-01-11",
            "completed_on": "2016-03-15",
            "lead": "DPKO",
            "participants": ["DPKO", "DPA", "DFS", "PBSO", "UNMIL", "UNDP", "UNICEF", "UNHCR", "WFP"],
            "is_internal": False,
            "drivers": "Fragile public confidence in security institutions after the handover; Ebola's "
            "economic legacy (illustrative summary).",
            "actors": "Government, political parties ahead of 2017, security institutions (illustrative).",
            "risks": "Election-related violence; funding gaps for the security sector (illustrative).",
            "options": "Extended presence; closure after the 2017 elections with a peacebuilding plan (illustrative).",
            "recommendations": "Close UNMIL after the 2017 elections; the country team takes over under a "
            "peacebuilding plan (illustrative).",
        },
    ],
    "mechanisms": [
        {
            "name": "Integrated Task Force on Liberia",
            "level": "hq",
            "kind": "itf",
            "chair": "DPKO",
            "members": ["DPKO", "DPA", "DFS", "PBSO", "OCHA", "OHCHR", "UNDP", "UNICEF", "UNHCR", "WFP", "UNMIL"],
            "cadence_days": 60,
            "last_meeting": "2018-02-22",
            "meetings": 6,
        },
        {
            "name": "Senior Management Group",
            "level": "field",
            "kind": "leadership",
            "chair": "UNMIL",
            "members": ["UNMIL", "UNDP", "UNICEF", "WFP", "UNHCR", "UN Women"],
            "cadence_days": 14,
            "last_meeting": "2018-03-22",
            "meetings": 8,
        },
        {
            "name": "Joint Planning Unit",
            "level": "field",
            "kind": "planning",
            "chair": "UNMIL",
            "members": ["UNMIL", "UNDP", "UNICEF", "UN Women"],
            "cadence_days": 30,
            "last_meeting": "2018-03-15",
            "meetings": 6,
            "terms_of_reference": "Joint transition planning and monitoring of transition benchmarks (illustrative).",
        },
    ],
    "frameworks": [
        {
            "version": 1,
            "label": "Integrated Strategic Framework",
            "status": "superseded",
            "period_start": "2009-01-01",
            "period_end": "2012-12-31",
            "endorsed_on": "2009-04-30",
            "reviewed_on": "2011-10-31",
            "illustrative": True,
            "vision": "Mission and country team support a peaceful Liberia in which national institutions "
            "provide security and services (illustrative).",
            "priorities": [
                {
                    "title": "Security and rule of law",
                    "description": "",
                    "results": [
                        result(
                            "The Liberia National Police keeps order with less support from UNMIL (illustrative).",
                            "2009-01-01",
                            "2012-12-31",
                            lead="UNMIL",
                            contributing=["UNDP"],
                            tasks=["1509 (2003)/3(m)"],
                        ),
                    ],
                    "funding": [("assessed", 25_000_000, 0)],
                },
                {
                    "title": "Consolidating state authority",
                    "description": "",
                    "results": [
                        result(
                            "County administrations work in all 15 counties (illustrative).",
                            "2009-01-01",
                            "2012-12-31",
                            lead="UNDP",
                            contributing=["UNMIL"],
                            tasks=["1509 (2003)/3(q)"],
                        ),
                    ],
                    "funding": [("voluntary", 18_000_000, 6_000_000)],
                },
                {
                    "title": "Economic revitalisation",
                    "description": "",
                    "results": [
                        result(
                            "Rural livelihoods recover in the most affected counties (illustrative).",
                            "2009-01-01",
                            "2012-12-31",
                            lead="FAO",
                            contributing=["WFP", "UNDP"],
                        ),
                    ],
                    "funding": [("voluntary", 22_000_000, 9_000_000)],
                },
            ],
            "funding_note": "Amounts are illustrative.",
            "areas": [
                ("ssr", "integrated", "UNMIL police and UNDP work as one team with the LNP (illustrative)."),
                ("recovery", "coordinated", "Agencies keep their programmes (illustrative)."),
            ],
            "alignments": [("prsp", "Lift Liberia: poverty reduction strategy", "2008–2011")],
        },
        {
            "version": 2,
            "parent": 1,
            "label": "Integrated Strategic Framework and joint transition plan",
            "status": "closed",
            "period_start": "2013-01-01",
            "period_end": "2018-03-30",
            "endorsed_on": "2013-06-28",
            "reviewed_on": "2016-06-30",
            "illustrative": True,
            "vision": "Liberia's own institutions take over security and services as UNMIL draws down; the "
            "country team carries on under the peacebuilding plan. Results and timelines are illustrative.",
            "priorities": [
                {
                    "title": "Security transition to national authorities",
                    "description": "Joint transition plan under resolution 2066 (2012).",
                    "results": [
                        result(
                            "The Liberia National Police and the Bureau of Immigration take over security "
                            "functions from UNMIL by 30 June 2016.",
                            "2013-01-01",
                            "2016-06-30",
                            lead="UNMIL",
                            contributing=["UNDP"],
                            tasks=["2066 (2012)/8", "2066 (2012)/3"],
                        ),
                        result(
                            "Justice and security hubs bring police, courts and immigration services to the "
                            "counties (illustrative).",
                            "2013-01-01",
                            "2017-12-31",
                            lead="UNDP",
                            contributing=["UNMIL", "UN Women"],
                            tasks=["2066 (2012)/10"],
                        ),
                    ],
                    "funding": [
                        ("assessed", 30_000_000, 0),
                        ("pbf", 10_000_000, 2_000_000),
                    ],
                },
                {
                    "title": "National reconciliation and constitutional reform",
                    "description": "",
                    "results": [
                        result(
                            "The national reconciliation roadmap is carried out in every county (illustrative).",
                            "2013-01-01",
                            "2017-12-31",
                            lead="UNDP",
                            contributing=["UNMIL", "UN Women"],
                            tasks=["2066 (2012)/9"],
                        ),
                    ],
                    "funding": [("pbf", 5_000_000, 0), ("voluntary", 8_000_000, 3_000_000)],
                },
                {
                    "title": "Peaceful 2017 elections",
                    "description": "",
                    "results": [
                        result(
                            "The National Elections Commission conducts peaceful 2017 elections (illustrative).",
                            "2016-01-01",
                            "2017-12-31",
                            lead="UNDP",
                            contributing=["UNMIL"],
                            tasks=["2333 (2016)/2"],
                        ),
                    ],
                    "funding": [("voluntary", 20_000_000, 5_000_000)],
                },
                {
                    "title": "Handover of residual functions",
                    "description": "",
                    "results": [
                        result(
                            "Remaining UNMIL functions pass to the Government and the country team under the "
                            "Liberia peacebuilding plan (illustrative).",
                            "2017-01-01",
                            "2018-03-30",
                            lead="UNMIL",
                            contributing=["UNDP", "UNICEF", "UNHCR"],
                            tasks=["2333 (2016)/3"],
                        ),
                    ],
                    "funding": [("voluntary", 10_000_000, 6_000_000)],
                },
            ],
            "funding_note": "Amounts are illustrative.",
            "areas": [
                ("ssr", "integrated", "One security transition team of UNMIL and the LNP (illustrative)."),
                ("rule_of_law", "joint_programme", "Justice and security hubs run as a joint programme."),
                ("elections", "coordinated", "UNDP's electoral project and UNMIL's good offices (illustrative)."),
                ("human_rights", "integrated", "UNMIL's human rights section also represents OHCHR."),
                ("public_information", "integrated", "UNMIL Radio serves the whole UN family (illustrative)."),
            ],
            "alignments": [
                ("ndp", "Agenda for Transformation", "2012–2017"),
                ("undaf", "UNDAF Liberia", "2013–2017"),
                ("other", "Liberia peacebuilding plan (resolution 2333 (2016))", "2017"),
            ],
            "signatures": [("UNMIL", "unmil.srsg"), ("UNDP", "undp.liberia")],
        },
    ],
    "benchmarks": [
        {
            "title": "Liberia National Police able to maintain security with a smaller UNMIL",
            "description": "Drawdown benchmark proposed in 2007. Indicator figures are illustrative.",
            "is_transition": True,
            "results": [(1, 1, 1), (2, 1, 1)],
            "tasks": ["1509 (2003)/3(m)"],
            "indicators": [
                indicator(
                    "Liberia National Police officers trained and deployed",
                    "officers",
                    3_500,
                    "2007-09-30",
                    5_000,
                    "2016-06-30",
                    responsible="UNMIL",
                    source="LNP personnel records, UNMIL police component (illustrative figures)",
                    performance=0.9,
                ),
                indicator(
                    "Emergency Response Unit (quick-reaction police) officers trained",
                    "officers",
                    100,
                    "2007-09-30",
                    500,
                    "2010-06-30",
                    responsible="UNMIL",
                    source="UNMIL police component (illustrative figures)",
                    # Deliberate disagreement (reached_but_off_track): the target was reached long
                    # ago, but the last report before the close judges the unit's sustainability.
                    reported={
                        "latest": (
                            "off_track",
                            "The unit is at strength but lost its logistics support with the mission's "
                            "drawdown (illustrative).",
                        )
                    },
                ),
            ],
        },
        {
            "title": "Troop reductions in stages matched to security conditions",
            "description": "Drawdown benchmark from 2007, then the three-phase reduction of resolution 2066 "
            "(2012). Indicator figures are illustrative.",
            "is_transition": True,
            "results": [(2, 1, 1)],
            "tasks": ["2066 (2012)/3"],
            "indicators": [
                indicator(
                    "UNMIL military personnel deployed",
                    "personnel",
                    14_000,
                    "2007-09-30",
                    3_750,
                    "2015-07-31",
                    direction="down",
                    responsible="UNMIL",
                    source="Force headquarters strength reports (illustrative figures)",
                ),
            ],
        },
        {
            "title": "State authority in all 15 counties",
            "description": "Drawdown benchmark from 2007. Indicator figures are illustrative.",
            "is_transition": True,
            "results": [(1, 2, 1)],
            "tasks": ["1509 (2003)/3(q)"],
            "indicators": [
                indicator(
                    "Counties with a functioning county administration and court",
                    "counties",
                    6,
                    "2007-09-30",
                    15,
                    "2014-12-31",
                    responsible="UNDP",
                    source="Ministry of Internal Affairs (illustrative figures)",
                    performance=0.85,
                ),
            ],
        },
        {
            "title": "Security responsibilities handed over under the joint transition plan",
            "description": "Transition benchmark under resolution 2066 (2012). Indicator figures are illustrative.",
            "is_transition": True,
            "results": [(2, 1, 1)],
            "tasks": ["2066 (2012)/8"],
            "indicators": [
                indicator(
                    "Security functions handed over to Liberian authorities",
                    "% of functions",
                    0,
                    "2012-09-30",
                    100,
                    "2016-06-30",
                    responsible="UNMIL",
                    source="Joint transition working group (illustrative figures)",
                    decimals=1,
                ),
                indicator(
                    "Justice and security hubs operational",
                    "hubs",
                    0,
                    "2012-09-30",
                    5,
                    "2015-12-31",
                    responsible="UNDP",
                    source="Ministry of Justice and UNDP hub project (illustrative figures)",
                    performance=0.7,
                ),
            ],
        },
        {
            "title": "Peaceful and credible 2017 elections",
            "description": "Transition benchmark before closure. Indicator figures are illustrative.",
            "is_transition": True,
            "results": [(2, 3, 1)],
            "tasks": ["2333 (2016)/2"],
            "indicators": [
                indicator(
                    "Registered voters",
                    "voters",
                    1_800_000,
                    "2015-12-31",
                    2_150_000,
                    "2017-09-30",
                    responsible="UNDP",
                    source="National Elections Commission (illustrative figures)",
                ),
                indicator(
                    "Election-related security incidents",
                    "incidents per quarter",
                    30,
                    "2015-12-31",
                    5,
                    "2017-12-31",
                    direction="down",
                    responsible="UNMIL",
                    source="Joint security incident tracking (illustrative)",
                ),
            ],
        },
    ],
    "capacity_gaps": [
        {
            "category": "staff",
            "description": "Too few formed police units to back up the Liberia National Police as troops "
            "leave (illustrative).",
            "effect": "Slower response to public order incidents outside Monrovia (illustrative).",
            "status": "partly",
            "identified_on": "2012-04-30",
            "reviews": [
                ("2066 (2012)", "open", "More formed police authorised (illustrative)."),
                ("2333 (2016)", "partly", "Handover done; residual gaps in the south-east (illustrative)."),
            ],
        },
        {
            "category": "funds",
            "description": "Justice and security hubs depend on short-term project funding (illustrative).",
            "effect": "Only one hub opened on schedule (illustrative).",
            "status": "open",
            "identified_on": "2012-09-17",
            "reviews": [
                ("2066 (2012)", "open", "Peacebuilding Fund support requested (illustrative)."),
                ("2333 (2016)", "open", "Government budget line not yet secured (illustrative)."),
            ],
        },
    ],
}


UNMISS = {
    "acronym": "UNMISS",
    "name": "United Nations Mission in the Republic of South Sudan",
    "country": "SS",
    "mission_type": "pko",
    "lead": "DPKO",
    "reporting_cycle_months": 4,
    "phase": "consolidation",
    "structurally_integrated": True,
    "established_on": "2011-07-09",
    "closed_on": None,
    "illustrative": False,
    "phases": [
        ("2011-07-09", "start_up", "Resolution 1996 (2011), on South Sudan's independence."),
        ("2012-07-09", "consolidation", "Date illustrative."),
        ("2014-05-27", "consolidation", "Resolution 2155 (2014) refocuses the mandate on four pillars."),
    ],
    "leadership": [
        {
            "kind": "head",
            "title": "Special Representative of the Secretary-General",
            "holder": "",
            "rc": False,
            "hc": False,
            "rr": False,
        },
        {
            "kind": "deputy",
            "title": "Deputy SRSG, Resident and Humanitarian Coordinator",
            "holder": "",
            "rc": True,
            "hc": True,
            "rr": False,
        },
        {
            "kind": "deputy",
            "title": "Deputy SRSG (Political)",
            "holder": "",
            "rc": False,
            "hc": False,
            "rr": False,
        },
    ],
    "country_team": ["UNDP", "UNICEF", "WFP", "UNHCR", "WHO", "FAO", "UNFPA", "UN Women", "IOM", "OCHA", "OHCHR"],
    "mandates": [
        {
            "resolution": "1996 (2011)",
            "adopted_on": "2011-07-08",
            "expires_on": "2012-07-09",
            "chapter": "VII",
            "summary": "Establishes UNMISS and asks for benchmarks to measure progress. Task wording is a "
            "paraphrase; paragraph references are illustrative.",
            "tasks": [
                task(
                    "3(a)",
                    "Support peace consolidation, state-building and economic development.",
                    lead="UNMISS",
                    handover_to="UNDP",
                ),
                task(
                    "3(b)",
                    "Support the Government in conflict prevention, mitigation and resolution and in "
                    "protecting civilians.",
                    lead="UNMISS",
                ),
                task(
                    "3(c)",
                    "Support security sector reform, the rule of law and disarmament, demobilisation and "
                    "reintegration.",
                    lead="UNMISS",
                    handover_to="UNDP",
                ),
            ],
        },
        {
            "resolution": "2155 (2014)",
            "adopted_on": "2014-05-27",
            "expires_on": "2014-11-30",
            "chapter": "VII",
            "summary": "Refocuses UNMISS on four pillars after the December 2013 crisis. Task wording is a "
            "paraphrase; paragraph references are illustrative.",
            "tasks": [
                task("4(a)", "Protection of civilians.", lead="UNMISS"),
                task("4(b)", "Monitoring and investigating human rights.", lead="UNMISS"),
                task(
                    "4(c)",
                    "Creating the conditions for the delivery of humanitarian assistance.",
                    lead="UNMISS",
                ),
                task("4(d)", "Supporting the implementation of the peace agreement.", lead="UNMISS"),
            ],
        },
    ],
    "assessments": [
        {
            "title": "Strategic assessment 2025 (illustrative)",
            "started_on": "2025-03-03",
            "completed_on": "2025-05-30",
            "lead": "DPKO",
            "participants": ["DPKO", "DFS", "UNMISS", "UNDP", "OCHA", "WFP", "UNHCR", "UNICEF"],
            "is_internal": False,
            "drivers": "Delays in the peace agreement's transitional arrangements; sub-national violence; "
            "economic shock (illustrative summary).",
            "actors": "Parties to the peace agreement, community militias, regional guarantors (illustrative).",
            "risks": "Violence around elections; funding cuts to humanitarian operations (illustrative).",
            "options": "Keep the four pillars; shift support towards elections and the transition (illustrative).",
            "recommendations": "Keep protection at the centre; agree transition benchmarks with the country "
            "team (illustrative).",
        },
        {
            "title": "Transition planning assessment (draft, illustrative)",
            "started_on": "2026-07-01",
            "completed_on": None,
            "lead": "UNMISS",
            "participants": ["UNMISS", "UNDP", "UNICEF"],
            "is_internal": True,
            "drivers": "Work in progress (illustrative).",
            "actors": "",
            "risks": "",
            "options": "",
            "recommendations": "",
        },
    ],
    "mechanisms": [
        {
            "name": "Integrated Task Force on South Sudan",
            "level": "hq",
            "kind": "itf",
            "chair": "DPKO",
            "members": ["DPKO", "DPA", "DFS", "OCHA", "OHCHR", "UNDP", "UNICEF", "WFP", "UNHCR", "UNMISS"],
            "cadence_days": 60,
            "last_meeting": "2026-09-10",
            "meetings": 6,
        },
        {
            "name": "Senior Leadership Team",
            "level": "field",
            "kind": "leadership",
            "chair": "UNMISS",
            "members": ["UNMISS", "UNDP", "UNICEF", "WFP", "UNHCR", "OCHA", "IOM"],
            "cadence_days": 14,
            "last_meeting": "2026-09-24",
            "meetings": 8,
        },
        {
            "name": "Joint Strategic Planning Cell",
            "level": "field",
            "kind": "planning",
            "chair": "UNMISS",
            "members": ["UNMISS", "UNDP", "OCHA", "UNICEF"],
            "cadence_days": 30,
            "last_meeting": "2026-09-17",
            "meetings": 6,
        },
    ],
    "frameworks": [
        {
            "version": 1,
            "label": "Integrated Strategic Framework",
            "status": "superseded",
            "period_start": "2012-01-01",
            "period_end": "2013-12-31",
            "endorsed_on": "2012-06-29",
            "reviewed_on": None,
            "illustrative": True,
            "vision": "Mission and country team support the new state in consolidating peace (illustrative).",
            "priorities": [
                {
                    "title": "Peace consolidation and state-building",
                    "description": "",
                    "results": [
                        result(
                            "State institutions deliver core functions in all ten states (illustrative).",
                            "2012-01-01",
                            "2013-12-31",
                            lead="UNDP",
                            contributing=["UNMISS"],
                            tasks=["1996 (2011)/3(a)"],
                        )
                    ],
                    "funding": [("voluntary", 40_000_000, 15_000_000)],
                },
                {
                    "title": "Conflict mitigation and protection of civilians",
                    "description": "",
                    "results": [
                        result(
                            "Local conflicts are mediated before they turn violent (illustrative).",
                            "2012-01-01",
                            "2013-12-31",
                            lead="UNMISS",
                            contributing=["UNDP", "UNHCR"],
                            tasks=["1996 (2011)/3(b)"],
                        )
                    ],
                    "funding": [("assessed", 60_000_000, 0)],
                },
                {
                    "title": "Security sector and rule of law",
                    "description": "",
                    "results": [
                        result(
                            "A national police service is trained and deployed (illustrative).",
                            "2012-01-01",
                            "2013-12-31",
                            lead="UNMISS",
                            contributing=["UNDP"],
                            tasks=["1996 (2011)/3(c)"],
                        )
                    ],
                    "funding": [("assessed", 20_000_000, 0), ("voluntary", 12_000_000, 7_000_000)],
                },
            ],
            "funding_note": "Amounts are illustrative.",
            "areas": [("rule_of_law", "joint_programme", "Police and justice support as one programme.")],
            "alignments": [("ndp", "South Sudan Development Plan", "2011–2013")],
        },
        {
            "version": 2,
            "parent": 1,
            "label": "Integrated Strategic Framework",
            "status": "endorsed",
            "period_start": "2024-01-01",
            "period_end": "2026-12-31",
            "endorsed_on": "2024-03-28",
            # The SRSG office for the mission and every entity leading a result of this version.
            "signatures": [
                ("UNMISS", "unmiss.srsg"),
                ("OCHA", "ocha.southsudan"),
                ("UNDP", "undp.southsudan"),
                ("UNHCR", "unhcr.southsudan"),
            ],
            "reviewed_on": "2026-06-30",
            "illustrative": True,
            "vision": "Civilians are protected, rights respected, aid reaches people in need and the peace "
            "agreement moves towards elections: mission and country team work to four shared pillars. "
            "Results, timelines and responsibilities are illustrative.",
            "priorities": [
                {
                    "title": "Protection of civilians",
                    "description": "Pillar 1.",
                    "results": [
                        result(
                            "Civilians in hotspot areas are protected through patrols, early warning and safe "
                            "sites (illustrative).",
                            "2024-01-01",
                            "2026-12-31",
                            lead="UNMISS",
                            contributing=["UNHCR", "IOM"],
                            tasks=["2155 (2014)/4(a)"],
                        ),
                        result(
                            "Displaced people can return voluntarily and safely (illustrative).",
                            "2024-07-01",
                            "2026-12-31",
                            lead="UNHCR",
                            contributing=["IOM", "UNMISS"],
                            tasks=["2155 (2014)/4(a)"],
                        ),
                    ],
                    "funding": [("assessed", 420_000_000, 0), ("voluntary", 60_000_000, 25_000_000)],
                },
                {
                    "title": "Human rights",
                    "description": "Pillar 2.",
                    "results": [
                        result(
                            "Violations are monitored, investigated and reported, and accountability is "
                            "supported (illustrative).",
                            "2024-01-01",
                            "2026-12-31",
                            lead="UNMISS",
                            contributing=["OHCHR", "UN Women", "UNICEF"],
                            tasks=["2155 (2014)/4(b)"],
                        ),
                    ],
                    "funding": [("assessed", 25_000_000, 0), ("voluntary", 8_000_000, 4_000_000)],
                },
                {
                    "title": "Humanitarian access",
                    "description": "Pillar 3. Humanitarian agencies keep their independence.",
                    "results": [
                        result(
                            "Humanitarian actors reach people in need safely (illustrative).",
                            "2024-01-01",
                            "2026-12-31",
                            lead="OCHA",
                            contributing=["WFP", "UNICEF", "UNMISS"],
                            tasks=["2155 (2014)/4(c)"],
                        ),
                    ],
                    "funding": [("voluntary", 1_200_000_000, 650_000_000)],
                },
                {
                    "title": "Support to the peace agreement",
                    "description": "Pillar 4.",
                    "results": [
                        result(
                            "Transitional security arrangements and unified forces move forward (illustrative).",
                            "2024-01-01",
                            "2026-12-31",
                            lead="UNMISS",
                            contributing=["UNDP"],
                            tasks=["2155 (2014)/4(d)"],
                        ),
                        result(
                            "Constitution-making and electoral processes are supported (illustrative).",
                            "2024-01-01",
                            "2026-12-31",
                            lead="UNDP",
                            contributing=["UNMISS", "UN Women"],
                            tasks=["2155 (2014)/4(d)"],
                        ),
                    ],
                    "funding": [("assessed", 40_000_000, 0), ("pbf", 12_000_000, 3_000_000)],
                },
            ],
            "funding_note": "Amounts are illustrative.",
            "areas": [
                (
                    "protection",
                    "coordinated",
                    "Humanitarian agencies coordinate with the mission's protection work but stay independent.",
                ),
                ("human_rights", "integrated", "UNMISS's human rights division also represents OHCHR."),
                ("elections", "joint_programme", "Mission electoral affairs and UNDP in one project (illustrative)."),
                ("rule_of_law", "joint_programme", "Rule of law support as one programme (illustrative)."),
                ("ddr", "coordinated", "Cantonment support coordinated with the peace agreement bodies."),
            ],
            "alignments": [
                ("ndp", "Revised National Development Strategy", "2021–2024"),
                ("undaf", "UN Sustainable Development Cooperation Framework (illustrative period)", "2023–2025"),
                ("humanitarian", "Humanitarian Needs and Response Plan", "2026"),
            ],
        },
    ],
    "benchmarks": [
        {
            "title": "Civilians protected from physical violence",
            "description": "Benchmark under pillar 1. Indicator figures are illustrative.",
            "is_transition": False,
            "results": [(2, 1, 1), (2, 1, 2)],
            "tasks": ["2155 (2014)/4(a)"],
            "indicators": [
                indicator(
                    "People sheltering in UN protection sites",
                    "people",
                    37_000,
                    "2021-03-31",
                    20_000,
                    "2026-12-31",
                    direction="down",
                    responsible="UNMISS",
                    source="UNMISS and IOM site counts (illustrative figures)",
                    performance=0.9,
                ),
                indicator(
                    "Incidents of violence affecting civilians",
                    "incidents per quarter",
                    900,
                    "2021-03-31",
                    500,
                    "2026-12-31",
                    direction="down",
                    responsible="UNMISS",
                    source="Human Rights Division quarterly brief on violence affecting civilians "
                    "(illustrative figures)",
                    performance=0.97,
                ),
                indicator(
                    "Long-duration patrols conducted",
                    "patrols",
                    0,
                    "2021-03-31",
                    4_800,
                    "2026-12-31",
                    aggregation="sum",
                    responsible="UNMISS",
                    source="Force headquarters (illustrative figures)",
                    overrides={"2026-04-01": "missing"},
                ),
            ],
        },
        {
            "title": "Human rights violations monitored, investigated and reported",
            "description": "Benchmark under pillar 2. Indicator figures are illustrative.",
            "is_transition": False,
            "results": [(2, 2, 1)],
            "tasks": ["2155 (2014)/4(b)"],
            "indicators": [
                indicator(
                    "Public human rights reports issued",
                    "reports",
                    0,
                    "2021-03-31",
                    20,
                    "2026-12-31",
                    aggregation="sum",
                    responsible="OHCHR",
                    source="UNMISS Human Rights Division (illustrative figures)",
                ),
                indicator(
                    "Survivors of conflict-related sexual violence referred to services",
                    "people",
                    0,
                    "2021-03-31",
                    8_000,
                    "2026-12-31",
                    aggregation="sum",
                    responsible="UNFPA",
                    source="GBV information management system (illustrative figures)",
                    performance=0.92,
                ),
            ],
        },
        {
            "title": "Conditions for humanitarian delivery",
            "description": "Benchmark under pillar 3. Indicator figures are illustrative.",
            "is_transition": False,
            "results": [(2, 3, 1)],
            "tasks": ["2155 (2014)/4(c)"],
            "indicators": [
                indicator(
                    "Humanitarian access incidents reported",
                    "incidents per quarter",
                    150,
                    "2021-03-31",
                    60,
                    "2026-12-31",
                    direction="down",
                    responsible="OCHA",
                    source="OCHA humanitarian access snapshot (illustrative figures)",
                    performance=0.6,
                ),
                indicator(
                    "People reached with food assistance",
                    "people",
                    2_500_000,
                    "2021-03-31",
                    4_000_000,
                    "2026-12-31",
                    responsible="WFP",
                    source="WFP distribution reports (illustrative figures)",
                    performance=0.95,
                ),
            ],
        },
        {
            "title": "Peace agreement implemented towards elections",
            "description": "Governs the mission's future drawdown. Indicator figures are illustrative.",
            "is_transition": True,
            "results": [(2, 4, 1), (2, 4, 2)],
            "tasks": ["2155 (2014)/4(d)"],
            "indicators": [
                indicator(
                    "Unified forces graduated and deployed",
                    "personnel",
                    0,
                    "2021-03-31",
                    83_000,
                    "2026-12-31",
                    responsible="UNMISS",
                    source="Joint defence board via the ceasefire monitoring mechanism (illustrative figures)",
                    performance=0.65,
                    # Deliberate disagreement (achieved_below_target): the board counts graduation
                    # as the milestone, the indicator counts deployment.
                    reported={
                        "latest": (
                            "achieved",
                            "The joint defence board reports the graduation phase complete; "
                            "deployment continues (illustrative).",
                        )
                    },
                ),
                indicator(
                    "Constitution-making and electoral milestones completed",
                    "milestones",
                    0,
                    "2021-03-31",
                    10,
                    "2026-12-31",
                    responsible="UNDP",
                    source="Electoral and constitutional bodies (illustrative figures)",
                    performance=0.5,
                    overrides={"2026-04-01": "submitted"},
                ),
            ],
        },
    ],
    "capacity_gaps": [
        {
            "category": "assets",
            "description": "Too few riverine and air assets to reach civilians in remote areas (illustrative).",
            "effect": "Patrols cannot reach some hotspots in the rainy season (illustrative).",
            "status": "open",
            "identified_on": "2011-07-08",
            "reviews": [
                ("1996 (2011)", "open", "Requested in the force requirements (illustrative)."),
                ("2155 (2014)", "open", "Partly met by additional helicopters (illustrative)."),
            ],
        },
        {
            "category": "staff",
            "description": "Protection sites stretch engineering and police capacity (illustrative).",
            "effect": "Less capacity for patrols beyond the sites (illustrative).",
            "status": "partly",
            "identified_on": "2014-01-15",
            "reviews": [("2155 (2014)", "partly", "Formed police units reinforced (illustrative).")],
        },
    ],
}


_UNSMIL_PRIORITIES_V1 = [
    {
        "title": "Public security and rule of law",
        "description": "Mandate area (a) of resolution 2009 (2011).",
        "results": [
            result(
                "Ceasefire monitoring and security arrangements are supported (illustrative).",
                "2024-01-01",
                "2026-12-31",
                lead="UNSMIL",
                contributing=["UNDP"],
                tasks=["2009 (2011)/12(a)"],
            ),
            result(
                "Detention facilities come under judicial control (illustrative).",
                "2024-01-01",
                "2026-12-31",
                lead="UNSMIL",
                contributing=["UNDP", "UNODC"],
                tasks=["2009 (2011)/12(a)"],
            ),
        ],
        "funding": [("assessed", 18_000_000, 0), ("voluntary", 6_000_000, 3_000_000)],
    },
    {
        "title": "Dialogue, reconciliation, constitution and elections",
        "description": "Mandate area (b).",
        "results": [
            result(
                "An inclusive political process agrees the electoral laws (illustrative).",
                "2024-01-01",
                "2026-12-31",
                lead="UNSMIL",
                contributing=["UNDP", "UN Women"],
                tasks=["2009 (2011)/12(b)"],
            ),
            result(
                "The national electoral commission is ready to hold national elections (illustrative).",
                "2024-01-01",
                "2026-12-31",
                lead="UNDP",
                contributing=["UNSMIL"],
                tasks=["2009 (2011)/12(b)"],
            ),
        ],
        "funding": [("assessed", 12_000_000, 0), ("voluntary", 15_000_000, 6_000_000)],
    },
    {
        "title": "State authority and services",
        "description": "Mandate area (c).",
        "results": [
            result(
                "Municipalities restore basic services (illustrative).",
                "2024-01-01",
                "2026-12-31",
                lead="UNDP",
                contributing=["UNICEF", "WHO"],
                tasks=["2009 (2011)/12(c)"],
            ),
            result(
                "Children have access to vaccination, schooling and birth registration (illustrative).",
                "2024-01-01",
                "2026-12-31",
                lead="UNICEF",
                contributing=["WHO"],
                tasks=["2009 (2011)/12(c)"],
            ),
        ],
        "funding": [("voluntary", 30_000_000, 14_000_000)],
    },
    {
        "title": "Human rights and transitional justice",
        "description": "Mandate area (d).",
        "results": [
            result(
                "Violations are documented and a transitional justice law moves forward (illustrative).",
                "2024-01-01",
                "2026-12-31",
                lead="UNSMIL",
                contributing=["OHCHR", "UNICEF", "UN Women"],
                tasks=["2009 (2011)/12(d)"],
            ),
        ],
        "funding": [("assessed", 5_000_000, 0), ("voluntary", 2_000_000, 1_000_000)],
    },
    {
        "title": "Economic recovery",
        "description": "Mandate area (e).",
        "results": [
            result(
                "A unified budget and transparent management of oil revenue are supported (illustrative).",
                "2024-01-01",
                "2026-12-31",
                lead="UNDP",
                contributing=["UNSMIL"],
                tasks=["2009 (2011)/12(e)"],
            ),
        ],
        "funding": [("voluntary", 9_000_000, 5_000_000)],
    },
    {
        "title": "Coordination of international support",
        "description": "Mandate area (f).",
        "results": [
            result(
                "International support is coordinated through the Berlin process follow-up (illustrative).",
                "2024-01-01",
                "2026-12-31",
                lead="UNSMIL",
                contributing=["UNDP", "OCHA"],
                tasks=["2009 (2011)/12(f)"],
            ),
        ],
        "funding": [("assessed", 3_000_000, 0)],
    },
]


def _unsmil_v2_priorities():
    """Version 2 keeps the six areas and restates the results for the new period (illustrative)."""
    priorities = []
    for priority in _UNSMIL_PRIORITIES_V1:
        results = [
            dict(r, statement=r["statement"].replace(" (illustrative)", ", 2026–2028 (illustrative)"))
            for r in priority["results"]
        ]
        for r in results:
            r["start"], r["end"] = "2026-07-01", "2028-06-30"
        priorities.append(dict(priority, results=results))
    return priorities


UNSMIL = {
    "acronym": "UNSMIL",
    "name": "United Nations Support Mission in Libya",
    "country": "LY",
    "mission_type": "spm",
    "lead": "DPA",
    "reporting_cycle_months": 6,
    "phase": "consolidation",
    "structurally_integrated": True,
    "established_on": "2011-09-16",
    "closed_on": None,
    "illustrative": False,
    "phases": [
        ("2011-09-16", "start_up", "Resolution 2009 (2011)."),
        ("2012-03-12", "consolidation", "Resolution 2040 (2012)."),
    ],
    "leadership": [
        {
            "kind": "head",
            "title": "Special Representative of the Secretary-General",
            "holder": "",
            "rc": False,
            "hc": False,
            "rr": False,
        },
        {
            "kind": "deputy",
            "title": "Deputy SRSG (Political)",
            "holder": "",
            "rc": False,
            "hc": False,
            "rr": False,
        },
        {
            "kind": "deputy",
            "title": "Deputy SRSG, Resident and Humanitarian Coordinator",
            "holder": "",
            "rc": True,
            "hc": True,
            "rr": False,
        },
    ],
    "country_team": ["UNDP", "UNICEF", "WFP", "UNHCR", "WHO", "UNFPA", "UN Women", "IOM", "UNODC", "OCHA", "OHCHR"],
    "mandates": [
        {
            "resolution": "2009 (2011)",
            "adopted_on": "2011-09-16",
            "expires_on": "2011-12-16",
            "chapter": "VII",
            "summary": "Establishes UNSMIL for an initial three months to support the Libyan authorities. "
            "Task wording is a paraphrase.",
            "tasks": [
                task(
                    "12(a)",
                    "Restore public security and order and promote the rule of law.",
                    lead="UNSMIL",
                ),
                task(
                    "12(b)",
                    "Undertake inclusive political dialogue, promote national reconciliation, and embark on the "
                    "constitution-making and electoral process.",
                    lead="UNSMIL",
                ),
                task(
                    "12(c)",
                    "Extend state authority, including through accountable institutions and the restoration of "
                    "public services.",
                    lead="UNSMIL",
                    handover_to="UNDP",
                ),
                task(
                    "12(d)",
                    "Promote and protect human rights, particularly of vulnerable groups, and support "
                    "transitional justice.",
                    lead="UNSMIL",
                ),
                task("12(e)", "Take the immediate steps needed to start economic recovery.", lead="UNDP"),
                task(
                    "12(f)",
                    "Coordinate support requested from other multilateral and bilateral actors.",
                    lead="UNSMIL",
                ),
            ],
        },
        {
            "resolution": "2040 (2012)",
            "adopted_on": "2012-03-12",
            "expires_on": "2013-03-16",
            "chapter": "VII",
            "summary": "Renews and adjusts UNSMIL's mandate for twelve months. Task wording is a paraphrase; "
            "paragraph references are illustrative.",
            "tasks": [
                task(
                    "6(a)",
                    "Manage the process of democratic transition, including technical and electoral support.",
                    lead="UNSMIL",
                ),
                task(
                    "6(b)",
                    "Counter the illicit proliferation of arms and secure borders.",
                    lead="UNSMIL",
                    to_hand_over=True,
                ),
            ],
        },
    ],
    "assessments": [
        {
            "title": "Strategic assessment (illustrative)",
            "started_on": "2023-02-01",
            "completed_on": "2023-04-28",
            "lead": "DPA",
            "participants": ["DPA", "UNSMIL", "UNDP", "UNICEF", "OCHA", "IOM"],
            "is_internal": False,
            "drivers": "Divided institutions; competition over oil revenue; armed groups (illustrative summary).",
            "actors": "Rival executives, the House of Representatives and High Council of State, armed groups "
            "(illustrative).",
            "risks": "Renewed fighting around Tripoli; postponed elections (illustrative).",
            "options": "Political facilitation only; an integrated presence with the country team (illustrative).",
            "recommendations": "An integrated framework around the six mandate areas (illustrative).",
        }
    ],
    "mechanisms": [
        {
            "name": "Integrated Task Force on Libya",
            "level": "hq",
            "kind": "itf",
            "chair": "DPA",
            "members": ["DPA", "DPKO", "DFS", "OCHA", "OHCHR", "UNDP", "UNICEF", "IOM", "UNSMIL"],
            "cadence_days": 90,
            "last_meeting": "2026-03-12",
            "meetings": 5,
        },
        {
            "name": "Senior Leadership Team",
            "level": "field",
            "kind": "leadership",
            "chair": "UNSMIL",
            "members": ["UNSMIL", "UNDP", "UNICEF", "WFP", "UNHCR", "OCHA"],
            "cadence_days": 14,
            "last_meeting": "2026-09-23",
            "meetings": 8,
        },
        {
            "name": "Integrated Planning Cell",
            "level": "field",
            "kind": "planning",
            "chair": "UNSMIL",
            "members": ["UNSMIL", "UNDP", "UNICEF"],
            "cadence_days": 30,
            "last_meeting": "2026-09-08",
            "meetings": 6,
        },
    ],
    "frameworks": [
        {
            "version": 1,
            "label": "Integrated Strategic Framework (illustrative)",
            "status": "endorsed",
            "period_start": "2024-01-01",
            "period_end": "2026-12-31",
            "endorsed_on": "2024-04-15",
            "reviewed_on": "2025-04-30",
            "illustrative": True,
            "vision": "Illustrative: UNSMIL has no public ISF. This demo framework follows the six areas of "
            "resolution 2009 (2011): a unified, secure Libya with elected institutions, services for all and "
            "rights respected.",
            "priorities": _UNSMIL_PRIORITIES_V1,
            "funding_note": "Amounts are illustrative.",
            "areas": [
                ("elections", "integrated", "One electoral support team of UNSMIL and UNDP (illustrative)."),
                ("human_rights", "integrated", "UNSMIL's human rights service also represents OHCHR."),
                ("rule_of_law", "coordinated", "Separate programmes, joint analysis (illustrative)."),
                ("public_information", "coordinated", "Shared messages, separate outlets (illustrative)."),
            ],
            "alignments": [
                ("undaf", "UN Sustainable Development Cooperation Framework for Libya (illustrative period)", ""),
                ("other", "Berlin Conference conclusions", "2020"),
            ],
            "signatures": [("UNSMIL", "unsmil.srsg"), ("UNDP", "undp.libya"), ("UNICEF", "unicef.libya")],
        },
        {
            "version": 2,
            "parent": 1,
            "label": "Integrated Strategic Framework (illustrative)",
            "status": "consultation",
            "period_start": "2026-07-01",
            "period_end": "2028-06-30",
            "endorsed_on": None,
            "reviewed_on": None,
            "illustrative": True,
            "vision": "Illustrative revision after the 2026 review, in consultation with the country team: the "
            "six areas stay, results are restated for 2026–2028.",
            "priorities": _unsmil_v2_priorities(),
            "funding_note": "Amounts are illustrative.",
            "areas": [
                ("elections", "integrated", "One electoral support team of UNSMIL and UNDP (illustrative)."),
                ("human_rights", "integrated", "UNSMIL's human rights service also represents OHCHR."),
                ("rule_of_law", "joint_programme", "Proposed: one detention and justice programme (illustrative)."),
            ],
            "alignments": [("other", "Berlin Conference conclusions", "2020")],
            "comments": [
                {
                    "on": (3, None),
                    "author": "unicef.libya",
                    "entity": "UNICEF",
                    "body": "Please name birth registration among the services under this priority; without "
                    "it children cannot enrol in school (illustrative).",
                    "status": "addressed",
                    "replies": [
                        (
                            "dpa.planner",
                            "DPA",
                            "Agreed: added to result 3.2 in the next draft (illustrative).",
                        )
                    ],
                },
                {
                    "on": (4, 1),
                    "author": "unicef.libya",
                    "entity": "UNICEF",
                    "body": "UNICEF can co-lead monitoring of grave violations against children; could it be "
                    "listed as contributing with a named indicator? (illustrative)",
                    "status": "open",
                    "replies": [
                        (
                            "dpa.planner",
                            "DPA",
                            "We will discuss it at the next Integrated Planning Cell meeting (illustrative).",
                        ),
                        (
                            "unicef.libya",
                            "UNICEF",
                            "Thank you; we will bring a draft indicator (illustrative).",
                        ),
                    ],
                },
                {
                    "on": (2, 2),
                    "author": "dpa.planner",
                    "entity": "DPA",
                    "body": "Is the target date for electoral readiness still realistic after the 2026 "
                    "review? (illustrative)",
                    "status": "open",
                    "replies": [],
                },
            ],
        },
    ],
    "benchmarks": [
        {
            "title": "Public security and rule of law restored",
            "description": "Illustrative benchmark; UNSMIL's figures below are invented for the demo.",
            "is_transition": False,
            "results": [(1, 1, 1), (1, 1, 2)],
            "tasks": ["2009 (2011)/12(a)"],
            "indicators": [
                indicator(
                    "Detention facilities under judicial police control",
                    "% of facilities",
                    20,
                    "2021-12-31",
                    60,
                    "2026-12-31",
                    responsible="UNSMIL",
                    source="Ministry of Justice reports (illustrative figures)",
                    decimals=1,
                    performance=0.6,
                ),
                indicator(
                    "Ceasefire violations recorded",
                    "violations per quarter",
                    40,
                    "2021-12-31",
                    10,
                    "2026-12-31",
                    direction="down",
                    responsible="UNSMIL",
                    source="Ceasefire monitoring component (illustrative figures)",
                ),
            ],
        },
        {
            "title": "National elections held",
            "description": "Illustrative benchmark that would govern a transition.",
            "is_transition": True,
            "results": [(1, 2, 1), (1, 2, 2)],
            "tasks": ["2009 (2011)/12(b)", "2040 (2012)/6(a)"],
            "indicators": [
                indicator(
                    "Registered voters",
                    "voters",
                    2_800_000,
                    "2021-12-31",
                    3_000_000,
                    "2026-12-31",
                    responsible="UNDP",
                    source="High National Elections Commission (illustrative figures)",
                ),
                indicator(
                    "Electoral laws agreed by both chambers",
                    "laws",
                    0,
                    "2021-12-31",
                    2,
                    "2025-12-31",
                    responsible="UNSMIL",
                    source="UNSMIL political affairs (illustrative)",
                    performance=0.4,
                ),
            ],
        },
        {
            "title": "Services reach children and families",
            "description": "Illustrative benchmark.",
            "is_transition": False,
            "results": [(1, 3, 1), (1, 3, 2)],
            "tasks": ["2009 (2011)/12(c)"],
            "indicators": [
                indicator(
                    "Children under one fully vaccinated",
                    "% of children",
                    72,
                    "2021-12-31",
                    90,
                    "2026-12-31",
                    responsible="UNICEF",
                    source="National Centre for Disease Control with UNICEF (illustrative figures)",
                    decimals=1,
                    overrides={
                        "2026-04-01": (
                            "returned",
                            "The value does not match the district totals in the attached sheet; please check "
                            "the two southern districts and resubmit (illustrative).",
                        )
                    },
                ),
                indicator(
                    "Births registered within one year",
                    "% of births",
                    60,
                    "2021-12-31",
                    80,
                    "2026-12-31",
                    responsible="UNICEF",
                    source="Civil registry with UNICEF (illustrative figures)",
                    decimals=1,
                    performance=0.7,
                    overrides={"2026-07-01": "missing", "2026-04-01": "submitted"},
                ),
                indicator(
                    "Municipalities with functioning basic services",
                    "municipalities",
                    40,
                    "2021-12-31",
                    80,
                    "2026-12-31",
                    responsible="UNDP",
                    source="Ministry of Local Governance (illustrative figures)",
                ),
            ],
        },
        {
            "title": "Human rights documented and transitional justice advanced",
            "description": "Illustrative benchmark.",
            "is_transition": False,
            "results": [(1, 4, 1)],
            "tasks": ["2009 (2011)/12(d)"],
            "indicators": [
                indicator(
                    "Documented cases of arbitrary detention",
                    "cases per quarter",
                    250,
                    "2021-12-31",
                    100,
                    "2026-12-31",
                    direction="down",
                    responsible="OHCHR",
                    source="UNSMIL human rights service (illustrative figures)",
                    performance=0.5,
                ),
            ],
        },
    ],
    "capacity_gaps": [
        {
            "category": "staff",
            "description": "Limited presence outside Tripoli (illustrative).",
            "effect": "Less monitoring in the east and south (illustrative).",
            "status": "partly",
            "identified_on": "2011-09-16",
            "reviews": [
                ("2009 (2011)", "open", "Staff mostly in Tripoli (illustrative)."),
                ("2040 (2012)", "partly", "Office in Benghazi (illustrative)."),
            ],
        },
        {
            "category": "assets",
            "description": "Armoured vehicles and air assets insufficient for field monitoring (illustrative).",
            "effect": "Ceasefire monitoring relies on Libyan escorts (illustrative).",
            "status": "open",
            "identified_on": "2012-01-10",
            "reviews": [("2040 (2012)", "open", "Requested in the budget (illustrative).")],
        },
    ],
}

MISSIONS = [UNIPSIL, BINUB, UNMIL, UNMISS, UNSMIL]

DEMO_PASSWORD = "demo-password-2026"

# (username, first name, last name, role, entity, mission acronyms covered, superuser)
DEMO_USERS = [
    ("dpko.planner", "Dana", "Planner (DPKO, demo)", "hq_planner", "DPKO", ["UNMIL", "UNMISS"], False),
    ("dpa.planner", "Amal", "Planner (DPA, demo)", "hq_planner", "DPA", ["UNIPSIL", "BINUB", "UNSMIL"], False),
    ("unmil.planner", "Moses", "Planner (UNMIL, demo)", "mission_planner", "UNMIL", ["UNMIL"], False),
    ("unmil.srsg", "Grace", "SRSG office (UNMIL, demo)", "srsg_office", "UNMIL", ["UNMIL"], False),
    ("undp.liberia", "Joseph", "Planner (UNDP Liberia, demo)", "agency_planner", "UNDP", ["UNMIL"], False),
    ("unicef.libya", "Salma", "Planner (UNICEF Libya, demo)", "agency_planner", "UNICEF", ["UNSMIL"], False),
    ("unmiss.planner", "Deng", "Planner (UNMISS, demo)", "mission_planner", "UNMISS", ["UNMISS"], False),
    ("unmiss.srsg", "Achol", "SRSG office (UNMISS, demo)", "srsg_office", "UNMISS", ["UNMISS"], False),
    ("unsmil.planner", "Hadi", "Planner (UNSMIL, demo)", "mission_planner", "UNSMIL", ["UNSMIL"], False),
    ("unsmil.srsg", "Leila", "SRSG office (UNSMIL, demo)", "srsg_office", "UNSMIL", ["UNSMIL"], False),
    ("undp.southsudan", "Nyandeng", "Planner (UNDP South Sudan, demo)", "agency_planner", "UNDP", ["UNMISS"], False),
    ("ocha.southsudan", "James", "Planner (OCHA South Sudan, demo)", "agency_planner", "OCHA", ["UNMISS"], False),
    ("unhcr.southsudan", "Mary", "Planner (UNHCR South Sudan, demo)", "agency_planner", "UNHCR", ["UNMISS"], False),
    ("undp.libya", "Omar", "Planner (UNDP Libya, demo)", "agency_planner", "UNDP", ["UNSMIL"], False),
    # A host-government body reporting on its commitments of the compact.
    ("rrc.southsudan", "Peter", "Planner (RRC South Sudan, demo)", "agency_planner", "SS-RRC", ["UNMISS"], False),
    # The closed missions' planning units, who approved their updates.
    ("unipsil.planner", "Fatmata", "Planner (UNIPSIL, demo)", "mission_planner", "UNIPSIL", ["UNIPSIL"], False),
    ("binub.planner", "Claude", "Planner (BINUB, demo)", "mission_planner", "BINUB", ["BINUB"], False),
    (
        "pbso.observer",
        "Olu",
        "Observer (PBSO, demo)",
        "observer",
        "PBSO",
        ["UNIPSIL", "BINUB", "UNMIL"],
        False,
    ),
    ("admin", "Ada", "Administrator (demo)", "administrator", "DFS", [], True),
]

# Who approves progress updates of a mission in the demo data: its mission planner, the one role that
# may approve them (missions.access_matrix).
APPROVERS = {
    "UNIPSIL": "unipsil.planner",
    "BINUB": "binub.planner",
    "UNMIL": "unmil.planner",
    "UNMISS": "unmiss.planner",
    "UNSMIL": "unsmil.planner",
}
