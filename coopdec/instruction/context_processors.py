"""The staff menu of the header, on every page: the ministry's pages for an officer, the dossiers
to instruct for an instructor, the opinions asked of an embassy's or a prefecture's agent. Read
only when a page's header shows it (one query, none for the public), so public pages and their
caches are untouched."""
from django.utils.functional import SimpleLazyObject

from coopdec.accounts.models import Role

# (url name, label) of the ministry's pages, in the menu's order.
MINISTRY = [
    ("instruction:home", "Instruction"),
    ("applications:instruction", "Tous les dossiers"),
    ("instruction:assignments", "Attributions"),
    ("committees:list", "Comités de sélection"),
    ("instruction:opinions", "Avis"),
    ("grants:overview", "Subventions"),
    ("exports:index", "Exports"),
    ("atlas:ministry", "Atlas"),
]
INSTRUCTOR = [("instruction:home", "Mes dossiers à instruire")]
OPINION_GIVER = [("instruction:opinions", "Avis")]  # an embassy's or a prefecture's agent
ADMIN = ("admin:index", "Administration")
EMBASSY = ("atlas:embassy", "Atlas : actions dans votre pays")


class StaffMenu(list):
    """The entries, and the label of the header's button that opens them when there are several:
    « Ministère » for the ministry, else the role the person holds (an embassy's agent is not the
    ministry)."""

    def __init__(self, entries=(), title="Ministère"):
        super().__init__(entries)
        self.title = title


def _menu(user) -> StaffMenu:
    if not (user.is_authenticated and user.is_active):
        return StaffMenu()
    kinds = set(Role.objects.filter(user=user).values_list("kind", flat=True))
    if user.is_superuser or Role.Kind.MINISTRY in kinds:
        return StaffMenu(MINISTRY + ([ADMIN] if user.is_staff else []))
    menu = INSTRUCTOR if Role.Kind.INSTRUCTOR in kinds else []
    if kinds & {Role.Kind.EMBASSY, Role.Kind.PREFECTURE}:
        menu = menu + OPINION_GIVER
    if Role.Kind.EMBASSY in kinds:
        menu = menu + [EMBASSY]
    title = ("Instruction" if Role.Kind.INSTRUCTOR in kinds else "Ambassade" if Role.Kind.EMBASSY in kinds
             else "Préfecture")
    return StaffMenu(menu, title)


def staff_menu(request):
    user = getattr(request, "user", None)
    return {"staff_menu": SimpleLazyObject(lambda: _menu(user) if user is not None else StaffMenu())}
