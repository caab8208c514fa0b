import reflex as rx

from ..states.auth import AuthState


def login_page() -> rx.Component:
    return rx.center(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.icon("activity", size=28, color=rx.color("accent", 9)),
                    rx.heading("InventoryPulse", size="7"),
                    align="center",
                ),
                rx.text("Sign in to manage your stock.", color=rx.color("gray", 11)),
                rx.form(
                    rx.vstack(
                        rx.text("Username or email", size="2", weight="medium"),
                        rx.input(name="username", placeholder="admin", width="100%", size="3",
                                 auto_focus=True, data_testid="login-username"),
                        rx.text("Password", size="2", weight="medium"),
                        rx.input(name="password", type="password", width="100%", size="3",
                                 data_testid="login-password"),
                        rx.cond(
                            AuthState.login_error != "",
                            rx.callout(AuthState.login_error, icon="circle-alert", color_scheme="red",
                                       width="100%", data_testid="login-error"),
                        ),
                        rx.button("Sign in", type="submit", size="3", width="100%", data_testid="login-submit"),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=AuthState.login,
                    width="100%",
                ),
                spacing="4",
                width="100%",
            ),
            size="4",
            width="400px",
        ),
        height="100vh",
        background=rx.color("gray", 2),
    )


def register(app: rx.App) -> None:
    app.add_page(login_page, route="/login", title="Sign in · InventoryPulse", on_load=AuthState.redirect_if_logged_in)
