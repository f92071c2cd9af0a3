"""The tables and ready queries (views) of the SQLite export, as SQL text.

Keys: every structure, unit, plan, function, outside body and source has an integer key
(``sid``, ``uid``, ``pid``, ``fid``, ``oid``, ``source``); the ids written in the model
files are kept beside them (``id``), unique within their structure or plan. Unknown values
are NULL, never 0; a total over units that do not all give a figure is not stored.

Dates keep the text the source gives (``valid_from``: ``2019``, ``about 2019``) and two ISO
days beside it: ``_lo`` the first day it may mean, ``_hi`` the last (NULL when unknown).

A ``structures`` row is one state (``as_of``). A history (沿革: a structure at several
dates) is kept in the ``history_*`` tables, keyed by history (``hid``) and date: its
changes with their documents, each change's events, each body's spells (the stretches it
existed) and versions (the stretches its name, kind, category, parent and code held). Its
states are not ``structures`` rows, so a body of a history's start may share its id with
one of today's structures.
"""

from __future__ import annotations

__all__ = ["SCHEMA_VERSION", "TABLES", "INDEXES", "VIEWS"]

#: stored in ``PRAGMA user_version``; raised whenever a table or view changes
SCHEMA_VERSION = 2


def _dated(name: str) -> str:
    return f"{name} TEXT, {name}_lo TEXT, {name}_hi TEXT"


