"""The OpenAPI schema and its documentation pages: complete, bilingual, served locally."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_every_operation_has_chinese_and_english_text_and_the_error_shape(schema):
    assert schema["openapi"].startswith("3.")
    operations = [
        (path, method, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    assert len(operations) >= 16
    for path, method, operation in operations:
        where = f"{method.upper()} {path}"
        assert re.search(r"[\u4e00-\u9fff]", operation["summary"]), where
        assert re.search(r"[A-Za-z]{4}", operation["summary"]), where
        chinese, english = operation["description"].split("\n\n", 1)
        assert re.search(r"[\u4e00-\u9fff]", chinese), where
        assert len(re.findall(r"\b[A-Za-z]{2,}\b", english)) >= 3, where
        error = operation["responses"]["401"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/Error"}, where
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_writes_document_their_headers_and_examples(schema):
    submit = schema["paths"]["/api/v1/reports/{id}/submit/"]["post"]
    headers = {p["name"] for p in submit["parameters"] if p["in"] == "header"}
    assert headers == {"If-Match", "Idempotency-Key"}
    patch = schema["paths"]["/api/v1/reports/{id}/"]["patch"]
    assert patch["requestBody"]["content"]["application/json"]["examples"]
    assert {"409", "412", "422", "428"} <= set(patch["responses"])


@pytest.mark.parametrize("page", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_documentation_pages_load_only_local_assets(client, page):
    html = client.get(page).content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, html
    for url in urls:
        assert url.startswith("/"), url  # nothing from a CDN or any other host
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url
    assert "googleapis" not in html and "jsdelivr" not in html
