"""Tenants and their stores. Other domains ask here for a tenant's settings, its live stores
and the start of its history, and put a store's existence into their own writes."""

from typing import TYPE_CHECKING

from chalicelib.loading import lazy_face

if TYPE_CHECKING:
    from chalicelib.tenancy.schemas import StoreIn, StoreOut, TenantOut
    from chalicelib.tenancy.service import (
        activity_period,
        job_ran,
        list_stores,
        live_stores,
        move_activity_back,
        open_tenant,
        record_job_run,
        settings_in,
        store_in,
        store_of,
        stores_exist,
        tenant_ids,
        tenant_settings,
        tenant_zones,
        want_tenant,
    )

__all__ = [
    "StoreIn",
    "StoreOut",
    "TenantOut",
    "activity_period",
    "job_ran",
    "list_stores",
    "live_stores",
    "move_activity_back",
    "open_tenant",
    "record_job_run",
    "settings_in",
    "store_in",
    "store_of",
    "stores_exist",
    "tenant_ids",
    "tenant_settings",
    "tenant_zones",
    "want_tenant",
]

__getattr__ = lazy_face(__name__, __file__)