#: table name -> column definitions (in the order rows are given)
TABLES: dict[str, str] = {
    "structures": (
        "sid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, name_en TEXT, "
        "place TEXT, level TEXT, code TEXT, " + _dated("as_of") + ", " + _dated("valid_from")
        + ", " + _dated("valid_to") + ", template INTEGER NOT NULL, extends TEXT, "
        "evidence TEXT, staffing_estimated INTEGER NOT NULL, path TEXT NOT NULL, note TEXT"),
    "structure_members": (
        "sid INTEGER NOT NULL REFERENCES structures, position INTEGER NOT NULL, "
        "member_sid INTEGER NOT NULL REFERENCES structures, PRIMARY KEY (sid, position)"),
    "units": (
        "uid INTEGER PRIMARY KEY, sid INTEGER NOT NULL REFERENCES structures, "
        "position INTEGER NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, name_en TEXT, "
        "short_name TEXT, kind TEXT NOT NULL, category TEXT NOT NULL, public_class TEXT, "
        "funding TEXT, rank TEXT, parent_uid INTEGER REFERENCES units, parent_id TEXT, "
        + _dated("valid_from") + ", " + _dated("valid_to") + ", credit_code TEXT, "
        "evidence TEXT, note TEXT, UNIQUE (sid, id)"),
    "staffing": (
        "uid INTEGER PRIMARY KEY REFERENCES units, admin INTEGER, institution INTEGER, "
        "worker INTEGER, heads INTEGER, deputies INTEGER, actual INTEGER, actual_admin INTEGER, "
        "actual_institution INTEGER, actual_worker INTEGER, outside INTEGER, "
        "evidence TEXT, estimated INTEGER NOT NULL"),
    "functions": (
        "fid INTEGER PRIMARY KEY, id TEXT NOT NULL, name TEXT NOT NULL, name_en TEXT, "
        "description TEXT"),
    "structure_functions": (
        "sid INTEGER NOT NULL REFERENCES structures, fid INTEGER NOT NULL REFERENCES functions, "
        "PRIMARY KEY (sid, fid)"),
    "unit_functions": (
        "uid INTEGER NOT NULL REFERENCES units, position INTEGER NOT NULL, "
        "function_id TEXT NOT NULL, fid INTEGER REFERENCES functions, "
        "PRIMARY KEY (uid, position)"),
    "nameplates": (
        "uid INTEGER NOT NULL REFERENCES units, position INTEGER NOT NULL, name TEXT NOT NULL, "
        "PRIMARY KEY (uid, position)"),
    "outside_bodies": (
        "oid INTEGER PRIMARY KEY, sid INTEGER REFERENCES structures, "
        "pid INTEGER REFERENCES plans, id TEXT NOT NULL, name TEXT NOT NULL, name_en TEXT, "
        "kind TEXT NOT NULL, level TEXT, note TEXT"),
    "links": (
        "uid INTEGER NOT NULL REFERENCES units, position INTEGER NOT NULL, type TEXT NOT NULL, "
        "with_id TEXT NOT NULL, with_uid INTEGER REFERENCES units, "
        "with_oid INTEGER REFERENCES outside_bodies, note TEXT, PRIMARY KEY (uid, position)"),
    "caps": (
        "sid INTEGER NOT NULL REFERENCES structures, position INTEGER NOT NULL, category TEXT, "
        "kind TEXT, max_units INTEGER, staffing TEXT, max_posts INTEGER, note TEXT, "
        "PRIMARY KEY (sid, position)"),
    "reported": (
        "sid INTEGER NOT NULL REFERENCES structures, id TEXT NOT NULL, name TEXT NOT NULL, "
        "value INTEGER NOT NULL, counts TEXT NOT NULL, staffing TEXT, verified INTEGER NOT NULL, "
        "note TEXT, PRIMARY KEY (sid, id)"),
    "plans": (
        "pid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, "
        "before_sid INTEGER NOT NULL REFERENCES structures, "
        "after_sid INTEGER REFERENCES structures, " + _dated("effective") + ", "
        "evidence TEXT, path TEXT NOT NULL, note TEXT"),
    "event_bodies": "body INTEGER PRIMARY KEY, data TEXT NOT NULL",
    "events": (
        "pid INTEGER NOT NULL REFERENCES plans, position INTEGER NOT NULL, type TEXT NOT NULL, "
        "unit_id TEXT, evidence TEXT, note TEXT, body INTEGER NOT NULL REFERENCES event_bodies, "
        "PRIMARY KEY (pid, position)"),
    "event_staffing": (
        "pid INTEGER NOT NULL, position INTEGER NOT NULL, part INTEGER NOT NULL, "
        "from_id TEXT, to_id TEXT, from_oid INTEGER REFERENCES outside_bodies, "
        "to_oid INTEGER REFERENCES outside_bodies, type TEXT NOT NULL, posts INTEGER NOT NULL, "
        "PRIMARY KEY (pid, position, part), FOREIGN KEY (pid, position) REFERENCES events"),
    "sources": (
        "source INTEGER PRIMARY KEY, title TEXT NOT NULL, url TEXT, " + _dated("date") + ", "
        "kind TEXT, ref TEXT, note TEXT"),
    "citations": (
        "source INTEGER NOT NULL REFERENCES sources, sid INTEGER REFERENCES structures, "
        "pid INTEGER REFERENCES plans, subject TEXT NOT NULL, item TEXT, fact TEXT, "
        "hid INTEGER REFERENCES histories"),
    "evidence": (
        "uid INTEGER NOT NULL REFERENCES units, fact TEXT NOT NULL, level TEXT, note TEXT, "
        "PRIMARY KEY (uid, fact)"),
    "histories": (
        "hid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, name_en TEXT, "
        "start TEXT NOT NULL, start_path TEXT NOT NULL, " + _dated("as_of") + ", "
        "evidence TEXT, path TEXT NOT NULL, note TEXT"),
    "history_changes": (
        "hid INTEGER NOT NULL REFERENCES histories, position INTEGER NOT NULL, "
        "id TEXT NOT NULL, structure TEXT NOT NULL, document_number TEXT, "
        "document_title TEXT, document_issuer TEXT, " + _dated("approved") + ", "
        + _dated("effective") + ", status TEXT NOT NULL, evidence TEXT, plan TEXT, "
        "plan_path TEXT, note TEXT, PRIMARY KEY (hid, position), UNIQUE (hid, id)"),
    "history_events": (
        "hid INTEGER NOT NULL, change INTEGER NOT NULL, position INTEGER NOT NULL, "
        "type TEXT NOT NULL, unit_id TEXT, evidence TEXT, note TEXT, "
        "body INTEGER NOT NULL REFERENCES event_bodies, "
        "PRIMARY KEY (hid, change, position), "
        "FOREIGN KEY (hid, change) REFERENCES history_changes"),
    "history_event_staffing": (
        "hid INTEGER NOT NULL, change INTEGER NOT NULL, position INTEGER NOT NULL, "
        "part INTEGER NOT NULL, from_id TEXT, to_id TEXT, type TEXT NOT NULL, "
        "posts INTEGER NOT NULL, PRIMARY KEY (hid, change, position, part), "
        "FOREIGN KEY (hid, change, position) REFERENCES history_events"),
    "history_steps": (
        "hid INTEGER NOT NULL, change INTEGER NOT NULL, position INTEGER NOT NULL, "
        "part INTEGER NOT NULL, kind TEXT NOT NULL, from_structure TEXT NOT NULL, "
        "from_id TEXT NOT NULL, to_structure TEXT NOT NULL, to_id TEXT NOT NULL, "
        "PRIMARY KEY (hid, change, position, part), "
        "FOREIGN KEY (hid, change, position) REFERENCES history_events"),
    "history_bodies": (
        "bid INTEGER PRIMARY KEY, hid INTEGER NOT NULL REFERENCES histories, "
        "structure TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL, "
        "UNIQUE (hid, structure, id)"),
    "history_spells": (
        "bid INTEGER NOT NULL REFERENCES history_bodies, position INTEGER NOT NULL, "
        + _dated("since") + ", " + _dated("until") + ", began INTEGER, ended INTEGER, "
        "untracked INTEGER NOT NULL, PRIMARY KEY (bid, position)"),
    "history_versions": (
        "bid INTEGER NOT NULL REFERENCES history_bodies, position INTEGER NOT NULL, "
        + _dated("since") + ", " + _dated("until") + ", began INTEGER, name TEXT NOT NULL, "
        "name_en TEXT, kind TEXT, category TEXT, parent_id TEXT, code TEXT, "
        "PRIMARY KEY (bid, position)"),
}

