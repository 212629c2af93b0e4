/* The portal's project map (Leaflet from django-leaflet, no CDN). No tiles unless the operator
   set PORTAL_TILE_URL: the member municipalities are drawn as small grey points on a blank
   background, and the projects as clusters computed on the server (projects/map.json). The list
   of projects beside the map shows the same projects as text. */
(function () {
  "use strict";
  function text(value) {  // Leaflet puts a string in as HTML: names go in as text
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }
  function start() {
    var box = document.getElementById("project-map");
    var membersNode = document.getElementById("map-members");
    if (!box || !membersNode || typeof L === "undefined") { return; }
    var members = JSON.parse(membersNode.textContent) || [];
    var map = L.map(box, { zoomSnap: 1, maxZoom: 18, attributionControl: false });
    var own = !box.dataset.url;  // a project's own places, drawn as the project's points
    if (box.dataset.tiles) {
      L.tileLayer(box.dataset.tiles, { maxZoom: 18 }).addTo(map);
    }
    var background = L.layerGroup().addTo(map);
    members.forEach(function (m) {
      var style = own
        ? { radius: 8, color: "#1d4f91", weight: 2, fillColor: "#3a78c9", fillOpacity: 0.8 }
        : { radius: 3, color: "#6b6b6b", weight: 1, fillOpacity: 0.6 };
      L.circleMarker([m[1], m[2]], style).bindTooltip(text(m[0]), { permanent: own }).addTo(background);
    });
    if (members.length === 1) {
      map.setView([members[0][1], members[0][2]], 11);
    } else if (members.length) {
      map.fitBounds(L.latLngBounds(members.map(function (m) { return [m[1], m[2]]; })).pad(0.1));
    } else {
      map.setView([50, 17], 7);
    }
    if (own) { return; }
    var clusters = L.layerGroup().addTo(map);
    // "2 projekty" but "5 projektů" / "5 projektów": the page gives the text for 2 and for 5
    // in its language, and the language's plural rules choose between them.
    var plural = new Intl.PluralRules(document.documentElement.lang || "en");
    function countLabel(count) {
      var form = plural.select(count) === "few" ? box.dataset.labelFew : box.dataset.labelMany;
      return (form || "{n}").replace(/\d+/, String(count));
    }
    function load() {
      var b = map.getBounds();
      var bbox = [
        Math.max(-180, b.getWest()), Math.max(-90, b.getSouth()),
        Math.min(180, b.getEast()), Math.min(90, b.getNorth())
      ].map(function (v) { return v.toFixed(5); }).join(",");
      var query = box.dataset.query ? box.dataset.query + "&" : "";
      fetch(box.dataset.url + "?" + query + "bbox=" + bbox + "&zoom=" + map.getZoom(),
            { headers: { Accept: "application/geo+json" } })
        .then(function (r) { return r.ok ? r.json() : { features: [] }; })
        .then(function (data) {
          clusters.clearLayers();
          data.features.forEach(function (f) {
            var c = f.geometry.coordinates, p = f.properties;
            var marker = L.circleMarker([c[1], c[0]], {
              radius: p.count > 1 ? Math.min(24, 8 + 3 * Math.log(p.count) * 2) : 7,
              color: "#1d4f91", weight: 2, fillColor: "#3a78c9", fillOpacity: 0.8
            });
            if (p.count > 1) {
              marker.bindTooltip(text(countLabel(p.count)), { permanent: true, direction: "center",
                                                         className: "map-count" });
              if (p.projects) {  // at one point: zooming would not split them, so list them
                var list = document.createElement("ul");
                p.projects.forEach(function (project) {
                  var item = document.createElement("li");
                  var a = document.createElement("a");
                  a.href = project.url;
                  a.textContent = project.name;
                  item.appendChild(a);
                  list.appendChild(item);
                });
                marker.bindPopup(list);
              } else {
                marker.on("click", function () { map.setView([c[1], c[0]], map.getZoom() + 2); });
              }
            } else {
              var link = document.createElement("a");
              link.href = p.url;
              link.textContent = p.name;
              marker.bindPopup(link);
            }
            marker.addTo(clusters);
          });
        })
        .catch(function () { clusters.clearLayers(); });
    }
    map.on("moveend", load);
    load();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else { start(); }
})();
