"""Questionnaire storage in the session that writes the session only when an answer changes.

formtools' SessionStorage marks the session as modified whenever it is read, so every page
view (even opening a question) rewrote the session row in the database. Here reading is free,
and only a real change (an answer, the current step, a flag) marks the session for saving:
opening a question page is one read query, not a read and a write.
"""

from formtools.wizard.storage.session import SessionStorage


class SessionStorageWritingOnChange(SessionStorage):
    changes = 0
    """How many times the stored answers have changed in this request (a key for memos)."""

    def _get_data(self):
        return self.request.session[self.prefix]

    def _set_data(self, value):
        self.request.session[self.prefix] = value
        self.changes += 1

    data = property(_get_data, _set_data)

    def _changed(self):
        self.request.session.modified = True

    def _set_current_step(self, step):
        if self.data[self.step_key] != step:
            super()._set_current_step(step)
            self._changed()

    def _set_extra_data(self, extra_data):
        if self.data[self.extra_data_key] != extra_data:
            super()._set_extra_data(extra_data)
            self._changed()

    def set_step_data(self, step, cleaned_data):
        super().set_step_data(step, cleaned_data)
        self.changes += 1
        self._changed()

    def set_step_files(self, step, files):
        super().set_step_files(step, files)
        self._changed()
