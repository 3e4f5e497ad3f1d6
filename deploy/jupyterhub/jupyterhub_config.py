"""JupyterHub configuration of a medlab-teach hub on one server.

Start the hub (as root: it starts each user's server as that user's Unix account) with

    MEDLAB_HUB_SETTINGS=/etc/medlab-teach/hub.json \
        /opt/medlab-teach/venv/bin/python -m jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

``medlab-teach hub setup`` writes the settings file and a systemd unit that does exactly this.
Every value comes from the settings file (courses, people, paths, limits); what each one sets
is in ``medlab_teach/hub/config.py`` and docs/jupyterhub.md:

- proxy: configurable-http-proxy, started by the hub, API on 127.0.0.1;
- authenticator: NativeAuthenticator (sign-up limited to the rosters) or PAM;
- spawner: LocalProcessSpawner, or SystemdSpawner where systemd runs (which enforces the
  memory and CPU limits; LocalProcessSpawner cannot);
- groups nbgrader-<course> (students) and formgrade-<course> (instructors, grader account);
- one formgrader service per course, run as grader-<course> at /services/<course>/;
- jupyterhub-idle-culler, which stops servers idle for ``cull_idle_seconds``.

Local changes go at the end of this file, after ``configure``: they win.
"""

from medlab_teach.hub.config import configure
from medlab_teach.hub.settings import load_settings

c = get_config()  # type: ignore[name-defined]  # noqa: F821  (provided by JupyterHub)

configure(c, load_settings())  # $MEDLAB_HUB_SETTINGS, else /etc/medlab-teach/hub.json

# --- Local changes ---------------------------------------------------------------------------
# c.JupyterHub.active_server_limit = 60   # refuse new servers beyond what the machine holds
