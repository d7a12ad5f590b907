"""Each part of the charter in the release PDF: one function a part, given the document and the part's model.

export.py calls them in the order of the registry of parts (parts.py), each after the part's title
and introduction on a new page (but the charter's own, which follows the cover).
"""
from __future__ import annotations

from reportlab.platypus import KeepTogether, Paragraph

from . import audit_history, budget, diagrams, strategy_steps
from .model.mobilisation import Ambassadors, Training, TrainingSession
from .model.planning import Resources, Strategy
from .model.policies import CommentPolicy, CrisisPlaybook, PersonalUse
from .model.results import Results
from .model.steering import Kpis, Listening, Organisation
from .model.strategy import Audiences, Charter, EditorialLine, Objectives
from .pdf import BODY, H3, Document, bullets, markdown, markup, table
from .pdf_figures import figure, figure_grid
from .results_view import results_views
from .wording import day_text, duration_text, within_text


def charter(doc: Document, part: Charter) -> None:
    """Its summary, who it applies to (and who not), who owns it, its dates and contacts; then what follows a breach,
    how to report one, the organisation's commitments, the related policies and how the charter changes."""
    doc.flow += markdown(part.summary)
    doc.heading(doc.label("applies_to"))
    doc.flow.append(bullets(part.applies_to))
    if part.exceptions:
        doc.heading(doc.label("exceptions"), H3)
        doc.flow.append(bullets(part.exceptions))
    if part.owner:
        doc.field(doc.label("owner"), doc.name("role", part.owner))
    doc.field(doc.label("takes_effect"), day_text(part.effective_date, doc.t) if part.effective_date else "")
    doc.field(doc.label("review_date"), day_text(part.review_date, doc.t) if part.review_date else "")
    if part.contacts:
        doc.heading(doc.label("contact_points"))
        doc.flow.append(bullets(" · ".join(x for x in (
            c.name + (f" ({doc.enum('contact_type', c.type)})" if c.type else ""), c.purpose, c.email, c.phone, c.url)
            if x) for c in part.contacts))
    for key, text in (("sanctions", part.sanctions), ("reporting", part.reporting)):
        if text:
            doc.heading(doc.label(key))
            doc.flow += markdown(text)
    if part.commitments:
        doc.heading(doc.label("commitments"), H3)
        doc.flow.append(bullets(part.commitments))
    if part.related_policies:
        doc.heading(doc.label("related_policies"))
        doc.flow.append(bullets(" — ".join(x for x in (p.title, p.reference, p.url) if x)
                                for p in part.related_policies))
    if part.amendments:
        doc.heading(doc.label("amendments"))
        doc.flow += markdown(part.amendments)


def objectives(doc: Document, part: Objectives) -> None:
    for o in part.objectives:
        doc.heading(o.title)
        doc.field(doc.label("category"), doc.enum("category", o.category))
        doc.field(doc.label("priority"), doc.enum("priority", o.priority))
        doc.flow += markdown(o.description)
        doc.field(doc.label("audiences"), doc.names_of("audience", o.audiences))
        doc.field(doc.label("networks"), doc.names_of("network", o.networks))
        doc.field(doc.label("kpis"), doc.names_of("kpi", o.kpis))


def audiences(doc: Document, part: Audiences) -> None:
    for a in part.audiences:
        doc.heading(a.name)
        doc.flow += markdown(a.description) + markdown(a.why)
        doc.flow.append(bullets(a.expectations))


def strategy(doc: Document, part: Strategy) -> None:
    """The nine steps as the charter covers them, the existing actions with the objectives that build on them, what
    each network adds, then the obstacles with their mitigation and owner."""
    words = doc.t["strategy"]
    doc.heading(words["steps_title"], H3)
    doc.flow.append(table([[words["step"], words["in_short"]]] + [
        [f"{n}. {doc.t['readiness']['steps'][v.step]}", v.text or words["not_covered"]]
        for n, v in enumerate(strategy_steps.overview(doc.pb, doc.t), start=1)], [7, 9]))
    if part.actions:
        doc.heading(words["actions_title"])
        doc.flow.append(table([[words["action"], doc.label("type"), words["objectives"]]] + [
            [a.name, doc.enum("action_type", a.type), doc.names_of("objective", a.objectives)] for a in part.actions],
            [6, 3, 7]))
    valued = [n for n in doc.pb.official_networks if n.added_value]
    if valued:
        doc.heading(words["added_value_title"])
        for n in valued:
            doc.field(n.name, " ".join(str(n.added_value).split()))
    if part.obstacles:
        doc.heading(words["obstacles_title"])
    for o in part.obstacles:
        kind = doc.enum("obstacle_type", o.type) + (f" — {doc.enum('obstacle_aspect', o.aspect)}" if o.aspect else "")
        doc.heading(f"{o.title} ({kind})", H3)
        doc.flow += markdown(o.description) if o.description else []
        doc.field(words["in_the_way_of"], ", ".join([*(doc.name("action", a) for a in o.actions),
                                                     *(doc.name("objective", x) for x in o.objectives)]))
        doc.field(words["mitigation"], " ".join(str(o.mitigation).split()))
        doc.field(doc.label("owner_short"), doc.name("role", o.owner))


