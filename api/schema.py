"""OpenAPI additions: every operation documents the error shape and the errors it may answer."""

from __future__ import annotations

ERROR_SCHEMA = {
    "type": "object",
    "description": "统一错误格式 / One error shape: machine code, Chinese message, detail.",
    "properties": {
        "code": {"type": "string", "example": "stale"},
        "message": {"type": "string", "example": "该报告在您打开后已被他人修改，请刷新后再报送。"},
        "detail": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["code", "message"],
}

_DESCRIPTIONS = {
    "400": "请求内容或查询参数有误 / Invalid input or query parameter",
    "401": "未登录或令牌无效、过期、已吊销 / Missing, invalid, expired or revoked credentials",
    "403": "没有权限（令牌范围或单位不符）/ Forbidden (scope or agency)",
    "404": "不存在或无权查看 / Not found or not visible to you",
    "405": "不支持的请求方法 / Method not allowed",
    "406": "无法按 Accept 返回 / Not acceptable",
    "409": "状态冲突或已被他人修改 / Conflict: wrong state or stale version",
    "412": "If-Match 与当前版本不符 / Precondition failed: stale If-Match",
    "415": "请求体格式不支持 / Unsupported media type",
    "422": "业务规则拒绝 / Refused by a reporting rule",
    "428": "缺少 If-Match 或 version / Precondition required",
    "429": "请求过于频繁 / Throttled",
}
_ALWAYS = ("400", "401", "403", "404", "405", "406", "429")
_WRITES = ("409", "412", "415", "422", "428")


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: the Error component on every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            codes = _ALWAYS + (_WRITES if method != "get" else ())
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(
                    code,
                    {
                        "description": _DESCRIPTIONS[code],
                        "content": {"application/json": {"schema": ref}},
                    },
                )
    return result
