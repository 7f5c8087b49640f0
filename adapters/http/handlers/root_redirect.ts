import { HttpApiBuilder, HttpServerResponse } from "@effect/platform"
import { Layer } from "effect"

/** `GET /` sends a visitor (a browser, a curious developer) to the interactive API documentation at /docs. */
export const layer: Layer.Layer<never> = HttpApiBuilder.Router.use((router) =>
  router.get("/", HttpServerResponse.redirect("/docs", { status: 302 }))
)
