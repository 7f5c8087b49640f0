import { Context, type DateTime } from "effect"

/** Wire settings of the HTTP adapter, provided by the composition root. */
export class HttpSettings extends Context.Tag("adapters/http/HttpSettings")<HttpSettings, {
  /** The zone in which wire times (`gmtCreate` …) are written. */
  readonly timeZone: DateTime.TimeZone
  /** The largest request body accepted, in bytes. */
  readonly maxBodyBytes: number
}>() {}
