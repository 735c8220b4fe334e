from __future__ import annotations


def test_openapi_document_is_served(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    assert "Error" in document["components"]["schemas"]
    for path, operations in document["paths"].items():
        assert path.startswith("/"), path
        for method, operation in operations.items():
            assert method in {"get", "post", "put", "patch", "delete"}, (path, method)
            assert operation.get("responses"), (path, method)
