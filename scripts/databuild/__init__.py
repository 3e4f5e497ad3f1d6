"""The data build, one module per raw source (see scripts/build_data.py for the command).

common (paths, CSV output) -> raw (sha256 of every raw file) -> territories, geometry ->
boundaries, sisc, homicide_events, stations, population, police, curated (the tables) ->
metadata (datapackage.yaml -> datapackage.json) -> build (the whole run).
"""
