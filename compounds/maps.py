"""The compounds on a map: the map page's points and the GeoJSON (RFC 7946) from plain rows,
and the base map's settings. Pure functions of their arguments and the settings; no ORM.

Coordinates are WGS-84 / CGCS2000 degrees, which is what GeoJSON, Leaflet and 天地图 expect.
A compound without a location is a feature with a null geometry (RFC 7946, 3.2): the API
lists it, the map page names it beside the map (未定位).
"""

import json
from dataclasses import dataclass

from django.conf import settings

from common.rules import percent

from .rules import MapState, map_state

_text = json.encoder.encode_basestring  # a JSON string, the characters kept (UTF-8 out)


# The columns of a compound's row on the map, in order (selectors.compound_map_rows).
ROW = ("pk", "name", "community", "status", "latest_start", "progress", "latitude", "longitude")


@dataclass(frozen=True)
class Point:
    """One compound as the map page lists it."""

    pk: int
    name: str
    community: str
    state: str
    percent: int | None
    is_located: bool


def _states(rows, *, today, public):
    """Each row with its map state (rules.map_state; the public one by the status alone:
    whether a start is late is the staff's judgement, not published) and its percent
    (common.rules.percent, worked out once per distinct progress)."""
    percents = {}
    for pk, name, community, status, latest_start, progress, latitude, longitude in rows:
        state = map_state(status=status, latest_start=None if public else latest_start, today=today)
        if progress not in percents:
            percents[progress] = percent(progress)
        yield pk, name, community, state, percents[progress], latitude, longitude


def points(rows, *, today) -> list[Point]:
    return [
        Point(pk, name, community, state, share, latitude is not None and longitude is not None)
        for pk, name, community, state, share, latitude, longitude in _states(
            rows, today=today, public=False
        )
    ]


def geojson(rows, *, today, public=False, page=None) -> str:
    """Return the rows as a GeoJSON FeatureCollection (RFC 7946), as text: each feature's id
    is the compound's; its geometry a Point, longitude first, or null for a compound without a
    location (listed, never dropped); its properties the name, community, map state and
    percent, and with ``page`` (a path ending in "/"), the compound's page at page + id + "/".

    Written as text, not built as dicts and encoded: a city of 10,000 compounds is four
    containers a feature fewer, and the garbage collector's passes over them were a third of
    the time (manage.py bench, geojson_city). The strings go through the json module's own
    escaping; the numbers are ints and floats."""
    parts = []
    for pk, name, community, state, share, latitude, longitude in _states(
        rows, today=today, public=public
    ):
        geometry = (
            "null"
            if latitude is None or longitude is None
            else f'{{"type":"Point","coordinates":[{float(longitude)!r},{float(latitude)!r}]}}'
        )
        link = f',"url":{_text(f"{page}{pk}/")}' if page else ""
        parts.append(
            f'{{"type":"Feature","id":{int(pk)},"geometry":{geometry},"properties":'
            f'{{"name":{_text(name)},"community":{_text(community)},"state":{_text(state)},'
            f'"percent":{"null" if share is None else int(share)}{link}}}}}'
        )
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


def state_counts(points) -> list[dict]:
    """Return the legend: each map state in order with its label and count (zeros kept, so
    the legend always names every colour)."""
    counts = dict.fromkeys(MapState.ORDER, 0)
    for item in points:
        counts[item.state] += 1
    return [
        {"state": state, "label": MapState.LABELS[state], "count": counts[state]}
        for state in MapState.ORDER
    ]


def base_map() -> dict:
    """Return the base map's settings for the page script: the tile URL (and an optional
    labels layer, as 天地图 serves its names separately), their subdomains and attribution,
    and where to look first. With no tile URL (the demo, the tests) the map draws its points
    on a plain background."""
    return {
        "tiles": settings.MAP_TILE_URL,
        "labels": settings.MAP_LABEL_URL,
        "subdomains": settings.MAP_TILE_SUBDOMAINS,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "max_zoom": settings.MAP_MAX_ZOOM,
        "center": [float(value) for value in settings.MAP_CENTER],
        "zoom": settings.MAP_ZOOM,
    }
