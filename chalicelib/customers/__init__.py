"""Customers: individuals and businesses, phone numbers in E.164, VAT numbers checked."""
