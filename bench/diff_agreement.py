"""How close `orgchart diff` comes to the hand-written 沙市镇 plan; optionally record it.

Run from the repository root:  .venv/bin/python bench/diff_agreement.py [--record LABEL]

It loads models/liuyang/reform/shashi-reform.yaml, computes
``diff(plan.before, plan.after)`` and compares it, event by event, with the plan's own
events. Every event is reduced to its *moves*, read from the event's fields alone:

- a unit made (``establish``; a merge's or split's ``new``): ("new", id, its fields apart
  from note and sources); merged, split, abolished, detached, renamed (each field given:
  id, name, name_en, short_name), reparented, re-ranked: one move each, naming the unit
  and where it went or what it became;
- a function: ("function", f, from, to), ``None`` for "created" (add-functions) or "ended";
  a merge moves its units' functions implicitly and has no function moves;
- posts: ("posts", type, from, to) with an amount; ``adjust-staffing`` +n is (None → unit),
  −n (unit → None); any outside body counts as the one source "(outside)", since a diff
  cannot know the bodies a plan declares for itself;
- nameplates, links (co-location) and ``update`` fields: one move each; ``note`` and
  ``sources`` are no moves (they explain, they do not change the structure).

A plan event is

- **identical** when a diff event of the same type has exactly its moves (and amounts);
  each diff event matches at most one plan event;
- **equivalent** when it is not identical but every one of its moves is made by the diff's
  events left unmatched (the same moves in another order, merged into one event or split
  into several): each non-post move appears among them, and for each of its post keys
  (type, from, to) the unmatched diff events move the same total as the unmatched plan
  events;
- **different** otherwise.

The counts are over the plan's events; the number of events the diff wrote is given too.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import orgchart
from orgchart.model.plan import Reorganisation
from orgchart.rules.diff import diff, events_to_data

PLAN = Path("models/liuyang/reform/shashi-reform.yaml")
OUT = "(outside)"
QUIET = {"note", "sources"}


def _canon(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _unit_fields(data: dict[str, Any]) -> str:
    return _canon({k: v for k, v in data.items() if k not in QUIET})


def moves(data: dict[str, Any], outside: set[str]) -> tuple[set[tuple[Any, ...]], Counter[Any]]:
    """Return an event's moves: (other moves, post moves with amounts)."""
    kind = data["type"]
    m: set[tuple[Any, ...]] = set()
    posts: Counter[Any] = Counter()

    def post(src: str | None, dst: str | None, amounts: dict[str, int]) -> None:
        for t, n in amounts.items():
            s = OUT if src in outside else src
            d = OUT if dst in outside else dst
            if n < 0:
                s, d, n = d, s, -n
            if n:
                posts[(t, s, d)] += n

    def new(unit: dict[str, Any] | None) -> None:
        if unit:
            m.add(("new", unit["id"], _unit_fields(unit)))

    if kind == "establish":
        new(data["unit"])
    elif kind == "merge":
        m.update(("merge", u, data["into"]) for u in data["units"])
        new(data.get("new"))
    elif kind == "split":
        for part in data["into"]:
            m.add(("split", data["unit"], part["unit"]))
            new(part.get("new"))
            m.update(("function", f, data["unit"], part["unit"])
                     for f in part.get("functions", []))
            post(data["unit"], part["unit"], part.get("staffing", {}))
        m.update(("function", f, data["unit"], None) for f in data.get("end_functions", []))
        post(data["unit"], None, data.get("end_staffing", {}))
        if data.get("keep"):
            m.add(("keep", data["unit"]))
    elif kind == "abolish":
        m.add(("abolish", data["unit"]))
        for f, to in data.get("functions_to", {}).items():
            m.add(("function", f, data["unit"], to))
        m.update(("function", f, data["unit"], None) for f in data.get("end_functions", []))
        for to, amounts in data.get("staffing_to", {}).items():
            post(data["unit"], to, amounts)
        post(data["unit"], None, data.get("end_staffing", {}))
    elif kind == "detach":
        m.add(("detach", data["unit"], data["to"]))
    elif kind == "transfer-functions":
        m.update(("function", f, data["from"], data["to"]) for f in data["functions"])
    elif kind == "add-functions":
        m.update(("function", f, None, data["unit"]) for f in data["functions"])
    elif kind == "end-functions":
        m.update(("function", f, data["unit"], None) for f in data["functions"])
    elif kind == "transfer-staffing":
        post(data["from"], data["to"], data["staffing"])
    elif kind == "adjust-staffing":
        post(None, data["unit"], data["staffing"])
    elif kind == "update":
        m.update(("set", data.get("unit"), k, _canon(v)) for k, v in data["set"].items()
                 if k not in QUIET)
    else:  # rename, reparent, change-rank, nameplates, co-location
        m.update((kind, data.get("unit"), k, _canon(v)) for k, v in data.items()
                 if k not in QUIET | {"type", "unit"})
    return m, posts


def agreement(plan: Reorganisation) -> dict[str, Any]:
    """Compare ``diff(plan.before, plan.after)`` with the plan's events (see the docstring)."""
    assert plan.after is not None
    outside = plan.outside_ids() | {b.id for b in plan.before.outside} \
        | {b.id for b in plan.after.outside}
    mine = [(d["type"], *moves(d, outside)) for d in events_to_data(list(plan.events))]
    theirs = [(d["type"], *moves(d, outside))
              for d in events_to_data(diff(plan.before, plan.after))]
    left = list(range(len(theirs)))
    verdict: list[str] = []
    for kind, m, p in mine:
        hit = next((j for j in left if theirs[j] == (kind, m, p)), None)
        if hit is not None and (m or p):
            left.remove(hit)
            verdict.append("identical")
        else:
            verdict.append("")
    their_moves: set[tuple[Any, ...]] = set()
    for j in left:
        their_moves |= theirs[j][1]
    their_posts: Counter[Any] = Counter()
    for j in left:
        their_posts.update(theirs[j][2])
    my_posts: Counter[Any] = Counter()
    for (_, _, p), v in zip(mine, verdict, strict=True):
        if not v:
            my_posts.update(p)
    for i, ((_, m, p), v) in enumerate(zip(mine, verdict, strict=True)):
        if v:
            continue
        same = (m or p) and m <= their_moves and all(their_posts[k] == my_posts[k] for k in p)
        verdict[i] = "equivalent" if same else "different"
    count = Counter(verdict)
    return {"plan": len(mine), "diff": len(theirs), "identical": count["identical"],
            "equivalent": count["equivalent"], "different": count["different"],
            "verdicts": verdict}


def main() -> None:
    plan = orgchart.load(PLAN)
    assert isinstance(plan, Reorganisation)
    got = agreement(plan)
    data = events_to_data(list(plan.events))
    for d, v in zip(data, got["verdicts"], strict=True):
        print(f"{v:10}  {d['type']} {d.get('unit', d.get('units', d.get('from', '')))}")
    line = (f"{got['identical']} of {got['plan']} events identical, {got['equivalent']} "
            f"equivalent, {got['different']} different (the diff wrote {got['diff']} events)")
    print(line)
    if len(sys.argv) == 3 and sys.argv[1] == "--record":
        with open("bench/RESULTS.md", "a", encoding="utf-8") as out:
            out.write(f"- {sys.argv[2]} ({dt.date.today()}, {platform.node()}): {line}\n")


if __name__ == "__main__":
    main()
