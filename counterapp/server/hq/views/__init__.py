"""Head office's pages, one module per kind of page (Datasette's and Django
admin's shape): ``session`` (sign in and out), ``account`` (language, API
tokens), ``finance``, ``queue`` (managers' figures), ``reference`` (the
catalogue and other reference data: drafts, review, publish), ``stations``,
``users`` and ``audit``. Every route depends on ``auth.require(action)``."""
