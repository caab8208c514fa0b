"""Every operation of the OpenAPI schema against every role, no token, a garbage token and an
expired token. A new route fails this test until it is classified below."""

import time

import jwt
import pytest

from inventorypulse.api.app import create_api
from inventorypulse.config import settings
from inventorypulse.services.permissions import ROLE_PERMISSIONS, Perm

PUBLIC = {("GET", "/api/health"), ("POST", "/api/auth/login"), ("POST", "/api/auth/refresh")}
ANY_USER = "any authenticated user"
SELF_OR_ADMIN = "self or admin"

RULES: dict[tuple[str, str], Perm | str] = {
    ("GET", "/api/auth/status"): ANY_USER,
    ("POST", "/api/auth/logout"): ANY_USER,
    ("GET", "/api/users"): Perm.USER_ADMIN,
    ("POST", "/api/users"): Perm.USER_ADMIN,
    ("GET", "/api/users/{user_id}"): SELF_OR_ADMIN,
    ("PUT", "/api/users/{user_id}"): SELF_OR_ADMIN,
    ("POST", "/api/users/{user_id}/unlock"): Perm.USER_ADMIN,
    ("POST", "/api/users/{user_id}/reset-password"): Perm.USER_ADMIN,
    ("POST", "/api/products"): Perm.PRODUCT_WRITE,
    ("PUT", "/api/products/{product_id}"): Perm.PRODUCT_WRITE,
    ("DELETE", "/api/products/{product_id}"): Perm.PRODUCT_DELETE,
    ("POST", "/api/products/import"): Perm.PRODUCT_WRITE,
    ("POST", "/api/products/{product_id}/suppliers"): Perm.PRODUCT_WRITE,
    ("DELETE", "/api/products/{product_id}/suppliers/{supplier_id}"): Perm.PRODUCT_WRITE,
    ("POST", "/api/barcode/link"): Perm.PRODUCT_WRITE,
    ("POST", "/api/barcode/scan"): Perm.READ,
    ("POST", "/api/categories"): Perm.CATEGORY_WRITE,
    ("PUT", "/api/categories/{category_id}"): Perm.CATEGORY_WRITE,
    ("DELETE", "/api/categories/{category_id}"): Perm.CATEGORY_WRITE,
    ("POST", "/api/suppliers"): Perm.SUPPLIER_WRITE,
    ("PUT", "/api/suppliers/{supplier_id}"): Perm.SUPPLIER_WRITE,
    ("DELETE", "/api/suppliers/{supplier_id}"): Perm.SUPPLIER_DELETE,
    ("POST", "/api/stock-movements"): Perm.STOCK_MOVE,
    ("POST", "/api/stock-movements/batch"): Perm.STOCK_MOVE,
    ("POST", "/api/inventory/adjust"): Perm.STOCK_MOVE,
    ("POST", "/api/stock-transfers"): Perm.STOCK_MOVE,
    ("POST", "/api/orders/purchase"): Perm.PO_WRITE,
    ("PUT", "/api/orders/purchase/{order_number}"): Perm.PO_WRITE,
    ("POST", "/api/orders/purchase/{order_number}/status"): Perm.PO_WRITE,
    ("POST", "/api/orders/purchase/{order_number}/receive"): Perm.PO_RECEIVE,
    ("POST", "/api/orders"): Perm.SALES_WRITE,
    ("PUT", "/api/orders/{order_number}"): Perm.SALES_WRITE,
    ("PATCH", "/api/orders/{order_number}/status"): Perm.SALES_WRITE,
    ("POST", "/api/orders/{order_number}/ship"): Perm.SALES_WRITE,
    ("POST", "/api/orders/{order_number}/return"): Perm.SALES_WRITE,
    ("POST", "/api/customers"): Perm.CUSTOMER_WRITE,
    ("PUT", "/api/customers/{customer_number}"): Perm.CUSTOMER_WRITE,
    ("DELETE", "/api/customers/{customer_number}"): Perm.CUSTOMER_WRITE,
    ("POST", "/api/invoices"): Perm.INVOICE_WRITE,
    ("POST", "/api/invoices/{invoice_number}/payments"): Perm.INVOICE_WRITE,
    ("POST", "/api/alerts/{alert_id}/acknowledge"): Perm.ALERT_ACKNOWLEDGE,
    ("POST", "/api/alerts/{alert_id}/resolve"): Perm.ALERT_RESOLVE,
    ("POST", "/api/agent/query"): Perm.READ,
    ("POST", "/api/agent/actions/{action_id}/confirm"): Perm.PO_WRITE,
    ("POST", "/api/agent/actions/{action_id}/cancel"): Perm.READ,
    ("POST", "/api/predictions/batch"): Perm.READ,
    ("POST", "/api/replenishment/purchase-orders"): Perm.PO_WRITE,
    ("PUT", "/api/alerts/settings"): Perm.SETTINGS_WRITE,
    ("GET", "/api/jobs"): Perm.JOB_ADMIN,
    ("GET", "/api/jobs/runs/{run_id}"): Perm.JOB_ADMIN,
    ("POST", "/api/jobs/{name}/run"): Perm.JOB_ADMIN,
}
ROLES = ["admin", "manager", "staff", "readonly"]


