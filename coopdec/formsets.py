"""The « Ajouter une ligne » button of the forms with lines (a dossier's partners and expenses, an
Atlas action's partners): a submit, without JavaScript, that shows the form again with one more
line and saves nothing."""

ADD_LINE = "ajouter-ligne"  # the button's name; its value is the formset's prefix


def with_added_line(request, prefix):
    """The POST data with one more line in the formset `prefix` when « Ajouter une ligne » was
    pressed (nothing is saved then, everything typed is shown back); None otherwise."""
    if request.method != "POST" or request.POST.get(ADD_LINE) != prefix:
        return None
    data = request.POST.copy()
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", "0"))
    except ValueError:
        total = 0
    data[f"{prefix}-TOTAL_FORMS"] = str(min(total + 1, 1000))
    return data
