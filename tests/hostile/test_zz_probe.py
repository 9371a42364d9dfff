from hostile_support import settle
from ui_support import MakeApp
from tui.ui.export import screen_text

async def test_probe(make_app: MakeApp) -> None:
    app = make_app(token="wrong-token-xx", token_source="env SDE_API_TOKEN")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        print(screen_text(app))
        await pilot.press("escape")
        await settle(app, pilot)
        print(screen_text(app))
        await pilot.press("1")
        await settle(app, pilot)
        print(screen_text(app))
        await pilot.press("escape")
        await settle(app, pilot)
        print(screen_text(app))
    print("RC", app.return_code, app._return_value if hasattr(app, "_return_value") else None)