INDEXES: tuple[str, ...] = (
    "CREATE INDEX units_parent ON units (parent_uid)",
    "CREATE INDEX units_category ON units (category)",
    "CREATE INDEX structure_members_member ON structure_members (member_sid)",
    "CREATE INDEX unit_functions_function ON unit_functions (function_id)",
    "CREATE INDEX functions_id ON functions (id)",
    "CREATE INDEX links_with ON links (with_uid)",
    "CREATE INDEX outside_bodies_owner ON outside_bodies (sid, pid, id)",
    "CREATE INDEX plans_after ON plans (after_sid)",
    "CREATE INDEX citations_subject ON citations (sid, pid, subject, item)",
    "CREATE INDEX structures_code ON structures (code)",
    "CREATE INDEX history_bodies_id ON history_bodies (id)",
    "CREATE INDEX citations_history ON citations (hid, subject, item)",
)

#: view name -> its SELECT; each is documented in the README and tested on the shipped models
VIEWS: dict[str, str] = {
    # A unit's period in force: its own dates, else its structure's. ``starts`` is the last
    # day the start may mean, ``ends`` the first day the end may mean (NULL: not written).
    # The structure on a day D: WHERE (starts IS NULL OR starts <= D)
    #                                AND (ends IS NULL OR ends > D)
    "unit_periods": """
SELECT s.id AS structure, u.id AS unit, u.name, u.category, u.parent_id AS parent,
       COALESCE(u.valid_from_hi, s.valid_from_hi) AS starts,
       COALESCE(u.valid_to_lo, s.valid_to_lo) AS ends
FROM units u JOIN structures s USING (sid)""",
    # Every unit with each of its descendants (and itself at depth 0): a recursive CTE.
    "unit_subtrees": """
WITH RECURSIVE tree(sid, root_uid, uid, depth) AS (
  SELECT sid, uid, uid, 0 FROM units
  UNION ALL
  SELECT tree.sid, tree.root_uid, u.uid, tree.depth + 1
  FROM tree JOIN units u ON u.parent_uid = tree.uid
)
SELECT s.id AS structure, r.id AS root, u.id AS unit, u.name, t.depth
FROM tree t JOIN structures s ON s.sid = t.sid JOIN units r ON r.uid = t.root_uid
JOIN units u ON u.uid = t.uid""",
    # 空编 (vacant) and 超编 (over) posts by staffing type, unit by unit: a type's approved
    # posts against its people in post (actual_admin, ...), never the unit's total, by the
    # rule of the 编制使用情况表 (model/vacancy.py): no posts of a type leave none vacant,
    # no people on it none over, whatever the other figure; else a unit whose posts or
    # people of the type are not known leaves its vacant (over) unknown, and the type's
    # vacant (over) is then NULL (vacant_known, over_known: what the known units give, the
    # workbook's "≥ n"). A unit known to hold neither posts nor people of a type is left
    # out; units_unknown counts the units whose posts or people of it are not known.
    "vacancies_by_type": """
WITH typed(sid, type, approved, actual) AS (
  SELECT u.sid, 'admin', st.admin, st.actual_admin FROM units u JOIN staffing st USING (uid)
  UNION ALL
  SELECT u.sid, 'institution', st.institution, st.actual_institution
  FROM units u JOIN staffing st USING (uid)
  UNION ALL
  SELECT u.sid, 'worker', st.worker, st.actual_worker FROM units u JOIN staffing st USING (uid)
), counted AS (
  SELECT sid, type, approved, actual, (approved IS NOT NULL AND actual IS NOT NULL) AS known,
         CASE WHEN approved IS 0 THEN 0 WHEN approved IS NULL OR actual IS NULL THEN NULL
              ELSE MAX(approved - actual, 0) END AS vacant,
         CASE WHEN actual IS 0 THEN 0 WHEN approved IS NULL OR actual IS NULL THEN NULL
              ELSE MAX(actual - approved, 0) END AS over
  FROM typed WHERE NOT (approved IS 0 AND actual IS 0)
)
SELECT s.id AS structure, c.type,
       SUM(CASE WHEN c.known THEN c.approved END) AS approved_known,
       SUM(CASE WHEN c.known THEN c.actual END) AS actual_known,
       SUM(c.vacant) AS vacant_known,
       SUM(c.over) AS over_known,
       SUM(c.known IS 1) AS units_known,
       SUM(c.known IS NOT 1) AS units_unknown,
       CASE WHEN COUNT(c.vacant) = COUNT(*) THEN SUM(c.vacant) END AS vacant,
       CASE WHEN COUNT(c.over) = COUNT(*) THEN SUM(c.over) END AS over
FROM counted c JOIN structures s USING (sid)
GROUP BY s.id, c.type""",
    # The units holding each function, with the function's name from the catalogue (NULL
    # when the catalogue lacks the id).
    "function_holders": """
SELECT s.id AS structure, uf.function_id AS function, f.name AS function_name,
       u.id AS unit, u.name AS unit_name
FROM unit_functions uf JOIN units u USING (uid) JOIN structures s USING (sid)
LEFT JOIN functions f ON f.fid = uf.fid""",
    # Counties by posts moved down (下沉) to their member towns: the figure the county's
    # sources report (a reported figure of posts named ...下沉...), and the posts the member
    # towns' plans move from county-level outside bodies, over the towns that have a plan
    # (planned is NULL when no member town has one: not known, not zero).
    "county_posts_moved_down": """
WITH planned AS (
  SELECT p.after_sid AS town_sid, SUM(es.posts) AS posts
  FROM plans p JOIN event_staffing es USING (pid)
  JOIN outside_bodies o ON o.oid = es.from_oid
  WHERE o.level = 'county' AND es.to_oid IS NULL
  GROUP BY p.after_sid
)
SELECT c.id AS county, c.name, c.code,
       (SELECT SUM(r.value) FROM reported r WHERE r.sid = c.sid AND r.counts = 'posts'
          AND r.name LIKE '%下沉%') AS reported,
       SUM(pl.posts) AS planned,
       COUNT(pl.town_sid) AS towns_with_plans,
       COUNT(m.member_sid) AS towns
FROM structures c JOIN structure_members m ON m.sid = c.sid
LEFT JOIN planned pl ON pl.town_sid = m.member_sid
WHERE c.level = 'county'
GROUP BY c.sid""",
    # A history's bodies on a day: each version of a body (a unit, or a member structure of
    # a county) with the days it held, as unit_periods. ``starts`` is the last day its start
    # may mean (NULL: not known), ``ends`` the first day its end may mean, ``ended`` 0 while
    # it lasts to the end of the history. On a day D, the bodies surely in force:
    #   WHERE starts <= D AND (ended = 0 OR ends > D)
    # (a change whose date may fall on either side of D leaves its bodies out on D).
    "history_unit_periods": """
SELECT h.id AS history, b.structure, b.id AS unit, b.kind AS body, v.name, v.kind,
       v.category, v.parent_id AS parent, v.code, v.since_hi AS starts,
       v.until_lo AS ends, v.until IS NOT NULL AS ended, c.id AS since_change
FROM history_versions v JOIN history_bodies b USING (bid) JOIN histories h USING (hid)
LEFT JOIN history_changes c ON c.hid = b.hid AND c.position = v.began""",
}
