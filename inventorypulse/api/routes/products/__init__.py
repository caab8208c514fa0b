"""Product routes: list/detail/create/update/discontinue, CSV export/import, supplier offers.

The CSV and offer routers are included before the item routes so `/products/export` and
`/products/import` are never read as a product id.
"""

from __future__ import annotations

from fastapi import APIRouter

from . import csv_io, items, offers

router = APIRouter()
router.include_router(csv_io.router)
router.include_router(offers.router)
router.include_router(items.router)
