"""A multi-user class on JupyterHub: settings, hub configuration, server set-up, grading.

``medlab-teach hub setup`` prepares a Debian or Ubuntu server; ``deploy/jupyterhub/
jupyterhub_config.py`` configures JupyterHub from the settings it writes. See docs/jupyterhub.md.
"""
