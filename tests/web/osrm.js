// leaflet-routing-machine against corridor serve, as an OSRM user would set it up; no tiles
// (offline). Sets body data-ready="1" (or data-error) when the control has answered.
'use strict';
(function () {
  const q = new URLSearchParams(location.search);
  const ll = s => L.latLng(s.split(',').map(Number));
  const map = L.map('map');
  L.Routing.control({
    waypoints: [ll(q.get('from')), ll(q.get('to'))],
    router: L.Routing.osrmv1({ serviceUrl: location.origin + '/route/v1', profile: q.get('profile') || 'driving' }),
    show: true,
  }).on('routesfound', e => {
    document.body.dataset.routes = e.routes.length;
    document.body.dataset.ready = '1';
  }).on('routingerror', e => {
    document.body.dataset.error = (e.error && e.error.message) || 'routing error';
    document.body.dataset.ready = '1';
  }).addTo(map);
})();
