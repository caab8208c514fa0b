import reflex as rx

from inventorypulse.config import settings

config = rx.Config(
    app_name="inventorypulse",
    app_module_import="inventorypulse.app",
    db_url=settings.database_url,
    # With Redis, Reflex keeps UI state there and can run several workers.
    redis_url=settings.redis_url or None,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="teal", gray_color="slate", radius="medium", scaling="95%")
        ),
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
