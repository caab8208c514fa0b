"""CSV import dialog: drop a file, and either everything is imported or each bad row is listed."""

from __future__ import annotations

import reflex as rx

from ..states.products import ProductImportState as S
from .products_widgets import MUTED

UPLOAD_ID = "product-csv"
COLUMNS_HINT = ("Columns: product_id (empty for new), sku, name, category, cost_price, selling_price, and any of "
                "barcode, subcategory, currency, reorder_threshold, reorder_quantity, max_stock_level, status, "
                "supplier_id, tags. Export a CSV to get a template. Stock columns are ignored.")


def _issue_row(issue) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(issue["row"], weight="medium"), text_align="right"),
        rx.table.cell(rx.code(issue["field"], variant="ghost")),
        rx.table.cell(issue["issue"]),
        data_testid="import-issue",
    )


def _report() -> rx.Component:
    issues = rx.cond(
        S.issues.length() > 0,
        rx.scroll_area(
            rx.table.root(
                rx.table.header(rx.table.row(
                    rx.table.column_header_cell("Row", text_align="right", width="64px"),
                    rx.table.column_header_cell("Field", width="180px"),
                    rx.table.column_header_cell("Problem"),
                )),
                rx.table.body(rx.foreach(S.issues, _issue_row)),
                size="1",
                variant="surface",
                width="100%",
                data_testid="import-issues",
            ),
            max_height="300px",
            type="auto",
        ),
    )
    return rx.cond(
        S.summary != "",
        rx.vstack(
            rx.callout(S.summary, icon=rx.cond(S.succeeded, "circle-check", "circle-x"),
                       color_scheme=rx.cond(S.succeeded, "green", "red"), width="100%",
                       data_testid="import-summary"),
            issues,
            spacing="3",
            width="100%",
        ),
    )


def _dropzone() -> rx.Component:
    return rx.upload(
        rx.vstack(
            rx.cond(S.importing, rx.spinner(size="3"), rx.icon("file-up", size=28, color=rx.color("accent", 10))),
            rx.text(rx.cond(S.importing, "Checking and importing…", "Drop a CSV file here, or click to choose"),
                    size="2", weight="medium"),
            rx.text(rx.cond(S.file_name != "", S.file_name, "UTF-8, at most 5 MB and 10,000 rows"), size="1",
                    color=MUTED),
            align="center",
            spacing="2",
        ),
        id=UPLOAD_ID,
        accept={"text/csv": [".csv"], "text/plain": [".csv", ".txt"]},
        multiple=False,
        max_files=1,
        on_drop=S.handle_upload(rx.upload_files(upload_id=UPLOAD_ID)),
        border=f"1.5px dashed {rx.color('gray', 7)}",
        border_radius="10px",
        padding="24px",
        width="100%",
        cursor="pointer",
        _hover={"background": rx.color("accent", 2)},
        data_testid="csv-upload",
    )


def import_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(rx.icon("upload", size=16), "Import CSV", variant="soft",
                                    data_testid="import-csv")),
        rx.dialog.content(
            rx.dialog.title("Import products from CSV"),
            rx.dialog.description(
                "Rows with a known product_id update that product; other rows create new products. "
                "If any row has a problem, nothing is imported.", size="2", color=MUTED),
            rx.vstack(
                _dropzone(),
                rx.text(COLUMNS_HINT, size="1", color=MUTED),
                _report(),
                rx.hstack(rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray",
                                                    data_testid="import-close")),
                          justify="end", width="100%"),
                spacing="4",
                width="100%",
                margin_top="12px",
            ),
            max_width="720px",
        ),
        open=S.open,
        on_open_change=S.set_open,
    )
