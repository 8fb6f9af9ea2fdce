// Starts Swagger UI on this API's own OpenAPI document. Every URL is relative to the page
// (/v1/docs locally, /api/v1/docs deployed), so nothing is loaded from another origin.
"use strict";

(function startDocs() {
  const base = location.pathname.replace(/\/v1\/docs\/?$/, "") || "/";
  window.ui = SwaggerUIBundle({
    url: "openapi.json",
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    validatorUrl: null,
    deepLinking: false,
    displayRequestDuration: true,
    persistAuthorization: false,
    onComplete() {
      window.ui.getSystem().oas3Actions.setSelectedServer(base);
    },
  });
})();