def resources(doc: Document, part: Resources) -> None:
    """Each year, the latest first: its totals by category and overall, the time each role gives, its lines."""
    words, language = doc.t["budget"], doc.pb.lang
    money = lambda amount: budget.money(amount, part.currency, language)  # noqa: E731
    for year in budget.budget_views(part):
        doc.heading(words["year"].format(year=year.year))
        doc.flow.append(table([[words["category"], words["for_the_year"]]] + [
            [doc.enum("budget_category", c), money(total)] for c, total in year.by_category]
            + [[words["total"], money(year.total)]], [9, 7]))
        if year.people:
            doc.heading(words["people"], H3)
            doc.flow.append(table([[doc.label("role"), words["time"], words["note"]]] + [
                [doc.name("role", p.role), budget.time_text(p, words, language), p.note] for p in year.people],
                [5, 4, 7]))
        if year.lines:
            doc.heading(words["lines"], H3)
            doc.flow.append(table([[words["line"], words["category"], words["amount"], words["for_the_year"]]] + [
                [line.name + (f" — {line.note}" if line.note else ""), doc.enum("budget_category", line.category),
                 budget.line_amount(line, part.currency, words, language), money(line.yearly)] for line in year.lines],
                [6.5, 3, 3.5, 3]))


def editorial(doc: Document, part: EditorialLine) -> None:
    """The voice, the pillars, the content mix and rhythm per network, what is never published."""
    doc.flow += markdown(part.voice)
    doc.field(doc.label("address"), doc.enum("address", part.address))
    doc.field(doc.label("tone"), ", ".join(part.tone))
    doc.heading(doc.label("pillars"))
    for p in part.pillars:
        doc.field(p.name, " ".join(p.description.split()))
    doc.heading(doc.label("mix"))
    doc.flow.append(table([[doc.label("network"), doc.label("mix_short"), doc.label("rhythm")]] + [
        [doc.name("network", n.network), " · ".join(f"{doc.enum('mix', k)} {v} %" for k, v in n.mix.items()),
         f"{n.rhythm.posts} / {n.rhythm.every} {doc.enum('per', n.rhythm.per)}"] for n in part.networks], [4, 8, 4]))
    doc.flow += figure(diagrams.content_mix(part, lambda n: doc.name("network", n),
                                            lambda k: doc.t["enum"]["mix"].get(k, k.capitalize()), doc.label("mix")))
    doc.heading(doc.label("never_publish"))
    doc.flow.append(bullets(part.never_publish))


def comments(doc: Document, part: CommentPolicy) -> None:
    """Principles, response times, categories with their action, reply templates: those the charter gives."""
    if part.principles:
        doc.flow.append(bullets(part.principles))
    if part.response_times:
        doc.heading(doc.label("response_times"))
        doc.flow.append(table([[doc.label("network"), doc.label("target"), doc.label("hours"),
                                doc.label("outside_hours")]] + [
            [doc.name("network", r.network), duration_text(r.target_minutes, doc.t), r.hours,
             r.outside_hours or doc.label("none")] for r in part.response_times],
            [3.5, 2.5, 5, 5]))
    if part.categories:
        doc.heading(doc.label("categories"))
        doc.flow.append(table([[doc.label("categories"), doc.label("action"), doc.label("who_acts"),
                                doc.label("escalate_to")]] + [
            [c.name, part.action_name(c.action, doc.t["enum"]["action"]), doc.name("role", c.owner) if c.owner else "",
             doc.name("role", c.escalate_to) if c.escalate_to else ""] for c in part.categories], [5, 3.5, 4, 3.5]))
    if part.decision_tree is not None:
        categories = {c.id: c for c in part.categories}
        doc.heading(doc.label("decision_tree"))
        doc.flow += figure(diagrams.decision_tree(
            part, lambda c: doc.name("comment_category", c),
            lambda c: part.action_name(categories[c].action, doc.t["enum"]["action"]) if c in categories else "",
            doc.label("if_yes"), doc.label("if_no"), doc.label("decision_tree")), width_cm=15)
    for tpl in part.templates:
        doc.flow.append(KeepTogether([Paragraph(markup(tpl.title), H3), *markdown(tpl.text)]))


