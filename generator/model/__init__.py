"""Model stage: the charter as typed objects. The models are the schema.

Every item that other parts refer to has an `id` and a `kind`; a field that refers to another
item is annotated with `Ref(kind)`. The validate stage reads those annotations to check every
reference, so adding a reference needs nothing more than the annotation.
"""
from .base import Item, Ref, Strict, Term
from .policies import CommentPolicy, CrisisPlaybook, PersonalUse
from .calendar import EditorialCalendar
from .site import Checklist, Network, Page, PageMeta, Playbook, SiteConfig
from .steering import Kpis, Listening, Organisation
from .strategy import Audiences, Charter, EditorialLine, Objectives, Rhythm

__all__ = ["EditorialCalendar", "Audiences", "Charter", "Checklist", "CommentPolicy", "CrisisPlaybook", "EditorialLine",
           "Item", "Kpis", "Listening", "Network", "Objectives", "Organisation", "Page", "PageMeta",
           "PersonalUse", "Playbook", "Ref", "Rhythm", "SiteConfig", "Strict", "Term"]
