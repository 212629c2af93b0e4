// The agglomeration menu is open on a wide screen and folded on a phone, where the reader opens
// it with its summary; without JavaScript it stays open everywhere.
(function () {
  var menu = document.querySelector("details.nav-menu");
  if (!menu) return;
  var narrow = window.matchMedia("(max-width: 40rem)");
  function fit() { menu.open = !narrow.matches; }
  fit();
  narrow.addEventListener("change", fit);
})();
