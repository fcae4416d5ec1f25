"""Demo compacts of mutual commitments. Liberia's Statement of Mutual Commitments on Peacebuilding
was adopted with the Peacebuilding Commission on 16 November 2010 (public); the commitments and
updates below, and the whole South Sudan compact, are illustrative.

Dates of a live mission's compact are offsets in days from the day the demo is loaded, so its
updates stay recent; a closed mission's are calendar dates. Each commitment: (side, owner code,
due, priority order served, text, updates), each update (as of, status, narrative, state).
"""

COMPACTS = {
    "UNMIL": {
        "title": "Statement of Mutual Commitments on Peacebuilding in Liberia",
        "starts": "2010-11-16",
        "ends": "2013-12-31",
        "commitments": [
            (
                "government",
                "LR-MOJ",
                "2012-06-30",
                1,
                "Open five regional justice and security hubs.",
                [
                    ("2011-06-30", "on_track", "Gbarnga hub under construction.", "approved"),
                    ("2012-03-31", "delayed", "Harper and Zwedru hubs wait for funding.", "approved"),
                    ("2013-06-30", "not_met", "One hub open; the others were postponed.", "approved"),
                ],
            ),
            (
                "government",
                "LR-LNP",
                "2013-06-30",
                1,
                "Deploy police to every county headquarters.",
                [
                    ("2012-06-30", "on_track", "Eleven of fifteen counties covered.", "approved"),
                    ("2013-06-30", "met", "Every county headquarters has a police detachment.", "approved"),
                ],
            ),
            (
                "un",
                "UNMIL",
                "2012-12-31",
                1,
                "Train and mentor the Emergency Response Unit.",
                [
                    ("2012-12-31", "met", "The unit reached its strength of 500 officers.", "approved"),
                ],
            ),
            (
                "un",
                "UNDP",
                "2013-12-31",
                2,
                "Support the national reconciliation roadmap.",
                [
                    ("2013-06-30", "on_track", "Roadmap launched with county consultations.", "approved"),
                ],
            ),
        ],
    },
    "UNMISS": {
        "title": "Compact of mutual commitments (illustrative)",
        "starts": -420,
        "ends": 400,
        "commitments": [
            (
                "government",
                "SS-RRC",
                120,
                1,
                "Register returnees and displaced people in the three states of the Upper Nile.",
                [
                    (-330, "on_track", "Registration teams deployed in Malakal and Bor.", "approved"),
                    (-150, "delayed", "Insecurity stopped registration in Jonglei for two months.", "approved"),
                ],
            ),
            (
                "government",
                "SS-NEC",
                300,
                2,
                "Publish the electoral calendar and the voter registration plan.",
                [
                    (-200, "on_track", "Commission members sworn in; calendar drafted.", "approved"),
                ],
            ),
            (
                "un",
                "UNMISS",
                200,
                1,
                "Keep a protection presence at every site hosting displaced people.",
                [
                    (-300, "on_track", "Patrols at all six sites.", "approved"),
                    (-60, "met", "Static presence at every site since the last quarter.", "approved"),
                ],
            ),
            (
                "un",
                "UNDP",
                350,
                2,
                "Fund the electoral commission's state offices.",
                [
                    (-20, "on_track", "Four of ten state offices funded.", "submitted"),
                ],
            ),
        ],
    },
}

# Host-government bodies leading or contributing to results of the mission's frameworks:
# (priority order, result order, entity code, role).
GOVERNMENT_RESPONSIBILITIES = {
    "UNMIL": [(1, 1, "LR-LNP", "lead"), (1, 2, "LR-MOJ", "contributing")],
    "UNMISS": [(1, 1, "SS-RRC", "lead"), (2, 1, "SS-NEC", "contributing")],
}
