// The API's docs page: Swagger UI (vendored) over the schema of this very site; no outside request (no validator
// badge, no CDN). Kept out of the page so a strict Content-Security-Policy needs no inline script.
(function () {
  var root = document.getElementById("swagger-ui");
  if (!root || typeof SwaggerUIBundle === "undefined") return;
  SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    validatorUrl: null,
    persistAuthorization: false,
  });
})();