def personal_use(doc: Document, part: PersonalUse) -> None:
    """The scope, the rules in the author's order (a do or a don't said as such, and whom a rule is only for),
    then the examples of what to do and not to do."""
    doc.flow += markdown(part.scope) if part.scope else []
    for rule in part.rules:
        sense = f"{doc.label(rule.do_or_dont)} — " if rule.do_or_dont else ""
        doc.heading(sense + rule.title, H3)
        if rule.only_for:
            doc.field(doc.label("only_for"), rule.only_for)
        if rule.requires_approval:
            doc.flow.append(Paragraph(f"<b>{markup(doc.label('requires_approval'))}</b>", BODY))
            doc.field(doc.label("approved_by"), doc.name("role", rule.approver) if rule.approver else "")
        doc.flow += markdown(rule.text) if rule.text else []
    for kind in ("do", "dont"):
        examples = [e for e in part.examples if e.kind == kind]
        if examples:
            doc.heading(doc.label(kind))
            doc.flow.append(bullets(f"{e.text} — {e.why}" if e.why else e.text for e in examples))


def crisis(doc: Document, part: CrisisPlaybook) -> None:
    """The escalation chains figure, levels by severity with their escalation and actions, then the holding
    statements."""
    doc.flow += figure(diagrams.escalation(part, lambda r: doc.name("role", r),
                                           lambda m: within_text(m, doc.t, doc.t["calls"]["at_most"]),
                                           doc.label("escalation")))
    for level in sorted(part.levels, key=lambda lv: lv.severity):
        doc.heading(f"{level.severity}. {level.name}")
        doc.flow.append(bullets(level.criteria))
        doc.field(doc.label("lead"), doc.name("role", level.lead))
        # '›' rather than '→': the PDF's standard fonts have no arrow
        doc.field(doc.label("escalation"), " › ".join(
            f"{doc.name('role', s.role)} ({duration_text(s.within_minutes, doc.t)})" for s in level.escalation))
        doc.flow.append(bullets(f"{a.do} ({doc.name('role', a.owner)})" for a in level.actions))
    doc.heading(doc.label("holding_statements"))
    for h in part.holding_statements:
        doc.flow.append(KeepTogether([Paragraph(markup(h.situation), H3), *markdown(h.text)]))


def kpis(doc: Document, part: Kpis) -> None:
    for k in part.kpis:
        doc.heading(k.name, H3)
        doc.flow += markdown(k.definition)
        doc.field(doc.label("type"), doc.enum("kpi_type", k.type))
        doc.field(doc.label("formula"), k.formula)
        doc.field(doc.label("target"), k.target)
        doc.field(doc.label("frequency"), doc.enum("frequency", k.frequency))
        doc.field(doc.label("owner_short"), doc.name("role", k.owner))


def results(doc: Document, part: Results) -> None:
    """In short: the summary of each objective, each indicator's status and latest value against its target, and
    the charts two by two (each month's value is on the site)."""
    words = doc.t["results"]
    found = results_views(part, doc.pb, doc.t)
    doc.flow.append(Paragraph(markup(words["pdf_intro"]), BODY))
    if found["result_summaries"]:
        doc.heading(words["by_objective"], H3)
        doc.flow.append(bullets((f"<b>{markup(doc.name('objective', s['objective']))}</b>{markup(doc.t['colon'])} "
                                 f"{markup(s['text'])}" for s in found["result_summaries"]), mark=str))
    doc.heading(words["by_indicator"], H3)
    views = found["result_views"]
    doc.flow.append(table([[words["indicator"], words["status_heading"], words["latest_heading"], doc.label("target")]]
                          + [[v.name, words["status"][v.status], f"{v.rows[-1][1]} ({v.rows[-1][0]})" if v.rows
                              else "", v.target] for v in views], [6, 3, 4.5, 3.5]))
    doc.flow += figure_grid([(Paragraph(f"<b>{markup(v.name)}</b>", BODY), v.chart()) for v in views if v.rows])


