"""JupyterHub configuration of a medlab-teach hub, built from its settings file.

``deploy/jupyterhub/jupyterhub_config.py`` calls :func:`configure` with JupyterHub's config
object. The layout follows nbgrader's "Using nbgrader with JupyterHub" guide for several
classes on one machine:

- students of course X are in the hub group ``nbgrader-X``; its role lets them discover the
  course's service; nbgrader's ``JupyterHubAuthPlugin`` reads their groups to decide which
  courses they see in the Assignment List;
- instructors of X are in ``formgrade-X``; its role grants ``access:services!service=X``: only
  they reach the formgrader, which runs as the shared Unix account ``grader-X`` in that
  account's course folder, as a hub-managed service at ``/services/X/``;
- user servers get the ``inherit`` scope so that nbgrader can read the user's groups.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from medlab_teach.hub.settings import Course, HubSettings

#: Scopes of the idle culler, as jupyterhub-idle-culler documents them.
CULLER_SCOPES = ["list:users", "read:users:activity", "read:servers", "delete:servers"]


def user_environment(settings: HubSettings) -> dict[str, str]:
    """Environment of every user server and formgrader: the kit's environment first on PATH
    (nbgrader runs its `alembic`), the hub-wide nbgrader configuration, and the shared
    exchange."""
    bin_dir = str(Path(settings.python).parent)
    env = {
        "PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin",
        "JUPYTER_CONFIG_PATH": settings.jupyter_config_dir,
        "MEDLAB_EXCHANGE": settings.exchange,
        # git trusts the hub's lessons repository (owned by root) through this file only.
        "GIT_CONFIG_SYSTEM": str(Path(settings.jupyter_config_dir) / "gitconfig"),
    }
    env.update(settings.environment)
    if "JUPYTER_CONFIG_PATH" in settings.environment:
        env["JUPYTER_CONFIG_PATH"] = (f"{settings.jupyter_config_dir}:"
                                      f"{settings.environment['JUPYTER_CONFIG_PATH']}")
    return env


def groups(settings: HubSettings) -> dict[str, dict[str, Any]]:
    """``nbgrader-<course>`` (students and instructors) and ``formgrade-<course>``
    (instructors and the grader account) for every course."""
    found: dict[str, dict[str, Any]] = {}
    for course in settings.courses.values():
        students = [s.id for s in course.students]
        found[course.student_group] = {"users": sorted({*students, *course.instructors})}
        found[course.grader_group] = {"users": sorted({*course.instructors, course.grader})}
    return found


def roles(settings: HubSettings) -> list[dict[str, Any]]:
    """The roles of nbgrader's multiple-classes guide, plus the idle culler's."""
    found: list[dict[str, Any]] = [
        {"name": "server", "scopes": ["inherit"]},
        {"name": "idle-culler", "scopes": CULLER_SCOPES, "services": ["idle-culler"]},
    ]
    for course in settings.courses.values():
        cid = course.course_id
        found.append({"name": f"formgrade-{cid}", "groups": [course.grader_group],
                      "scopes": [f"access:services!service={cid}"]})
        found.append({"name": f"nbgrader-{cid}", "groups": [course.student_group],
                      "scopes": ["list:services", f"read:services!service={cid}"]})
        # The formgrader's own token: read the groups of the course's people (course list),
        # and add a student to the course's group (nbgrader's "Manage Students").
        found.append({"name": f"service-{cid}", "services": [cid],
                      "scopes": [f"read:users:groups!group={course.student_group}",
                                 f"read:users:groups!group={course.grader_group}",
                                 f"groups!group={course.student_group}"]})
    return found


def course_folder(settings: HubSettings, course: Course) -> Path:
    """The grader account's course folder: ``<home_root>/grader-<course>/<course>``."""
    return Path(settings.home_root) / course.grader / course.course_id


def formgrader_service(settings: HubSettings, course: Course) -> dict[str, Any]:
    """The course's formgrader: a single-user server run by the hub as ``grader-<course>``,
    started in the course folder so nbgrader reads the course's nbgrader_config.py."""
    env = user_environment(settings)
    env["JUPYTERHUB_DEFAULT_URL"] = "/lab"
    if course.gradebook_url:
        env["MEDLAB_GRADEBOOK_URL"] = course.gradebook_url
    return {
        "name": course.course_id,
        "url": f"http://127.0.0.1:{course.service_port}",
        "command": [settings.python, "-m", "jupyterhub.singleuser"],
        "user": course.grader,
        "cwd": str(course_folder(settings, course)),
        "environment": env,
        "display": True,
        "info": {"description": f"Formgrader of {course.course_id}"},
    }


