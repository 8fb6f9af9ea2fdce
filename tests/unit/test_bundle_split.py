"""Which locked requirements ship in the documents layer: the renderers and what only they need,
so the function zip (and the stream and schedule functions, which carry no layer) stay lean."""

from __future__ import annotations

from infra.bundle import locked_requirements, split


def test_the_chart_renderer_and_its_dependencies_ship_in_the_documents_layer() -> None:
    function, documents = split(locked_requirements())
    in_layer = {requirement.name for requirement in documents}
    in_function = {requirement.name for requirement in function}
    assert {"pygal", "importlib-metadata", "zipp", "lazy-importer", "babel", "fpdf2"} <= in_layer
    assert {"boto3", "pynamodb", "pydantic"} <= in_function
    assert not in_layer & in_function
