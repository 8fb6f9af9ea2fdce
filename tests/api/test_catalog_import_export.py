"""CSV import (good and bad lines, re-import updates) and CSV/XLSX export of the catalog."""

from __future__ import annotations

import csv
import io

from tests.support import Tenant, add_product, add_user, import_csv

FILE = """sku,name,barcode,category,brand,unit,price,cost,tax_rate_bps,variant_of,attributes
TEC-SPARK20,Tecno Spark 20,,Téléphones,Tecno,piece,90000,70000,1925,,
TEC-SPARK20-BLK,Spark noir,6900000000017,Téléphones,Tecno,piece,92000,,1925,TEC-SPARK20,colour=black
CAB-RJ45,Câble RJ45 Cat6 (m),,Câbles,TP-Link,cm,500,200,1925,,
BAD-PRICE,Prix faux,,,,piece,douze,,,,
BAD-UNIT,Unité fausse,,,,kg,100,,,,
TEC-SPARK20,Doublon,,,,piece,1,,,,
NO-NAME,,,,,,100,,,,
ORPHAN,Variante orpheline,,,,piece,100,,,NOPE,
"""


def test_good_lines_are_applied_and_bad_lines_reported(tenant: Tenant) -> None:
    reply = import_csv(tenant, FILE)
    assert reply.status == 200, reply
    assert reply.json["created"] == 3 and reply.json["updated"] == 0
    assert [error["line"] for error in reply.json["errors"]] == [5, 6, 7, 8, 9]
    assert "price" in reply.json["errors"][0]["message"]
    assert "line 2" in reply.json["errors"][2]["message"]

    variant = tenant.get("/v1/products?sku=TEC-SPARK20-BLK").json["items"][0]
    parent = tenant.get("/v1/products?sku=TEC-SPARK20").json["items"][0]
    assert variant["variant_of"] == parent["id"] and variant["attributes"] == {"colour": "black"}
    assert variant["barcode"] == "6900000000017" and variant["price"] == 92000
    categories = {c["name"] for c in tenant.get("/v1/categories").json["items"]}
    assert categories == {"Téléphones", "Câbles"}
    cable = tenant.get("/v1/products?search=rj45").json["items"][0]
    assert cable["unit"] == "cm" and cable["brand_id"]


def test_reimporting_updates_by_sku(tenant: Tenant) -> None:
    import_csv(tenant, FILE)
    again = "sku,price,name\nTEC-SPARK20,85000,\nCAB-RJ45,450,Câble RJ45\nNEW-1,100,Nouveau\n"
    reply = import_csv(tenant, again)
    assert reply.json == {"created": 1, "updated": 2, "errors": []}
    phone = tenant.get("/v1/products?sku=TEC-SPARK20").json["items"][0]
    assert phone["price"] == 85000 and phone["name"] == "Tecno Spark 20"
    assert phone["version"] == 2
    assert tenant.get("/v1/products?search=cable%20rj45").json["items"][0]["price"] == 450


def test_a_barcode_of_another_product_is_reported(tenant: Tenant) -> None:
    add_product(tenant, sku="OWNER", name="A", price=1, barcode="777")
    reply = import_csv(tenant, "sku,name,price,barcode\nTHIEF,B,1,777\nOK,C,1,778\n")
    assert reply.json["created"] == 1
    assert reply.json["errors"] == [
        {"line": 2, "message": "barcode 777 belongs to another product"}
    ]


def test_a_file_without_sku_column_or_with_unknown_columns_is_refused(tenant: Tenant) -> None:
    for text in ("name,price\nA,1\n", "sku,colour\nA,red\n"):
        reply = import_csv(tenant, text)
        assert reply.status == 422 and reply.json["code"] == "VALIDATION_ERROR"
    assert tenant.post("/v1/products/import", {"sku": "A"}).status == 415


def test_only_managers_import(tenant: Tenant) -> None:
    sales = add_user(tenant, "SALES")
    reply = tenant.api.request(
        "POST",
        "/v1/products/import",
        body=b"sku,name,price\nA,B,1\n",
        token=sales.token,
        headers={"content-type": "text/csv"},
    )
    assert reply.status == 403


def test_export_csv_reads_back_as_the_import_format(tenant: Tenant) -> None:
    import_csv(tenant, FILE)
    reply = tenant.get("/v1/products/export?format=csv")
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("text/csv")
    assert 'filename="products.csv"' in reply.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(reply.body.decode("utf-8"))))
    by_sku = {row["sku"]: row for row in rows}
    assert set(by_sku) == {"TEC-SPARK20", "TEC-SPARK20-BLK", "CAB-RJ45"}
    assert by_sku["TEC-SPARK20-BLK"]["variant_of"] == "TEC-SPARK20"
    assert by_sku["CAB-RJ45"]["category"] == "Câbles" and by_sku["CAB-RJ45"]["price"] == "500"
    assert import_csv(tenant, reply.body.decode()).json == {
        "created": 0,
        "updated": 3,
        "errors": [],
    }


def test_export_xlsx_opens_in_a_spreadsheet(tenant: Tenant) -> None:
    from openpyxl import load_workbook

    import_csv(tenant, FILE)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    # API Gateway (and Chalice) send a binary body only to a client that accepts its type.
    reply = tenant.get("/v1/products/export?format=xlsx", headers={"accept": xlsx})
    assert reply.status == 200
    assert reply.headers["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="products.xlsx"' in reply.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(reply.body)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("sku", "name", "barcode")
    assert {row[0] for row in rows[1:]} == {"TEC-SPARK20", "TEC-SPARK20-BLK", "CAB-RJ45"}
    assert tenant.get("/v1/products/export?format=pdf").status == 422


FORMULA_NAME = "=cmd|' /C calc'!A0"


def test_exports_write_formula_looking_names_as_text(tenant: Tenant) -> None:
    from openpyxl import load_workbook

    created = tenant.post("/v1/products", {"sku": "EVIL", "name": FORMULA_NAME, "price": 85000})
    assert created.status == 201 and created.json["name"] == FORMULA_NAME
    other = {"sku": "AT", "name": "@SUM(1)", "price": 1, "barcode": "-123"}
    assert tenant.post("/v1/products", other).status == 201
    csv_file = tenant.get("/v1/products/export?format=csv").body.decode("utf-8")
    rows = {row["sku"]: row for row in csv.DictReader(io.StringIO(csv_file))}
    assert rows["EVIL"]["name"] == "'" + FORMULA_NAME and rows["EVIL"]["price"] == "85000"
    assert (rows["AT"]["name"], rows["AT"]["barcode"]) == ("'@SUM(1)", "'-123")
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = tenant.get("/v1/products/export?format=xlsx", headers={"accept": xlsx}).body
    sheet = load_workbook(io.BytesIO(book)).active
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert cells["EVIL"][1].value == FORMULA_NAME and cells["EVIL"][1].data_type == "s"
    assert cells["AT"][2].value == "-123" and cells["AT"][2].data_type == "s"
    assert cells["EVIL"][6].value == 85000 and cells["EVIL"][6].data_type == "n"
    assert tenant.get("/v1/products?sku=EVIL").json["items"][0]["name"] == FORMULA_NAME


def test_a_quoted_export_imports_back_unchanged(tenant: Tenant) -> None:
    add_product(tenant, sku="EVIL", name=FORMULA_NAME, price=85000)
    exported = tenant.get("/v1/products/export?format=csv").body.decode("utf-8")
    assert import_csv(tenant, exported).json == {"created": 0, "updated": 1, "errors": []}
    product = tenant.get("/v1/products?sku=EVIL").json["items"][0]
    assert product["name"] == FORMULA_NAME
