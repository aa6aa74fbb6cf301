/* The compounds on a map (templates/compounds/includes/map.html), with Leaflet.
 *
 * data-map="programme": every compound of the GeoJSON, coloured by where it stands; a click
 *   opens its card (name, community, state, progress, a link to its page).
 * data-map="compound": the same, around one compound (data-focus), drawn larger.
 * data-map="picker": a compound's edit form; a click (or a drag of the marker) writes the
 *   latitude and longitude fields, and typing in them moves the marker.
 *
 * The base map is a tile URL from the settings (#base-map); with none, the points are drawn
 * on a plain background with a scale. Colours and the states' words come from the legend
 * (.map-legend), so the page and the map say the same. No inline script (the CSP forbids it).
 */
(function () {
  "use strict";

  var BIG = 2000; // above this many points, draw on a canvas

  function baseSettings() {
    var node = document.getElementById("base-map");
    return node ? JSON.parse(node.textContent) : { center: [34.78, 113.66], zoom: 14 };
  }

  function legend() {
    var states = {};
    document.querySelectorAll(".map-legend [data-state]").forEach(function (item) {
      var swatch = item.querySelector(".map-swatch");
      states[item.dataset.state] = {
        label: item.querySelector(".map-legend-label").textContent,
        colour: swatch ? getComputedStyle(swatch).backgroundColor : "#6c757d",
      };
    });
    return states;
  }

  function makeMap(element, settings) {
    var map = L.map(element, {
      center: settings.center,
      zoom: settings.zoom,
      maxZoom: settings.max_zoom || 18,
      attributionControl: Boolean(settings.tiles),
    });
    if (settings.tiles) {
      var options = {
        subdomains: settings.subdomains || "abc",
        maxZoom: settings.max_zoom || 18,
        attribution: settings.attribution || "",
      };
      L.tileLayer(settings.tiles, options).addTo(map);
      if (settings.labels) L.tileLayer(settings.labels, options).addTo(map);
    } else {
      element.classList.add("map-plain");
    }
    L.control.scale({ imperial: false }).addTo(map);
    return map;
  }

  function card(feature, element, states) {
    var p = feature.properties;
    var box = document.createElement("div");
    box.className = "map-card";
    var title = document.createElement("a");
    title.className = "map-card-title";
    title.href = element.dataset.detailUrl.replace(/0\/$/, feature.id + "/");
    title.textContent = p.name;
    box.appendChild(title);
    var line = document.createElement("div");
    line.className = "map-card-line";
    line.textContent = p.community;
    box.appendChild(line);
    var state = document.createElement("div");
    state.className = "map-card-line";
    var swatch = document.createElement("span");
    swatch.className = "map-swatch map-state-" + p.state;
    state.appendChild(swatch);
    state.appendChild(
      document.createTextNode(
        " " + ((states[p.state] || {}).label || p.state) + " · " +
        element.dataset.textProgress + " " + (p.percent === null ? "—" : p.percent + "%")
      )
    );
    box.appendChild(state);
    return box;
  }

  function drawPoints(map, element, collection, states) {
    var focus = element.dataset.focus ? Number(element.dataset.focus) : null;
    var located = collection.features.filter(function (f) { return f.geometry; });
    var renderer = located.length > BIG ? L.canvas() : L.svg();
    var focused = null;
    var layer = L.geoJSON(
      { type: "FeatureCollection", features: located },
      {
        pointToLayer: function (feature, latlng) {
          var mine = feature.id === focus;
          var marker = L.circleMarker(latlng, {
            renderer: renderer,
            radius: mine ? 11 : focus ? 6 : 8,
            weight: mine ? 3 : 1.5,
            color: mine ? "#212529" : "#ffffff",
            fillColor: (states[feature.properties.state] || {}).colour || "#6c757d",
            fillOpacity: focus && !mine ? 0.6 : 0.95,
            className: "map-point map-point-" + feature.properties.state,
          });
          if (mine) focused = marker;
          return marker;
        },
        onEachFeature: function (feature, marker) {
          marker.bindPopup(function () { return card(feature, element, states); });
          marker.bindTooltip(feature.properties.name);
        },
      }
    ).addTo(map);
    if (focused) {
      focused.bringToFront();
      map.setView(focused.getLatLng(), 16, { animate: false });
    } else if (located.length) {
      map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 17, animate: false });
    }
    element.dataset.points = String(located.length);
    element.classList.add("map-ready");
  }

  function load(map, element, states) {
    if (!element.dataset.geojson) {
      element.classList.add("map-ready");
      return Promise.resolve();
    }
    return fetch(element.dataset.geojson, {
      credentials: "same-origin",
      headers: { Accept: "application/geo+json" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (collection) { drawPoints(map, element, collection, states); })
      .catch(function () {
        var note = document.createElement("p");
        note.className = "alert alert-warning map-failed";
        note.setAttribute("role", "alert");
        note.textContent = element.dataset.textFailed;
        element.parentNode.insertBefore(note, element);
        element.classList.add("map-ready");
      });
  }

  function picker(map, element) {
    var form = element.closest("form");
    var latitude = form.querySelector("[name=latitude]");
    var longitude = form.querySelector("[name=longitude]");
    var marker = null;

    function read() {
      var lat = parseFloat(latitude.value);
      var lng = parseFloat(longitude.value);
      return isFinite(lat) && isFinite(lng) ? L.latLng(lat, lng) : null;
    }
    function place(latlng, pan) {
      if (!marker) {
        marker = L.marker(latlng, {
          draggable: true,
          keyboard: true,
          title: element.dataset.textHere,
          alt: element.dataset.textHere,
          icon: L.divIcon({ className: "map-pin", iconSize: [22, 22] }),
        }).addTo(map);
        marker.on("dragend", function () { write(marker.getLatLng()); });
      } else {
        marker.setLatLng(latlng);
      }
      if (pan) map.setView(latlng, Math.max(map.getZoom(), 16), { animate: false });
    }
    function write(latlng) {
      latitude.value = latlng.lat.toFixed(6);
      longitude.value = latlng.lng.toFixed(6);
      [latitude, longitude].forEach(function (input) {
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }
    var start = read();
    if (start) place(start, true);
    map.on("click", function (event) {
      place(event.latlng, false);
      write(event.latlng);
    });
    [latitude, longitude].forEach(function (input) {
      input.addEventListener("input", function () {
        var latlng = read();
        if (latlng && Math.abs(latlng.lat) <= 90 && Math.abs(latlng.lng) <= 180) {
          place(latlng, true);
        }
      });
    });
    return Boolean(start);
  }

  function start() {
    if (typeof L === "undefined") return;
    var settings = baseSettings();
    var states = legend();
    document.querySelectorAll("[data-map]").forEach(function (element) {
      var map = makeMap(element, settings);
      var kind = element.dataset.map;
      var placed = kind === "picker" ? picker(map, element) : false;
      if (placed) element.dataset.focus = "";
      load(map, element, states).then(function () {
        if (kind === "picker" && placed) {
          var latitude = element.closest("form").querySelector("[name=latitude]");
          var longitude = element.closest("form").querySelector("[name=longitude]");
          map.setView([parseFloat(latitude.value), parseFloat(longitude.value)], 16, { animate: false });
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
