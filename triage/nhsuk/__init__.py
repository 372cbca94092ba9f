"""The NHS.UK frontend template pack for django-crispy-forms (``CRISPY_TEMPLATE_PACK = "nhsuk"``).

No pack is published for NHS.UK frontend and crispy-forms 2, so this is our own, modelled on
crispy-forms-gds (the GOV.UK one): the templates in ``templates/nhsuk/`` draw each field as the
NHS.UK component of the same kind (radios, checkboxes with the "or" divider before an option that
goes alone, a single checkbox, text input, textarea; each with its hint and error message), and
``{% error_summary form %}`` (``triage/templatetags/nhsuk.py``) draws the error summary at the top
of the page, where the NHS service manual puts it, outside the form.

``layout.py`` has the few layout objects the forms use; ``widgets.py`` the checkboxes that know
which options go alone.
"""
