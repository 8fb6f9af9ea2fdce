"""Catalog: categories, brands, products and their variants, CSV/XLSX import and export."""
