"""The generic web client: every installed model gets its pages from its views.

Server-rendered HTML (Jinja2, autoescaped) from the typed view trees of core.views, plain
forms and links that work without JavaScript, and a small script (``static/js``) that adds
drag and drop, quick create, inline edit and keyboard shortcuts. Routes:

========================================  =================================================
``/web``                                  home: the apps the user may use
``/web/menu/<id>``                        a menu's first action
``/web/action/<id>[/<view>[/<record>]]``  an action's views (``/web/model/<m>/...`` too)
``/web/server_action/<id>``               run a server action from a menu
``/web/client/...``                       favourites, onchange, inline edit (JSON/forms)
``/web/preferences``, ``/web/apps``       the user's preferences, the Apps page
``/web/static/...``, ``/web/addon/...``   the client's and the addons' static files
========================================  =================================================

Extension points for addons: templates in the addon's ``templates/`` folder override the
client's (``form/chatter.html`` is the chatter area, ``fields/widget_<name>.html`` and
``widgets/<name>.html`` add widgets), ``erp_form_actions`` adds header buttons to forms,
``erp_web_assets`` adds stylesheets and scripts to every page.
"""

from __future__ import annotations

from core.web import errors
from core.web.client import apps, client_api, home, prefs, static, view_routes
from core.web.client.home import themed_error

ROUTES = [
    *static.ROUTES,
    *view_routes.ROUTES,
    *client_api.ROUTES,
    *prefs.ROUTES,
    *apps.ROUTES,
    *home.ROUTES,
]

# The themed error page replaces the plain one of core.web.errors (the hook it provides).
if themed_error not in errors.PAGE_RENDERER:
    errors.PAGE_RENDERER[:] = [themed_error]
