"""The dev server holds many kept-alive clients writing at once on DynamoDB Local."""

from __future__ import annotations

import http.client
import json
import threading
from urllib.parse import urlsplit

from tests.support import HttpApi, add_product, add_store, sign_up

CLIENTS = 50
REQUESTS_EACH = 4


def test_fifty_kept_alive_clients_writing_at_once_get_every_answer(live_api: HttpApi) -> None:
    tenant = sign_up(live_api, name="Heure de pointe")
    store = add_store(tenant, "Akwa", "AKW")["id"]
    product = add_product(tenant, name="Chargeur", price=2500)["id"]
    address = urlsplit(live_api.base_url)
    headers = {"Authorization": f"Bearer {tenant.token}", "Content-Type": "application/json"}
    body = json.dumps({"store_id": store, "product_id": product, "type": "RECEIPT", "quantity": 1})
    start = threading.Barrier(CLIENTS)
    statuses: list[int] = []
    failures: list[str] = []

    def client() -> None:
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        try:
            start.wait(timeout=30)
            for _ in range(REQUESTS_EACH):
                connection.request("POST", "/v1/stock-movements", body=body, headers=headers)
                answer = connection.getresponse()
                answer.read()
                statuses.append(answer.status)
        except Exception as error:  # noqa: BLE001 - every transport failure is the finding
            failures.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    assert failures == []
    assert sorted(set(statuses)) == [201] and len(statuses) == CLIENTS * REQUESTS_EACH
    level = tenant.get(f"/v1/stock?store_id={store}&product_id={product}").json["items"][0]
    assert level["on_hand"] == CLIENTS * REQUESTS_EACH