def roles(doc: Document, part: Organisation) -> None:
    """Each role's responsibilities, then the RACI."""
    for r in part.roles:
        doc.heading(r.title, H3)
        doc.flow.append(bullets(r.responsibilities))
    doc.heading(doc.label("raci"))
    doc.flow.append(table([[doc.label("activity"), "R", "A", "C", "I"]] + [
        [a.activity, doc.names_of("role", a.responsible), doc.name("role", a.accountable),
         doc.names_of("role", a.consulted), doc.names_of("role", a.informed)] for a in part.raci],
        [5, 3, 3, 2.5, 2.5]))


def listening(doc: Document, part: Listening) -> None:
    """What is watched, then the last image audit, compared with the one before it."""
    doc.flow.append(bullets(f"{w.subject}: {', '.join(w.terms)}" for w in part.watch))
    doc.heading(doc.label("last_audit"))
    doc.field(doc.label("audit_date"), day_text(part.audit.date, doc.t))
    doc.field(doc.label("next_audit"), day_text(part.audit.next_due, doc.t))
    history = audit_history.in_words(part, doc.t, doc.pb.lang)
    doc.field(doc.label("share_of_voice"), history["share_of_voice"])
    doc.flow += markdown(part.audit.summary)
    if history["previous_audit"] is not None:
        doc.heading(doc.label("audit_compared").format(date=day_text(history["previous_audit"].date, doc.t)), H3)
        doc.flow.append(table([[doc.label(key) for key in ("where", "tone", "volume")]] + [
            [row["where"], row["tone"], row["volume"]] for row in history["audit_changes"]], [8, 4.5, 4.5]))


def _for_whom(doc: Document, session: TrainingSession) -> str:
    """Whom a session is for: its roles, all staff, and whom it names in words."""
    return ", ".join([*(doc.name("role", r) for r in session.roles),
                      *([doc.label("all_staff")] if session.all_staff else []), *filter(None, [session.audience])])


def training(doc: Document, part: Training) -> None:
    """Each session: its format, rhythm and length, whom it is for and who runs it, what it covers, its material."""
    for s in part.sessions:
        doc.heading(s.title, H3)
        doc.field(doc.label("format"), " · ".join(x for x in (
            doc.enum("training_format", s.format), doc.enum("training_frequency", s.frequency),
            duration_text(s.duration_minutes, doc.t) if s.duration_minutes else "") if x))
        doc.field(doc.label("for_whom"), _for_whom(doc, s))
        doc.field(doc.label("run_by"), doc.name("role", s.owner) if s.owner else "")
        doc.field(doc.label("onboarding_step"), doc.label(f"onboarding_{s.onboarding}") if s.onboarding else "")
        doc.flow.append(bullets(s.covers))
        doc.flow += markdown(s.description) if s.description else []
        doc.field(doc.label("material"), ", ".join(f"{m.name} ({m.url})" if m.url else m.name for m in s.material))


def ambassadors(doc: Document, part: Ambassadors) -> None:
    """Who runs it, who may join and how, the sessions they take, their rules, how they are kept going and
    recognised, how the programme is measured."""
    doc.field(doc.label("programme_name"), part.name)
    doc.field(doc.label("run_by"), doc.names_of("role", part.owners))
    doc.heading(doc.label("who_may_join"))
    doc.flow.append(bullets(part.eligibility))
    doc.flow += markdown(part.joining) if part.joining else []
    if part.training or part.training_notes:
        doc.heading(doc.label("how_trained"))
        if part.training:
            doc.flow.append(bullets(doc.name("training_session", s) for s in part.training))
        doc.flow += markdown(part.training_notes) if part.training_notes else []
    doc.heading(doc.label("ambassador_rules"))
    for rule in part.rules:
        sense = f"{doc.label(rule.do_or_dont)} — " if rule.do_or_dont else ""
        doc.flow.append(Paragraph(f"<b>{markup(sense + rule.title)}</b>", BODY))
        doc.flow += markdown(rule.text) if rule.text else []
        doc.field(doc.label("see_rule"), doc.name("personal_rule", rule.personal_rule) if rule.personal_rule else "")
    for key, lines in (("support", part.support), ("recognition", part.recognition)):
        if lines:
            doc.heading(doc.label(key))
            doc.flow.append(bullets(lines))
    if part.kpis or part.measurement:
        doc.heading(doc.label("measured_by"))
        doc.field(doc.label("kpis"), doc.names_of("kpi", part.kpis))
        doc.flow += markdown(part.measurement) if part.measurement else []
