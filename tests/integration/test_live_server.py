"""The dev server holds many kept-alive clients writing at once on DynamoDB Local."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

from tests.support import HttpApi, add_product, add_store, sign_up
from tests.support.crowds import kept_alive_crowd

CLIENTS = 50
REQUESTS_EACH = 4


def test_fifty_kept_alive_clients_writing_at_once_get_every_answer(live_api: HttpApi) -> None:
    tenant = sign_up(live_api, name="Heure de pointe")
    store = add_store(tenant, "Akwa", "AKW")["id"]
    product = add_product(tenant, name="Chargeur", price=2500)["id"]
    address = urlsplit(live_api.base_url)
    headers = {"Authorization": f"Bearer {tenant.token}", "Content-Type": "application/json"}
    body = json.dumps({"store_id": store, "product_id": product, "type": "RECEIPT", "quantity": 1})

    def receive_one(connection: http.client.HTTPConnection) -> int:
        connection.request("POST", "/v1/stock-movements", body=body, headers=headers)
        answer = connection.getresponse()
        answer.read()
        return answer.status

    statuses, failures = kept_alive_crowd(
        CLIENTS,
        lambda: http.client.HTTPConnection(address.hostname, address.port, timeout=60),
        receive_one,
        rounds=REQUESTS_EACH,
        start_timeout=30,
        join_timeout=120,
    )
    assert failures == []
    assert sorted(set(statuses)) == [201] and len(statuses) == CLIENTS * REQUESTS_EACH
    level = tenant.get(f"/v1/stock?store_id={store}&product_id={product}").json["items"][0]
    assert level["on_hand"] == CLIENTS * REQUESTS_EACH
