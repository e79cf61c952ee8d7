// The process diagram (bpmn.io viewer) with the current step highlighted. The bpmn.io
// watermark stays visible: its license requires it.
(function () {
  "use strict";
  var container = document.getElementById("diagram");
  if (!container || !window.BpmnJS) { return; }
  var viewer = new window.BpmnJS({ container: container });
  fetch(container.dataset.bpmnUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
    .then(function (body) {
      var xml = body.sources[container.dataset.file] || Object.values(body.sources)[0];
      return viewer.importXML(xml);
    })
    .then(function () {
      var canvas = viewer.get("canvas");
      var registry = viewer.get("elementRegistry");
      var current = null;
      (container.dataset.highlight || "").split(" ").forEach(function (id) {
        if (id && registry.get(id)) { canvas.addMarker(id, "current-step"); current = current || registry.get(id); }
      });
      canvas.zoom("fit-viewport");
      // A wide regulation fits only when tiny: then show the current step at a readable size.
      if (current && canvas.zoom() < 0.7) {
        var size = canvas.getSize(), scale = 0.9;
        var width = size.width / scale, height = size.height / scale;
        canvas.viewbox({
          x: current.x + current.width / 2 - width / 2, y: current.y + current.height / 2 - height / 2,
          width: width, height: height
        });
      }
      container.dataset.ready = "true";
    })
    .catch(function () {
      container.textContent = container.dataset.failed || "Схему не удалось загрузить.";
    });
})();
