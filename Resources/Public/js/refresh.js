// The presentation page reloads itself every minute for a fresh single-use code (the "refresh now" link does the same).
(function () {
  var script = document.currentScript;
  var seconds = parseInt(script && script.dataset.seconds, 10) || 60;
  setTimeout(function () {
    var link = document.getElementById("refresh");
    if (link) { window.location.replace(link.href); } else { window.location.reload(); }
  }, seconds * 1000);
})();
