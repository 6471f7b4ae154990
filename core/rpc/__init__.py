"""The external API, compatible with Odoo 17's: XML-RPC, JSON-RPC and the web session routes.

Scripts written for Odoo (``odoorpc``, ``odoo-client-lib``, ``odooly``, ``xmlrpc.client`` as
Odoo's documentation shows) talk to this server unchanged. The contract is
``RPC_SPEC.md`` in the project's shared documents; the layers here follow it::

    routes.py      URL rules: /jsonrpc, /xmlrpc[/2]/<service>, /web/session/*, /web/dataset/*
    transport.py   JSON-RPC envelopes and XML-RPC bodies in, answers and faults out
    services.py    the ``common``, ``object`` and ``db`` services (credentials on every call)
    web.py         session sign-in, session_info and call_kw for cookie-based clients
    call_kw.py     one call contract for every transport: ids, kwargs, context, results
    faults.py      exceptions to Odoo's error shapes (names, codes, messages)
    marshal.py     Python values to JSON / XML-RPC values (dates, None, keys, control chars)

Nothing here bypasses the ORM: every call runs as the authenticated user with the ORM's
access rights and record rules, in the request's single transaction (see core/web/app.py).
"""
