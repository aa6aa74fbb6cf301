"""The compounds on a map: GeoJSON features (RFC 7946) from plain rows, and the base map's
settings. Pure functions of their arguments and the settings; no ORM.

Coordinates are WGS-84 / CGCS2000 degrees, which is what GeoJSON, Leaflet and 天地图 expect.
A compound without a location is a feature with a null geometry (RFC 7946, 3.2): the API
lists it, the map page names it beside the map (未定位).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from common.rules import percent

from .rules import MapState


@dataclass(frozen=True)
class Point:
    """One compound as the map shows it."""

    pk: int
    name: str
    community: str
    state: str
    percent: int | None
    latitude: Decimal | None
    longitude: Decimal | None

    @property
    def is_located(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def point(
    *, pk, name, community, state, progress, latitude, longitude
) -> Point:  # one row, as the selectors read it
    return Point(
        pk=pk,
        name=name,
        community=community,
        state=state,
        percent=percent(progress),
        latitude=latitude,
        longitude=longitude,
    )


def feature(item: Point, **extra) -> dict:
    """Return a GeoJSON Feature of ``item`` (longitude first, as GeoJSON orders them)."""
    geometry = (
        {"type": "Point", "coordinates": [float(item.longitude), float(item.latitude)]}
        if item.is_located
        else None
    )
    return {
        "type": "Feature",
        "id": item.pk,
        "geometry": geometry,
        "properties": {
            "name": item.name,
            "community": item.community,
            "state": item.state,
            "percent": item.percent,
            **extra,
        },
    }


def feature_collection(features) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


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
