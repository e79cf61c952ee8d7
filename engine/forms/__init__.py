"""Forms of user tasks: JSON Schema 2020-12 files in forms/, Russian labels and messages.

- ``catalog.FormCatalog``: forms by name, bundled with forms/_defs, checked (``check_all``).
- ``validation``: ``validate_submission`` → Russian ``FieldError``s, ``raise_if_invalid``,
  ``coerce_submission`` (Decimal and date into task data).
- ``formats``: СНИЛС, ИНН, bank account and BIC keys, passport, money, phone, КБК.

See forms/README.md for how analysts write a form.
"""

from engine.forms.catalog import FormCatalog, FormProblem
from engine.forms.form import Form, form_from_document
from engine.forms.messages import FieldError
from engine.forms.validation import coerce_submission, raise_if_invalid, validate_submission

__all__ = [
    "FieldError",
    "Form",
    "FormCatalog",
    "FormProblem",
    "coerce_submission",
    "form_from_document",
    "raise_if_invalid",
    "validate_submission",
]
