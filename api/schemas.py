"""Marshmallow schemas of the REST API: request bodies, query arguments and responses."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class ErrorBodySchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    details = fields.Dict()


class DefinitionSchema(Schema):
    id = fields.Integer()
    process_key = fields.String()
    name = fields.String()
    version = fields.Integer()
    content_hash = fields.String()
    calendar = fields.String(attribute="properties.calendar")
    deployed_at = fields.DateTime()
    deployed_by = fields.String()


class DeploymentSchema(Schema):
    files = fields.Dict(
        keys=fields.String(), values=fields.String(), required=True, metadata={"description": "file name -> BPMN XML"}
    )


class DeployResultSchema(Schema):
    process_key = fields.String()
    version = fields.Integer()
    created = fields.Boolean()


class StartInstanceSchema(Schema):
    process_key = fields.String(required=True)
    data = fields.Dict(load_default=dict)
    business_key = fields.String(load_default=None, allow_none=True)
    office = fields.String(load_default=None, allow_none=True)


class TaskSchema(Schema):
    id = fields.String()
    instance_id = fields.Integer()
    process_key = fields.String()
    element_id = fields.String()
    title = fields.String()
    lane = fields.String(allow_none=True)
    form = fields.String(allow_none=True)
    state = fields.String()
    due_at = fields.DateTime(allow_none=True)
    clause = fields.String(allow_none=True)
    overdue = fields.Boolean()
    assignee = fields.String(allow_none=True)
    created_at = fields.DateTime()
    completed_at = fields.DateTime(allow_none=True)
    completed_by = fields.String(allow_none=True)


class TaskDetailSchema(TaskSchema):
    schema = fields.Dict(allow_none=True, metadata={"description": "JSON Schema of the task's form"})
    ui = fields.Dict(allow_none=True)
    data = fields.Dict()


class TaskQuerySchema(Schema):
    lane = fields.String()
    process_key = fields.String()
    state = fields.String(load_default="ready", validate=validate.OneOf(["ready", "completed", "cancelled", "all"]))
    due_before = fields.AwareDateTime()
    overdue = fields.Boolean()
    instance_id = fields.Integer()
    sort = fields.String(load_default="due_at", validate=validate.OneOf(["due_at", "-due_at", "created_at"]))
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))


class CompleteTaskSchema(Schema):
    data = fields.Dict(load_default=dict)


class AuditEventSchema(Schema):
    at = fields.DateTime()
    actor = fields.String()
    action = fields.String()
    task_id = fields.String(allow_none=True)
    element_id = fields.String(allow_none=True)
    data = fields.Dict()


class DeadlineSchema(Schema):
    id = fields.Integer()
    element_id = fields.String()
    guarded_element_id = fields.String(allow_none=True)
    clause = fields.String()
    term = fields.String(allow_none=True)
    party = fields.String()
    calendar_code = fields.String()
    started_at = fields.DateTime()
    due_at = fields.DateTime()
    state = fields.String()
    closed_at = fields.DateTime(allow_none=True)
    warnings = fields.List(fields.String())


class InstanceSchema(Schema):
    id = fields.Integer()
    process_key = fields.String()
    version = fields.Integer(attribute="definition_version")
    status = fields.String()
    business_key = fields.String(allow_none=True)
    office = fields.String(allow_none=True)
    calendar_code = fields.String()
    summary = fields.Dict()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    ended_at = fields.DateTime(allow_none=True)


class InstanceDetailSchema(InstanceSchema):
    tasks = fields.List(fields.Nested(TaskSchema))
    incidents = fields.List(fields.Nested(lambda: JobSchema()))
    data = fields.Dict()
    deadlines = fields.List(fields.Nested(DeadlineSchema))
    history = fields.List(fields.Nested(AuditEventSchema))


class InstanceQuerySchema(Schema):
    process_key = fields.String()
    status = fields.String()
    business_key = fields.String()
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))


class MessageSchema(Schema):
    name = fields.String(required=True)
    correlation_key = fields.String(required=True)
    payload = fields.Dict(load_default=dict)
    message_id = fields.String(load_default=None, allow_none=True)


class MessageReceiptSchema(Schema):
    message_id = fields.Integer(allow_none=True)
    state = fields.String()
    instance_id = fields.Integer(allow_none=True)


class DefinitionSourceSchema(Schema):
    process_key = fields.String()
    version = fields.Integer()
    sources = fields.Dict(keys=fields.String(), values=fields.String())


class JobSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    instance_id = fields.Integer()
    task_id = fields.String()
    element_id = fields.String()
    state = fields.String()
    operation = fields.String(allow_none=True)
    params = fields.Dict(allow_none=True)
    attempts = fields.Integer()
    max_attempts = fields.Integer()
    run_at = fields.DateTime()
    lease_until = fields.DateTime(allow_none=True)
    claimed_by = fields.String(allow_none=True)
    last_error = fields.Dict(allow_none=True)


class RetryJobSchema(Schema):
    params = fields.Dict(load_default=None, allow_none=True, metadata={"description": "corrected parameters"})


class SkipJobSchema(Schema):
    result = fields.Raw(load_default=None, allow_none=True)
    reason = fields.String(required=True, validate=validate.Length(min=3))


class CancelInstanceSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=3))
