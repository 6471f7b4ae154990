"""The view engine: XML arch → inheritance → validation → typed tree (rendered by core.web).

::

    from core.views import combine, parse_view, validate_arch, fields_used

    arch = combine(base_arch, [(ext.name, ext.spec) for ext in extensions])
    validate_arch(arch, "form", view_name="crm.crm_lead_view_form", fields=fields,
                  methods=public_methods, comodel_fields=fields_of)
    view = parse_view(arch, "form")          # a FormView
    needed = fields_used(view)               # read these in one batch

Nothing here touches the database: callers pass the arch, the fields (``fields_get``) and
the method names. See README.md beside this file.
"""

from core.views.errors import ViewError, ViewInheritanceError, ViewValidationError
from core.views.expressions import VIEW_EXPRESSION_NAMES
from core.views.inherit import apply_inheritance, combine, parse_arch
from core.views.nodes import (
    ButtonBoxNode,
    ButtonNode,
    ChatterNode,
    FieldNode,
    GroupNode,
    HtmlNode,
    LabelNode,
    Node,
    NotebookNode,
    PageNode,
    RibbonNode,
    SeparatorNode,
    TextNode,
    WidgetNode,
)
from core.views.tree import fields_used, iter_nodes, parse_view
from core.views.validate import VIEW_TYPES, normalize_view_type, validate_arch
from core.views.view_types import (
    ActivityView,
    Filter,
    FormView,
    GraphField,
    GraphView,
    KanbanView,
    ListView,
    PivotView,
    Progressbar,
    SearchField,
    SearchView,
    View,
)

__all__ = [
    "VIEW_EXPRESSION_NAMES",
    "VIEW_TYPES",
    "ActivityView",
    "ButtonBoxNode",
    "ButtonNode",
    "ChatterNode",
    "FieldNode",
    "Filter",
    "FormView",
    "GraphField",
    "GraphView",
    "GroupNode",
    "HtmlNode",
    "KanbanView",
    "LabelNode",
    "ListView",
    "Node",
    "NotebookNode",
    "PageNode",
    "PivotView",
    "Progressbar",
    "RibbonNode",
    "SearchField",
    "SearchView",
    "SeparatorNode",
    "TextNode",
    "View",
    "ViewError",
    "ViewInheritanceError",
    "ViewValidationError",
    "WidgetNode",
    "apply_inheritance",
    "combine",
    "fields_used",
    "iter_nodes",
    "normalize_view_type",
    "parse_arch",
    "parse_view",
    "validate_arch",
]
