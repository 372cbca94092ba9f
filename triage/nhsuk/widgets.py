"""Widgets the NHS.UK pack draws differently from Django's."""

from django import forms


class Checkboxes(forms.CheckboxSelectMultiple):
    """Checkboxes where some options go alone ("None of these", "I'm not sure").

    The pack draws NHS.UK's "or" divider before the first of them, and marks each with
    ``data-behaviour="exclusive"`` (what NHS.UK's script would act on; we ship no script, and the
    form says so in words when someone ticks one with others).
    """

    def __init__(self, attrs=None, choices=(), *, exclusive=()):
        super().__init__(attrs, choices)
        self.exclusive = frozenset(str(code) for code in exclusive)

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        divided = False
        for _group, options, _index in groups:
            for option in options:
                option["exclusive"] = str(option["value"]) in self.exclusive
                option["divider"] = option["exclusive"] and not divided
                divided = divided or option["exclusive"]
        return groups
