"""Resolving settings: command-line flags > environment > config file profile > defaults.

``gather`` collects every value and where it came from without reading the token or insisting on
anything (``sde-alm info`` shows a partial picture); ``load_settings`` finishes the job.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from tui.api.errors import ConfigError
from tui.api.limits import DEFAULT_MAX_ITEMS, DEFAULT_MAX_PAGES
from tui.config.appearance import DEFAULT_THEME, KeyRemap
from tui.config.file import config_location, load_config, tilde
from tui.config.schema import API_FAMILY_AUTO, ConfigFile, ProfileConfig
from tui.config.server import validate_server
from tui.config.settings import (
    DEFAULT_CONCURRENCY,
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_DEADLINE,
    DEFAULT_PAGE_SIZE,
    DEFAULT_READ_TIMEOUT,
    Settings,
)
from tui.config.tokens import TokenSpec, read_token

SERVER_ENV: tuple[str, ...] = ("SDE_SERVER", "SDE_HOST")
TOKEN_ENV: tuple[str, ...] = ("SDE_API_TOKEN", "SDE_API_KEY")
PROFILE_ENV = "SDE_PROFILE"
READ_ONLY_ENV = "SDE_ALM_READ_ONLY"
ALLOW_HTTP_ENV = "SDE_ALLOW_INSECURE_HTTP"
CA_FILE_ENV = "SSL_CERT_FILE"
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})
_PROFILE_DEFAULTS: dict[str, Any] = {
    "connect_timeout": DEFAULT_CONNECT_TIMEOUT,
    "read_timeout": DEFAULT_READ_TIMEOUT,
    "deadline": DEFAULT_DEADLINE,
    "page_size": DEFAULT_PAGE_SIZE,
    "concurrency": DEFAULT_CONCURRENCY,
    "max_pages": DEFAULT_MAX_PAGES,
    "max_items": DEFAULT_MAX_ITEMS,
    "production": False,
}


class MissingSetting(ConfigError):
    """The server or the token is not configured anywhere (the CLI shows how to set them)."""


@dataclass
class Draft:
    """Values gathered so far, with their sources; the token is only described, not read."""

    config_path: Path
    config_exists: bool
    config: ConfigFile | None
    profile: str | None
    server: str | None = None
    token_spec: TokenSpec | None = None
    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)


def _arg(args: object | None, name: str) -> Any:
    return getattr(args, name, None) if args is not None else None


def env_bool(env: Mapping[str, str], name: str) -> bool | None:
    """A boolean environment variable, None when unset."""
    if name not in env:
        return None
    text = env[name].strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ConfigError(f"env {name}={env[name]!r} is not allowed; use 1/0, true/false, yes/no")


def _select_profile(
    args: object | None, env: Mapping[str, str], config: ConfigFile | None, path: Path,
    explicit: str | None,
) -> tuple[str | None, str]:
    if explicit is not None:
        name, source = explicit, "switched in the app"
    elif _arg(args, "profile"):
        name, source = str(_arg(args, "profile")), "flag --profile"
    elif env.get(PROFILE_ENV):
        name, source = env[PROFILE_ENV], f"env {PROFILE_ENV}"
    elif config is not None and config.default_profile:
        return config.default_profile, f"default_profile in {tilde(path)}"
    else:
        return None, "none"
    if config is None:
        raise ConfigError(
            f"profile {name!r} was asked for ({source}) "
            f"but there is no config file at {tilde(path)}"
        )
    if name not in config.profiles:
        known = ", ".join(sorted(config.profiles)) or "none"
        raise ConfigError(
            f"profile {name!r} ({source}) is not in {tilde(path)}; profiles there: {known}"
        )
    return name, source


def _relative_to(path: str, base: Path) -> str:
    resolved = Path(path).expanduser()
    return str(resolved if resolved.is_absolute() else base / resolved)


def gather(
    args: object | None = None, env: Mapping[str, str] | None = None, *, profile: str | None = None
) -> Draft:
    """Collect settings from ``args`` (an argparse namespace), ``env`` and the config file.

    ``profile`` switches to that profile (the TUI's profile switcher): server and token then come
    from the profile alone, not from ``--server`` or ``SDE_SERVER`` / ``SDE_API_TOKEN``.
    """
    env = os.environ if env is None else env
    path, path_source, explicit_path = config_location(_arg(args, "config"), env)
    config = load_config(path, explicit=explicit_path)
    name, profile_source = _select_profile(args, env, config, path, profile)
    draft = Draft(config_path=path, config_exists=config is not None, config=config, profile=name)
    draft.sources["config"] = f"{tilde(path)} ({path_source})"
    draft.sources["profile"] = profile_source
    prof = config.profiles[name] if config is not None and name else ProfileConfig()
    in_profile = f"profile {name}"
    set_in_profile = prof.fields_set
    switching = profile is not None

    def pick(key: str, candidates: list[tuple[str, Any]], default: Any) -> Any:
        for source, value in candidates:
            if value is not None:
                draft.values[key] = value
                draft.sources[key] = source
                return value
        if key in set_in_profile:
            draft.values[key], draft.sources[key] = getattr(prof, key), in_profile
        else:
            draft.values[key], draft.sources[key] = default, "default"
        return draft.values[key]

    server_candidates: list[tuple[str, Any]] = []
    if not switching:
        server_candidates.append(("flag --server", _arg(args, "server")))
        server_candidates += [(f"env {var}", env.get(var) or None) for var in SERVER_ENV]
    server_candidates.append((in_profile, prof.server))
    for source, value in server_candidates:
        if value is not None:
            draft.server, draft.sources["server"] = value, source
            break

    token_env = [] if switching else [var for var in TOKEN_ENV if env.get(var)]
    own_token = prof.token_source()
    if token_env:
        draft.token_spec = TokenSpec("env", token_env[0])
    elif own_token is not None:
        kind, value = own_token
        if kind == "token_file":
            value = _relative_to(value, path.parent)
        spec_kind = {"token_env": "env", "token_file": "file", "token_command": "command"}[kind]
        draft.token_spec = TokenSpec(spec_kind, value, in_profile)  # type: ignore[arg-type]
    if draft.token_spec is not None:
        draft.sources["token"] = draft.token_spec.describe()

    pick("read_only", [("flag --read-only", _arg(args, "read_only")),
                       (f"env {READ_ONLY_ENV}", env_bool(env, READ_ONLY_ENV))], False)
    pick("allow_http", [("flag --allow-http", _arg(args, "allow_http")),
                        (f"env {ALLOW_HTTP_ENV}", env_bool(env, ALLOW_HTTP_ENV))], False)
    insecure_flag = True if _arg(args, "insecure") else None
    profile_insecure = (not prof.verify_tls) if "verify_tls" in set_in_profile else None
    pick("insecure", [("flag --insecure", insecure_flag),
                      (f"{in_profile} (verify_tls = false)", profile_insecure)], False)
    profile_ca = _relative_to(prof.ca_file, path.parent) if prof.ca_file else None
    pick("ca_file", [("flag --ca-file", _arg(args, "ca_file")),
                     (f"env {CA_FILE_ENV}", env.get(CA_FILE_ENV) or None),
                     (in_profile, profile_ca)], None)
    for key, default in _PROFILE_DEFAULTS.items():
        pick(key, [], default)
    pick("api_family", [("flag --api-family", _arg(args, "api_family"))], API_FAMILY_AUTO)
    _appearance(draft, args, prof, in_profile)
    pick("log_file", [("flag --log-file", _arg(args, "log_file"))], None)
    pick("log_level", [("flag --log-level", _arg(args, "log_level"))], "warning")
    return draft


def _appearance(draft: Draft, args: object | None, prof: ProfileConfig, in_profile: str) -> None:
    """Theme: flag > profile > the file's top level > default. Keymap: the profile's lines
    over the file's top-level ``[keymap]``."""
    config, where = draft.config, tilde(draft.config_path)
    candidates = [("flag --theme", _arg(args, "theme")), (in_profile, prof.theme)]
    if config is not None:
        candidates.append((f"theme in {where}", config.theme))
    draft.values["theme"], draft.sources["theme"] = next(
        ((value, source) for source, value in candidates if value is not None),
        (DEFAULT_THEME, "default"),
    )
    remaps: dict[str, KeyRemap] = {}
    if config is not None:
        for binding_id, keys in config.keymap.items():
            remaps[binding_id] = KeyRemap(binding_id, keys, f'keymap."{binding_id}"')
        for binding_id, keys in prof.keymap.items():
            dotted = f'profiles.{draft.profile}.keymap."{binding_id}"'
            remaps[binding_id] = KeyRemap(binding_id, keys, dotted)
    draft.values["keymap"] = tuple(remaps.values())
    if remaps:
        draft.sources["keymap"] = f"{len(remaps)} line(s) in {where}"


def appearance(args: object | None = None, env: Mapping[str, str] | None = None) -> Draft:
    """Only the theme and keymap, for ``--demo``: it has no profile, so the file's top level
    (and ``--theme``) apply."""
    env = os.environ if env is None else env
    path, path_source, explicit_path = config_location(_arg(args, "config"), env)
    config = load_config(path, explicit=explicit_path)
    draft = Draft(config_path=path, config_exists=config is not None, config=config, profile=None)
    draft.sources["config"] = f"{tilde(path)} ({path_source})"
    _appearance(draft, args, ProfileConfig(), "no profile")
    return draft


def _check_token_goes_to_its_server(draft: Draft, server: str) -> None:
    spec, config = draft.token_spec, draft.config
    if spec is None or not spec.origin or config is None or draft.profile is None:
        return
    own = config.profiles[draft.profile].server
    if own is None:
        return
    own_origin = validate_server(own, allow_http=True, source=f"profile {draft.profile} server")
    if own_origin != server:
        raise ConfigError(
            f"the token of profile {draft.profile} is for {own_origin}, but the server is "
            f"{server} ({draft.sources['server']}); refusing to send it elsewhere. Set "
            f"SDE_API_TOKEN for that server, or choose the profile for it with --profile"
        )


def finish(draft: Draft, env: Mapping[str, str] | None = None) -> Settings:
    """Validate the draft, read the token, and build ``Settings``."""
    env = os.environ if env is None else env
    if draft.server is None:
        raise MissingSetting("no SD Elements server is configured")
    server = validate_server(
        draft.server, allow_http=bool(draft.values["allow_http"]), source=draft.sources["server"]
    )
    if draft.token_spec is None:
        raise MissingSetting("no API token is configured")
    _check_token_goes_to_its_server(draft, server)
    ca_file = draft.values["ca_file"]
    if ca_file is not None:
        ca_file = str(Path(ca_file).expanduser())
        if not Path(ca_file).is_file():
            raise ConfigError(
                f"CA file {tilde(ca_file)} ({draft.sources['ca_file']}) does not exist"
            )
    token = read_token(draft.token_spec, env)
    draft.sources["token"] = draft.token_spec.describe()  # now scrubbed of the token itself
    values = {k: v for k, v in draft.values.items() if k != "ca_file"}
    return Settings(
        server=server,
        token=token,
        profile=draft.profile,
        ca_file=ca_file,
        config_path=str(draft.config_path),
        sources=dict(draft.sources),
        **values,
    )


def load_settings(
    args: object | None = None, env: Mapping[str, str] | None = None, *, profile: str | None = None
) -> Settings:
    """Resolve the full ``Settings`` (``ConfigError`` when anything is missing or invalid)."""
    env = os.environ if env is None else env
    return finish(gather(args, env, profile=profile), env)


def switch_profile(
    current: Settings, name: str, env: Mapping[str, str] | None = None
) -> Settings:
    """Settings for profile ``name`` of the same config file, for switching without a restart.

    What this session was given as flags (``--read-only``, ``--insecure``, ``--allow-http``,
    ``--ca-file``, ``--config``, logging) still applies; server and token come from the profile.
    May run a ``token_command`` (up to 10 s): call it off the UI thread.
    """
    from_flag = {key for key, source in current.sources.items() if source.startswith("flag ")}
    if current.sources.get("config", "").endswith("(flag --config)"):
        from_flag.add("config")
    args = SimpleNamespace(
        config=current.config_path if "config" in from_flag else None,
        read_only=True if "read_only" in from_flag and current.read_only else None,
        insecure=True if "insecure" in from_flag and current.insecure else None,
        allow_http=True if "allow_http" in from_flag and current.allow_http else None,
        ca_file=current.ca_file if "ca_file" in from_flag else None,
        api_family=current.api_family if "api_family" in from_flag else None,
        theme=current.theme if "theme" in from_flag else None,
        log_file=current.log_file,
        log_level=current.log_level,
    )
    return load_settings(args, env, profile=name)
