"""The generic web client: every installed model gets its pages from its views.

Server-rendered HTML (Jinja2, autoescaped) from the typed view trees of core.views, plain
forms and links that work without JavaScript, and a small script (``static/js``) that adds
drag and drop, quick create, inline edit, many2one search, tag chips and keyboard
shortcuts. Everything a page shows is in its URL (``urls.py``), breadcrumbs across actions
included (``trail.py``); links and redirects from request data pass ``core.web.paths``.
Routes:

========================================  =================================================
``/web``                                  home: the apps the user may use
``/web/menu/<id>``                        a menu's first action
``/web/action/<id>[/<view>[/<record>]]``  an action's views (``/web/model/<m>/...`` too);
                                          ``.../m2o`` a many2one's search box (JSON)
``/web/server_action/<id>``               run a server action from a menu
``/web/client/...``                       favourites, onchange, inline edit (JSON/forms)
``/web/preferences``, ``/web/apps``       the user's preferences, the Apps page
``/web/static/...``, ``/web/addon/...``   the client's and the addons' static files
========================================  =================================================

Extension points for addons:

* templates in the addon's ``templates/`` folder override the client's: ``form/chatter.html``
  is the chatter area of forms (``record``, ``page``, ``state``, ``csrf_token`` available);
  ``fields/show_<widget>.html`` displays a field widget in lists, cards and read-only forms,
  ``fields/edit_<widget>.html`` edits it in forms; ``widgets/<name>.html`` renders a
  ``<widget name>`` element of a form;
* the ``erp_form_actions`` hook adds header buttons to forms (object methods);
* the ``erp_web_assets`` hook adds stylesheets and scripts to every page;
* the ``erp_web_routes`` hook adds routes (JSON endpoints of a chatter, for instance).
"""

from __future__ import annotations

from core.web import errors
from core.web.client import apps, client_api, home, m2o_search, prefs, static, view_routes
from core.web.client.home import themed_error

ROUTES = [
    *static.ROUTES,
    *view_routes.ROUTES,
    *client_api.ROUTES,
    *m2o_search.ROUTES,
    *prefs.ROUTES,
    *apps.ROUTES,
    *home.ROUTES,
]

# The themed error page replaces the plain one of core.web.errors (the hook it provides).
if themed_error not in errors.PAGE_RENDERER:
    errors.PAGE_RENDERER[:] = [themed_error]
