"""Form pieces: a labelled field with the service's error for it under the control, and text inputs.

States hold field errors as a dict keyed by field name (see `states/common.field_errors`)."""

from __future__ import annotations

import reflex as rx

from .widgets import back_link


def field_error(errors, name: str) -> rx.Component:
    """The service's message for `name` (a key of the state's errors dict), right under the field."""
    return rx.cond(
        errors.contains(name),
        rx.text(errors[name], size="1", color=rx.color("red", 11), data_testid=f"error-{name}"),
    )


def form_field(label: str, name: str, control: rx.Component, errors, *, hint: str = "",
               required: bool = False, error_names: tuple[str, ...] = ()) -> rx.Component:
    """Label, control, its errors (`name` plus any `error_names` reported for it), and a hint."""
    return rx.vstack(
        rx.text(label, rx.text.span(" *", color=rx.color("red", 10)) if required else "", size="2",
                weight="medium", as_="label"),
        control,
        *[field_error(errors, n) for n in (name, *error_names)],
        rx.text(hint, size="1", color=rx.color("gray", 10)) if hint else rx.fragment(),
        spacing="1",
        width="100%",
    )


def text_input(name: str, default, *, placeholder: str = "", type_: str = "text", **props) -> rx.Component:
    return rx.input(name=name, default_value=default, placeholder=placeholder, type=type_, width="100%",
                    data_testid=f"field-{name}", **props)


def record_form(state, *sections: rx.Component, noun: str, list_url: str) -> rx.Component:
    """The create/edit page of one record (a `RecordFormMixin` state): its sections, then Cancel and
    Save; shown once loaded, so nothing typed is lost when the form re-mounts with its values."""
    cancel_href = rx.cond(state.editing == "", list_url, f"{list_url}/" + state.editing)
    form = rx.form(
        rx.vstack(
            *sections,
            rx.hstack(
                rx.spacer(),
                rx.link(rx.button("Cancel", variant="soft", color_scheme="gray", type="button"), href=cancel_href),
                rx.button(rx.cond(state.editing == "", f"Create {noun}", "Save changes"), type="submit",
                          loading=state.saving, data_testid=f"save-{noun}"),
                width="100%",
                spacing="3",
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=state.save,
        key=state.form_key,
        width="100%",
    )
    return rx.vstack(
        back_link(rx.cond(state.editing == "", f"All {noun}s", f"Back to {noun}"), cancel_href),
        rx.cond(state.loaded_path == rx.State.router.url.path, form,
                rx.center(rx.spinner(size="3"), padding="48px", width="100%")),
        spacing="3",
        width="100%",
        max_width="1100px",
    )
