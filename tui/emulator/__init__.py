"""A faithful, standalone emulator of the SD Elements ALM API (connectors, connections, jobs).

Starlette + uvicorn; works on plain dicts so its JSON matches the seed documentation key for key.
Importing this package is cheap: nothing heavy is imported until a submodule is.
"""