def culler_service(settings: HubSettings) -> dict[str, Any]:
    """jupyterhub-idle-culler: stop servers idle for ``cull_idle_seconds``."""
    every = max(60, settings.cull_idle_seconds // 10)
    return {"name": "idle-culler",
            "command": [settings.python, "-m", "jupyterhub_idle_culler",
                        f"--timeout={settings.cull_idle_seconds}", f"--cull-every={every}"]}


def _is_loopback(bind_url: str) -> bool:
    host = urlparse(bind_url).hostname or ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def configure_authenticator(c: Any, settings: HubSettings) -> None:
    """NativeAuthenticator (own passwords, sign-up limited to the rosters), PAM (the Unix
    passwords), or, for tests on loopback only, the dummy authenticator."""
    users = {s.id for course in settings.courses.values() for s in course.students}
    users |= {i for course in settings.courses.values() for i in course.instructors}
    users |= set(settings.admins)
    c.Authenticator.allowed_users = users
    c.Authenticator.admin_users = set(settings.admins)
    if settings.authenticator == "native":
        import nativeauthenticator

        c.JupyterHub.authenticator_class = "native"
        c.JupyterHub.template_paths = [
            os.path.join(os.path.dirname(nativeauthenticator.__file__), "templates")]
        # The rosters' names (allowed_users) are approved when they sign up; anyone else's
        # sign-up waits for an admin, and cannot log in anyway (not an allowed user).
        c.NativeAuthenticator.open_signup = False
        c.NativeAuthenticator.minimum_password_length = 10
        c.NativeAuthenticator.check_common_password = True
        c.NativeAuthenticator.allowed_failed_logins = 5
        c.NativeAuthenticator.seconds_before_next_try = 300
    elif settings.authenticator == "pam":
        c.JupyterHub.authenticator_class = "pam"
        c.PAMAuthenticator.open_sessions = False
    else:
        if not _is_loopback(settings.bind_url):
            raise ValueError("The dummy authenticator lets anyone in with one shared password: "
                             "it is for tests on 127.0.0.1 only. Use 'native' or 'pam'.")
        c.JupyterHub.authenticator_class = "dummy"
        c.DummyAuthenticator.password = os.environ["MEDLAB_HUB_TEST_PASSWORD"]


def configure_spawner(c: Any, settings: HubSettings) -> None:
    """Each user's server runs as their own Unix account. SystemdSpawner enforces the memory
    and CPU limits (cgroups); LocalProcessSpawner cannot, and only shows them to the server
    (MEM_LIMIT, CPU_LIMIT) for display."""
    if settings.spawner == "systemd":
        c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
        c.SystemdSpawner.isolate_tmp = True
        c.SystemdSpawner.disable_user_sudo = True
        c.SystemdSpawner.unit_name_template = "jupyter-{USERNAME}"
    else:
        c.JupyterHub.spawner_class = "localprocess"
    c.Spawner.cmd = [settings.python, "-m", "jupyterhub.singleuser"]
    c.Spawner.default_url = "/lab"
    c.Spawner.notebook_dir = "~"
    c.Spawner.environment = user_environment(settings)
    c.Spawner.mem_limit = settings.mem_limit
    c.Spawner.cpu_limit = settings.cpu_limit
    # The start of a class: everybody logs in within a minute, on a few cores.
    c.Spawner.start_timeout = settings.spawn_timeout_seconds
    c.Spawner.http_timeout = settings.spawn_timeout_seconds


def configure(c: Any, settings: HubSettings) -> None:
    """Fill JupyterHub's config object ``c`` from the hub's settings."""
    state = Path(settings.state_dir)
    c.JupyterHub.bind_url = settings.bind_url
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = settings.hub_port
    c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
    c.ConfigurableHTTPProxy.command = list(settings.proxy_command)
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
    c.ConfigurableHTTPProxy.pid_file = str(state / "jupyterhub-proxy.pid")
    if settings.ssl_cert:
        c.JupyterHub.ssl_cert = settings.ssl_cert
        c.JupyterHub.ssl_key = settings.ssl_key
    configure_authenticator(c, settings)
    configure_spawner(c, settings)
    c.JupyterHub.load_groups = groups(settings)
    c.JupyterHub.load_roles = roles(settings)
    c.JupyterHub.services = [culler_service(settings),
                             *(formgrader_service(settings, course)
                               for course in settings.courses.values())]
    # Servers outlive a hub restart (an upgrade does not interrupt a class).
    c.JupyterHub.cleanup_servers = False
