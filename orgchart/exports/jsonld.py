"""W3C Organization Ontology (ORG) as JSON-LD, built with rdflib.

Mapping (documented for users of the data):

- the structure is an ``org:FormalOrganization``; each unit an ``org:Organization`` when
  it is a legal person (领导机构, 事业单位, 执法机构, 派驻/垂直管理) or an
  ``org:OrganizationalUnit`` (党政机构 internal offices, others), linked to its parent
  with ``org:subOrganizationOf`` and from the structure with ``org:hasUnit`` (units) or
  ``org:hasSubOrganization`` (organisations);
- names: ``skos:prefLabel`` (zh, en), nameplates (挂牌) and short names ``skos:altLabel``;
  the administrative code ``org:identifier``;
- functions (职能): ``org:purpose``, each a ``skos:Concept`` with its name;
- category, kind and rank: ``org:classification`` concepts in the orgchart scheme;
- relations: ``oc:dualLeadership``, ``oc:guidance``, ``oc:stationedBy`` and
  ``oc:coLocatedWith``, each declared ``rdfs:subPropertyOf org:linkedTo``;
- staffing (an extension): ``oc:adminPosts``, ``oc:institutionPosts``, ``oc:workerPosts``,
  ``oc:headPosts``, ``oc:deputyPosts``, ``oc:actualHeadcount`` (and per type
  ``oc:actualAdminHeadcount``, ``oc:actualInstitutionHeadcount``,
  ``oc:actualWorkerHeadcount``), ``oc:outsidePosts``
  (xsd:integer);
- dates (an extension): ``oc:validFrom``, ``oc:validTo`` (a structure or unit) and
  ``oc:asOf`` (the state a structure shows), each ``rdfs:subPropertyOf dcterms:date``; a
  date is typed by its precision, ``xsd:gYear`` (2019), ``xsd:gYearMonth`` (2019-06) or
  ``xsd:date``, and an approximate one is an EDTF literal (``2019~``, datatype
  ``http://id.loc.gov/datatypes/edtf/EDTF``); an unknown date is left out;
- evidence (an extension): ``oc:verified`` (xsd:boolean; the unit's flag, else its
  structure's: false marks a reconstruction or an unchecked claim) and
  ``oc:staffingEstimated`` (xsd:boolean: its staffing figures are an estimate, not an
  official number);
- a reorganisation: an ``org:ChangeEvent`` with ``org:originalOrganization`` (the structure
  before), ``org:resultingOrganization`` (after), ``prov:startedAtTime`` and ``oc:verified``
  (false: the plan is a reconstruction, and so is every unit after it); each event is
  an ``oc:<Type>`` (subclass of ``org:ChangeEvent``) with the units it used and produced
  (each under its id before and after the plan: a rename with a new id is one unit, the
  original organization of an ``oc:Rename`` whose resulting organization has the new id);
- a history (沿革): an ``oc:History`` with ``dcterms:hasPart`` each change, an
  ``org:ChangeEvent`` with ``prov:atTime`` (when it takes effect: ``effective``, else
  ``approved``; typed by precision as above), ``oc:status`` (``in-force``, ``planned``,
  ``repealed``), its document as ``dcterms:source`` (a ``foaf:Document`` with
  ``dcterms:identifier`` the 文号, also on the change, ``dcterms:title``,
  ``dcterms:publisher`` and ``dcterms:issued`` the approval date); each step of a change
  (one per body an event met) is an ``oc:<Type>`` ``dcterms:isPartOf`` the change with
  ``org:originalOrganization`` (the body before) and ``org:resultingOrganization`` (the
  bodies after: the new id of a rename, the merged body, the parts of a split; the same
  body when changed in place; none when abolished); a town of a county is its structure's
  IRI. The start structure and its members are included; states after the changes are not
  (``orgchart asof`` exports any of them).

IRIs (``BASE`` is ``urn:orgchart:`` unless given; each id %-encoded): a structure
``BASE<structure>``, its units ``BASE unit/<structure>/<unit>``, outside bodies
``BASE outside/<id>``, functions ``BASE function/<id>``, classifications
``BASE concept/<scheme>/<value>``, a reorganisation ``BASE change/<plan>`` and its events
``BASE change/<plan>/<n>``, a history ``BASE history/<id>``, its changes
``BASE change/<history>/<change>`` (steps ``.../<n>``) and documents
``BASE document/<history>/<change>``: each kind has its own space, whatever the ids are.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from ..base import vocab
from ..base.when import When
from ..model.history import History, Step
from ..model.plan import Reorganisation
from ..model.structure import Structure
from ..schema.events import MEMBER_EVENT_TYPES

__all__ = ["to_jsonld", "date_literal", "OC", "DEFAULT_BASE", "EDTF"]

OC = "https://orgchart.readthedocs.io/ns#"
DEFAULT_BASE = "urn:orgchart:"
_LEGAL = {"leadership", "public-institution", "enforcement", "stationed", "vertical"}
_STAFF = {"admin": "adminPosts", "institution": "institutionPosts", "worker": "workerPosts",
          "heads": "headPosts", "deputies": "deputyPosts", "actual": "actualHeadcount",
          "actual_admin": "actualAdminHeadcount",
          "actual_institution": "actualInstitutionHeadcount",
          "actual_worker": "actualWorkerHeadcount", "outside": "outsidePosts"}
_DATES = {"valid_from": "validFrom", "valid_to": "validTo", "as_of": "asOf"}
#: the RDF datatype of a date of each precision; an approximate date is EDTF
_XSD_TYPES = {"year": "gYear", "month": "gYearMonth", "day": "date"}
EDTF = "http://id.loc.gov/datatypes/edtf/EDTF"
_LINKS = {"dual-leadership": "dualLeadership", "guidance": "guidance",
          "stationed": "stationedBy", "co-location": "coLocatedWith"}


def _iri(base: str, *parts: str) -> str:
    """Return ``base`` and the ``parts``, each %-encoded (a ``/`` in an id too)."""
    return base + "/".join(quote(p, safe="") for p in parts)


def _graph(base: str) -> Any:
    from rdflib import Graph, Namespace
    from rdflib.namespace import DCTERMS, ORG, PROV, RDFS, SKOS

    g = Graph()
    oc = Namespace(OC)
    for prefix, ns in (("org", ORG), ("skos", SKOS), ("prov", PROV), ("oc", oc),
                       ("rdfs", RDFS)):
        g.bind(prefix, ns)
    for prop in _LINKS.values():
        g.add((oc[prop], RDFS.subPropertyOf, ORG.linkedTo))
    for prop in _DATES.values():
        g.add((oc[prop], RDFS.subPropertyOf, DCTERMS.date))
    return g


def date_literal(when: When) -> Any:
    """Return a date as an RDF literal typed by its precision; None when unknown.

    >>> date_literal(When(2019)).datatype, str(date_literal(When(2019, 6, about=True)))
    (rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYear'), '2019-06~')
    """
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    if not when.known:
        return None
    if when.about:
        return Literal(when.edtf(), datatype=URIRef(EDTF))
    return Literal(str(when), datatype=XSD[_XSD_TYPES[when.precision]])


def _dates(g: Any, node: Any, item: Any, keys: tuple[str, ...]) -> None:
    from rdflib import Namespace

    oc = Namespace(OC)
    for key in keys:
        value = getattr(item, key)
        literal = date_literal(value) if value is not None else None
        if literal is not None:
            g.add((node, oc[_DATES[key]], literal))


def _structure(g: Any, s: Structure, base: str) -> Any:
    from rdflib import Literal, Namespace, URIRef
    from rdflib.namespace import ORG, RDF, SKOS, XSD

    oc = Namespace(OC)
    org_iri = URIRef(_iri(base, s.id))
    g.add((org_iri, RDF.type, ORG.FormalOrganization))
    g.add((org_iri, SKOS.prefLabel, Literal(s.name, lang="zh")))
    if s.name_en:
        g.add((org_iri, SKOS.prefLabel, Literal(s.name_en, lang="en")))
    if s.code:
        g.add((org_iri, ORG.identifier, Literal(s.code)))
    _dates(g, org_iri, s, ("as_of", "valid_from", "valid_to"))
    outside = {b.id for b in s.outside}
    for b in s.outside:
        body = URIRef(_iri(base, "outside", b.id))
        g.add((body, RDF.type, ORG.Organization))
        g.add((body, SKOS.prefLabel, Literal(b.name, lang="zh")))
    for u in s.units:
        node = URIRef(_iri(base, "unit", s.id, u.id))
        g.add((node, RDF.type, ORG.Organization if u.category in _LEGAL
               else ORG.OrganizationalUnit))
        g.add((node, SKOS.prefLabel, Literal(u.name, lang="zh")))
        if u.name_en:
            g.add((node, SKOS.prefLabel, Literal(u.name_en, lang="en")))
        for alt in (*u.nameplates, *((u.short_name,) if u.short_name else ())):
            g.add((node, SKOS.altLabel, Literal(alt, lang="zh")))
        g.add((node, ORG.identifier, Literal(u.id)))
        _dates(g, node, u, ("valid_from", "valid_to"))
        for scheme, value, table in (("category", u.category, vocab.CATEGORIES),
                                     ("kind", u.kind, vocab.KINDS),
                                     ("rank", u.rank, vocab.RANKS)):
            if value:
                concept = URIRef(_iri(base, "concept", scheme, value))
                g.add((node, ORG.classification, concept))
                g.add((concept, RDF.type, SKOS.Concept))
                g.add((concept, SKOS.prefLabel, Literal(vocab.label(table, value), lang="zh")))
        if u.parent:
            parent = _iri(base, "outside", u.parent) if u.parent in outside else \
                _iri(base, "unit", s.id, u.parent)
            g.add((node, ORG.subOrganizationOf, URIRef(parent)))
        else:
            g.add((node, ORG.subOrganizationOf, org_iri))
        g.add((org_iri, ORG.hasUnit if u.category not in _LEGAL else ORG.hasSubOrganization,
               node))
        for fn in u.functions:
            concept = URIRef(_iri(base, "function", fn))
            g.add((node, ORG.purpose, concept))
            g.add((concept, RDF.type, SKOS.Concept))
            g.add((concept, SKOS.prefLabel, Literal(s.function_name(fn), lang="zh")))
        g.add((node, oc.verified, Literal(s.is_verified(u), datatype=XSD.boolean)))
        g.add((node, oc.staffingEstimated, Literal(s.is_estimated(u), datatype=XSD.boolean)))
        for key, prop in _STAFF.items():
            value = getattr(u.staffing, key)
            if value:
                g.add((node, oc[prop], Literal(value, datatype=XSD.integer)))
        for link in u.links:
            other = _iri(base, "outside", link.with_) if link.with_ in outside else \
                _iri(base, "unit", s.id, link.with_)
            g.add((node, oc[_LINKS[link.type]], URIRef(other)))
    return org_iri


def _plan(g: Any, plan: Reorganisation, base: str) -> None:
    from rdflib import Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, XSD

    oc = Namespace(OC)
    before = _structure(g, plan.before, base)
    outcome = plan.run()
    result = outcome.structure
    after = _structure(g, result, base)
    # each id an old unit had during the plan -> its id before (a rename may change it)
    first = outcome.first_ids(plan.before)
    event = URIRef(_iri(base, "change", plan.id))
    g.add((event, RDF.type, ORG.ChangeEvent))
    g.add((event, DCTERMS.description, Literal(plan.name, lang="zh")))
    g.add((event, ORG.originalOrganization, before))
    g.add((event, ORG.resultingOrganization, after))
    g.add((event, oc.verified, Literal(plan.verified, datatype=XSD.boolean)))
    effective = date_literal(plan.effective) if plan.effective is not None else None
    if effective is not None:
        g.add((event, PROV.startedAtTime, effective))
    for i, e in enumerate(plan.events):
        cls = oc["".join(part.title() for part in e.type.split("-"))]
        g.add((cls, RDFS.subClassOf, ORG.ChangeEvent))
        sub = URIRef(_iri(base, "change", plan.id, str(i + 1)))
        g.add((sub, RDF.type, cls))
        g.add((sub, DCTERMS.isPartOf, event))
        for uid in _used(e):
            if uid in first:
                unit = URIRef(_iri(base, "unit", plan.before.id, first[uid]))
                g.add((sub, ORG.originalOrganization, unit))
        for uid in _produced(e):
            uid = outcome.follow(uid)[-1]  # under the id it has after the plan
            if uid in result:
                unit = URIRef(_iri(base, "unit", result.id, uid))
                g.add((sub, ORG.resultingOrganization, unit))


def _used(e: Any) -> list[str]:
    ids = list(getattr(e, "units", ()) or ())
    for attr in ("unit", "from_"):
        value = getattr(e, attr, None)
        if isinstance(value, str):
            ids.append(value)
    return ids


def _produced(e: Any) -> list[str]:
    if isinstance(getattr(e, "id", None), str):  # a rename with a new id
        return [str(e.id)]
    ids = []
    for attr in ("into", "to", "unit"):
        value = getattr(e, attr, None)
        if isinstance(value, str):
            ids.append(value)
        elif value is not None and hasattr(value, "id"):
            ids.append(str(value.id))
        elif isinstance(value, tuple):
            ids += [p.unit for p in value if hasattr(p, "unit")]
    return ids


def _history(g: Any, history: History, base: str) -> None:
    from rdflib import Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS

    oc = Namespace(OC)
    _tree(g, history.start, base)
    node = URIRef(_iri(base, "history", history.id))
    g.add((node, RDF.type, oc.History))
    g.add((node, SKOS.prefLabel, Literal(history.name, lang="zh")))
    for change in history.changes:
        event = URIRef(_iri(base, "change", history.id, change.id))
        g.add((node, DCTERMS.hasPart, event))
        g.add((event, RDF.type, ORG.ChangeEvent))
        g.add((event, oc.status, Literal(change.status)))
        at = date_literal(change.when) if change.when is not None else None
        if at is not None:
            g.add((event, PROV.atTime, at))
        _document(g, change, event, base, history.id)
    counts: dict[str, int] = {}
    for step in history.steps():
        n = counts[step.change.id] = counts.get(step.change.id, 0) + 1
        cls = oc["".join(part.title() for part in step.kind.split("-"))]
        g.add((cls, RDFS.subClassOf, ORG.ChangeEvent))
        sub = URIRef(_iri(base, "change", history.id, step.change.id, str(n)))
        g.add((sub, RDF.type, cls))
        g.add((sub, DCTERMS.isPartOf, URIRef(_iri(base, "change", history.id,
                                                   step.change.id))))
        used, made = _step_bodies(step)
        for key in used:
            g.add((sub, ORG.originalOrganization, URIRef(_body_iri(base, step, key))))
        for key in made:
            g.add((sub, ORG.resultingOrganization, URIRef(_body_iri(base, step, key))))


def _tree(g: Any, s: Structure, base: str) -> None:
    from rdflib import URIRef
    from rdflib.namespace import ORG

    org_iri = _structure(g, s, base)
    for m in s.members:
        _tree(g, m, base)
        g.add((org_iri, ORG.hasSubOrganization, URIRef(_iri(base, m.id))))


def _document(g: Any, change: Any, event: Any, base: str, hid: str) -> None:
    """Add the change's document: ``dcterms:source`` of the change, with its number as
    ``dcterms:identifier`` (on the change too), title, issuer and approval date."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS, FOAF, RDF

    doc = change.document
    approved = date_literal(change.approved) if change.approved is not None else None
    if doc is None and approved is None:
        return
    node = URIRef(_iri(base, "document", hid, change.id))
    g.add((event, DCTERMS.source, node))
    g.add((node, RDF.type, FOAF.Document))
    if approved is not None:
        g.add((node, DCTERMS.issued, approved))
    if doc is None:
        return
    if doc.number:
        g.add((node, DCTERMS.identifier, Literal(doc.number)))
        g.add((event, DCTERMS.identifier, Literal(doc.number)))
    if doc.title:
        g.add((node, DCTERMS.title, Literal(doc.title, lang="zh")))
    if doc.issuer:
        g.add((node, DCTERMS.publisher, Literal(doc.issuer, lang="zh")))


def _step_bodies(step: Step) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Return the bodies a step used and the bodies it resulted in."""
    if step.targets:
        return [step.source], list(step.targets)
    if step.kind in ("establish", "merged-into"):
        return [], [step.source]
    if step.kind == "abolish":
        return [step.source], []
    return [step.source], [step.source]  # changed in place: the same body before and after


def _body_iri(base: str, step: Step, key: tuple[str, str]) -> str:
    if step.event.type in MEMBER_EVENT_TYPES:
        return _iri(base, key[1])  # a member structure (a town of a county)
    return _iri(base, "unit", *key)


def to_jsonld(model: Structure | Reorganisation | History, base: str = DEFAULT_BASE) -> str:
    """Return the model as JSON-LD in the W3C Organization Ontology (see module docs)."""
    g = _graph(base)
    if isinstance(model, Structure):
        _structure(g, model, base)
    elif isinstance(model, History):
        _history(g, model, base)
    else:
        _plan(g, model, base)
    context = {"org": "http://www.w3.org/ns/org#",
               "skos": "http://www.w3.org/2004/02/skos/core#",
               "prov": "http://www.w3.org/ns/prov#", "oc": OC,
               "dcterms": "http://purl.org/dc/terms/",
               "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
               "foaf": "http://xmlns.com/foaf/0.1/",
               "xsd": "http://www.w3.org/2001/XMLSchema#"}
    data = json.loads(g.serialize(format="json-ld", context=context))
    # rdflib lists subjects in set order, which changes with PYTHONHASHSEED: sort the nodes
    # and every multi-valued property (JSON-LD arrays are unordered sets) so that the same
    # model always gives the same bytes.
    return json.dumps(_sorted(data), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted(v) if k != "@list" else [_sorted(x) for x in v]
                for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_sorted(x) for x in value),
                      key=lambda x: json.dumps(x, ensure_ascii=False, sort_keys=True))
    return value