def operations() -> list[tuple[str, str]]:
    schema = create_api().openapi()
    return sorted((method.upper(), path) for path, ops in schema["paths"].items() for method in ops)


def rule(method: str, path: str):
    # Every other GET is a plain read.
    return RULES.get((method, path), Perm.READ if method == "GET" else None)


def concrete(path: str) -> str:
    return (path.replace("{product_id}", "PRD-00000000").replace("{supplier_id}", "SUP-0000")
            .replace("{category_id}", "999999").replace("{order_number}", "PO-2000-000000")
            .replace("{alert_id}", "ALT-NONE")
            .replace("{customer_number}", "CUST-2000-0000").replace("{invoice_number}", "INV-2000-000000")
            .replace("{code}", "0000000000000"))


def test_every_operation_is_classified():
    unclassified = [op for op in operations() if op not in PUBLIC and rule(*op) is None]
    assert unclassified == []


def test_no_garbage_or_expired_token_is_refused_everywhere(client, admin_user):
    expired = jwt.encode({"sub": admin_user.user_id, "type": "access", "exp": int(time.time()) - 1},
                         settings.jwt_secret, algorithm="HS256")
    bad_headers = ({}, {"Authorization": "Bearer not.a.jwt"}, {"Authorization": f"Bearer {expired}"},
                   {"Authorization": "Basic YWRtaW46YWRtaW4="})
    failures = []
    for method, path in operations():
        if (method, path) in PUBLIC:
            continue
        for headers in bad_headers:
            resp = client.request(method, concrete(path), headers=headers, json={})
            if resp.status_code != 401 or resp.json().get("error") != "INVALID_CREDENTIALS":
                failures.append(f"{method} {path} {headers}: {resp.status_code}")
    assert failures == []


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_held_to_its_matrix(client, role_headers, role):
    headers = role_headers(role)
    me = client.get("/api/auth/status", headers=headers).json()["user"]["user_id"]
    other = client.get("/api/auth/status", headers=role_headers("admin")).json()["user"]["user_id"]
    failures = []
    for method, path in operations():
        if (method, path) in PUBLIC:
            continue
        required = rule(method, path)
        if required == SELF_OR_ADMIN:
            cases = [(path.replace("{user_id}", me), True),
                     (path.replace("{user_id}", other), role == "admin" or other == me)]
        else:
            allowed = required == ANY_USER or required in ROLE_PERMISSIONS[role]
            cases = [(concrete(path), allowed)]
        for url, allowed in cases:
            status = client.request(method, url, headers=headers, json={}).status_code
            if allowed and status in (401, 403) or not allowed and status != 403 or status >= 500:
                failures.append(f"{role} {method} {url}: {status} (allowed={allowed})")
    assert failures == []
