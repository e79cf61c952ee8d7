"""Task data checked against the form snapshot stored with the definition version."""

from __future__ import annotations

from engine.errors import InvalidInput
from engine.forms.validation import coerce_submission, form_from_document, raise_if_invalid
from engine.persistence.models import ProcessDefinition


def validated_task_data(definition: ProcessDefinition, form_name: str | None, data: dict) -> dict:
    if not isinstance(data, dict):
        raise InvalidInput("Данные задачи должны быть объектом")
    if not form_name:
        return data
    document = definition.properties.get("forms", {}).get(form_name)
    if document is None:
        raise InvalidInput("Форма задачи не найдена в версии процесса", form=form_name)
    form = form_from_document(form_name, document)
    raise_if_invalid(form, data)
    return coerce_submission(form, data)
