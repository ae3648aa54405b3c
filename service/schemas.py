"""Marshmallow schemas: request validation, response shape and the OpenAPI document in one place."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

QUOTE_TYPES = ("direct", "indirect", "mixed", "reported")
SPEAKER_KINDS = ("PER", "ORG", "LOC", "PRON", "NOUN")
ENTITY_TYPES = ("PER", "LOC", "ORG", "OTH")


# Exactly the characters str.strip() removes, as \uXXXX escapes that Python's re and ECMA regexes
# (schemathesis, clients) read alike; a plain \S would differ on \x1c-\x1f, \x85 and \ufeff.
_PY_WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
NOT_BLANK_PATTERN = "[^" + "".join(f"\\u{ord(c):04x}" for c in _PY_WHITESPACE) + "]"


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ma.ValidationError("must contain at least one non-whitespace character")


class ArticleSchema(ma.Schema):
    text = fields.String(
        required=True,
        validate=[validate.Length(min=1), _not_blank],
        metadata={
            "description": "The article text (plain text; HTML fragments are cleaned up); not blank.",
            "pattern": NOT_BLANK_PATTERN,
        },
    )
    id = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=256),
        metadata={"description": "Optional client id, echoed back."},
    )
    title = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=2000),
        metadata={"description": "Optional headline, echoed back (not analysed)."},
    )


class BatchRequestSchema(ma.Schema):
    articles = fields.List(
        fields.Nested(ArticleSchema),
        required=True,
        validate=validate.Length(min=1),
        metadata={"description": "Articles to analyse; at most BATCH_MAX_ITEMS."},
    )


class SpanSchema(ma.Schema):
    text = fields.String(required=True)
    start = fields.Integer(required=True, metadata={"description": "Start offset (Python str index) into the submitted text."})
    end = fields.Integer(required=True, metadata={"description": "End offset (exclusive)."})


class SpeakerSchema(SpanSchema):
    name = fields.String(allow_none=True, metadata={"description": "Resolved canonical name of the speaker."})
    entity_id = fields.String(allow_none=True)
    kind = fields.String(validate=validate.OneOf(SPEAKER_KINDS))


class QuoteSchema(ma.Schema):
    id = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(QUOTE_TYPES))
    text = fields.String(required=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)
    parts = fields.List(fields.Nested(SpanSchema), required=True, metadata={
        "description": "The message without an attribution that interrupts it (\"„…“, sagte er, „…“\", \"Er sei, "
                       "betonte X, entlassen worden\"): two parts then, else one part equal to the quote."})
    speaker = fields.Nested(SpeakerSchema, allow_none=True)
    cue = fields.Nested(SpanSchema, allow_none=True)
    addressee = fields.Nested(SpanSchema, allow_none=True)
    confidence = fields.Float(required=True, validate=validate.Range(min=0.0, max=1.0))


class MentionSchema(SpanSchema):
    pass


class EntitySchema(ma.Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(ENTITY_TYPES))
    mentions = fields.List(fields.Nested(MentionSchema), required=True)


class ModelInfoSchema(ma.Schema):
    ner = fields.String(required=True, metadata={"description": "Id of the NER model in use."})
    pipeline = fields.String(required=True, metadata={"description": "Version of the attribution pipeline."})


class AnalysisSchema(ma.Schema):
    id = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    text_sha256 = fields.String(required=True)
    cached = fields.Boolean(required=True)
    quotes = fields.List(fields.Nested(QuoteSchema), required=True)
    entities = fields.List(fields.Nested(EntitySchema), required=True)
    model = fields.Nested(ModelInfoSchema, required=True)


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    instance = fields.String()
    errors = fields.Dict(metadata={"description": "Per-field validation messages."})


class BatchItemSchema(ma.Schema):
    """One batch result: an analysis, or a problem for that article alone."""

    index = fields.Integer(required=True)
    result = fields.Nested(AnalysisSchema, allow_none=True)
    error = fields.Nested(ProblemSchema, allow_none=True)


class BatchResponseSchema(ma.Schema):
    results = fields.List(fields.Nested(BatchItemSchema), required=True)


class HealthSchema(ma.Schema):
    status = fields.String(required=True)


class ReadySchema(ma.Schema):
    status = fields.String(required=True, metadata={"description": "ready or degraded"})
    model = fields.Nested(ModelInfoSchema, required=True)
    cache = fields.String(required=True, metadata={"description": "ok, unavailable or disabled"})
    detail = fields.String()
