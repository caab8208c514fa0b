"""Users screen sections: the table with row actions and the create / edit / password dialogs."""

from __future__ import annotations

import reflex as rx

from ...models.status import Role, UserStatus
from ..components.widgets import field_error, pager, status_badge
from ..states.users import UsersState as S

ROLE_LABELS = [(r.value, r.value.capitalize()) for r in Role]
STATUS_LABELS = [(s.value, s.value.capitalize()) for s in UserStatus]


def _field(label: str, name: str, *, type_: str = "text", placeholder: str = "", hint: str = "") -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", weight="medium"),
        rx.input(name=name, type=type_, placeholder=placeholder, width="100%", data_testid=f"user-{name}"),
        rx.cond(S.errors.contains(name), field_error(S.errors.get(name, ""), f"error-{name}"),
                rx.text(hint, size="1", color=rx.color("gray", 10)) if hint else rx.fragment()),
        spacing="1",
        width="100%",
    )


def _choice(label: str, name: str, options, *, value=None, on_change=None, default=None) -> rx.Component:
    props = {"value": value, "on_change": on_change} if value is not None else {"default_value": default}
    return rx.vstack(
        rx.text(label, size="2", weight="medium"),
        rx.select.root(
            rx.select.trigger(width="100%", data_testid=f"user-{name}"),
            rx.select.content(*[rx.select.item(text, value=v) for v, text in options]),
            name=name,
            **props,
        ),
        field_error(S.errors.get(name, ""), f"error-{name}"),
        spacing="1",
        width="100%",
    )


def _buttons(confirm: str, testid: str) -> rx.Component:
    return rx.hstack(
        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
        rx.button(confirm, type="submit", loading=S.saving, data_testid=testid),
        justify="end",
        spacing="3",
        width="100%",
        margin_top="8px",
    )


def create_dialog_body() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.grid(
                _field("Username", "username", placeholder="jdoe", hint="3-50 letters, digits, _ . -"),
                _field("Email", "email", placeholder="jane@example.com"),
                _field("First name", "first_name"),
                _field("Last name", "last_name"),
                columns="2",
                spacing="3",
                width="100%",
            ),
            _choice("Role", "role", ROLE_LABELS, default="staff"),
            _field("Initial password", "password", type_="password",
                   hint="At least 8 characters with a letter and a digit"),
            _buttons("Create user", "user-create-submit"),
            spacing="3",
            width="100%",
        ),
        on_submit=S.create,
        reset_on_submit=False,
    )


def edit_dialog_body() -> rx.Component:
    return rx.form(
        rx.vstack(
            _choice("Role", "role", ROLE_LABELS, value=S.edit_role, on_change=S.set_edit_role),
            _choice("Status", "status", STATUS_LABELS, value=S.edit_status, on_change=S.set_edit_status),
            _buttons("Save", "user-edit-submit"),
            spacing="3",
            width="100%",
        ),
        on_submit=S.save_edit,
    )


def password_dialog_body() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text("Their other sessions are signed out.", size="2", color=rx.color("gray", 11)),
            _field("New password", "new_password", type_="password",
                   hint="At least 8 characters with a letter and a digit"),
            _buttons("Reset password", "user-password-submit"),
            spacing="3",
            width="100%",
        ),
        on_submit=S.reset_password,
        reset_on_submit=False,
    )


def user_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(S.dialog_title),
            rx.match(S.dialog, ("create", create_dialog_body()), ("edit", edit_dialog_body()),
                     ("password", password_dialog_body()), rx.fragment()),
            max_width="560px",
        ),
        open=S.dialog != "",
        on_open_change=S.close_dialog,
    )


def _row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.vstack(rx.text(row["username"], weight="medium"),
                                rx.text(row["user_id"], size="1", color=rx.color("gray", 10)), spacing="0")),
        rx.table.cell(rx.text(row["name"])),
        rx.table.cell(rx.text(row["email"], size="2")),
        rx.table.cell(rx.el.span(status_badge(row["role"]), data_testid="role-" + row["username"])),
        rx.table.cell(rx.hstack(
            rx.el.span(status_badge(row["status"]), data_testid="status-" + row["username"]),
            rx.cond(row["locked"] != "", rx.badge("locked", color_scheme="red", variant="solid",
                                                  data_testid="locked-" + row["username"])),
            spacing="1",
        )),
        rx.table.cell(rx.text(row["last_login"], size="2", white_space="nowrap")),
        rx.table.cell(rx.hstack(
            rx.button("Edit", size="1", variant="soft",
                      on_click=S.open_edit(row["user_id"], row["username"], row["role"], row["status"]),
                      data_testid="edit-" + row["username"]),
            rx.button("Reset password", size="1", variant="soft", color_scheme="gray",
                      on_click=S.open_password(row["user_id"], row["username"]),
                      data_testid="password-" + row["username"]),
            rx.cond(row["locked"] != "",
                    rx.button("Unlock", size="1", variant="soft", color_scheme="orange", loading=S.saving,
                              on_click=S.unlock(row["user_id"], row["username"]),
                              data_testid="unlock-" + row["username"])),
            spacing="2",
            justify="end",
        )),
        align="center",
        data_testid="user-row-" + row["username"],
    )


def users_body() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text("Accounts and their roles. Admins manage users; managers edit the catalogue and orders; "
                    "staff move stock; read-only users only look.", size="2", color=rx.color("gray", 11)),
            rx.spacer(),
            rx.button(rx.icon("user-plus", size=16), "New user", on_click=S.open_create,
                      data_testid="user-new"),
            align="center",
            width="100%",
        ),
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                           ("User", "Name", "Email", "Role", "Status", "Last login", "")])),
            rx.table.body(rx.foreach(S.rows, _row)),
            variant="surface",
            size="2",
            width="100%",
            data_testid="users-table",
        ),
        pager(S.page, S.total_pages, S.total, S.prev_page, S.next_page),
        user_dialog(),
        spacing="3",
        width="100%",
    )
