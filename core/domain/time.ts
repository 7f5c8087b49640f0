import { DateTime } from "effect"

/** ISO-8601 UTC without milliseconds (`2018-12-28T08:26:13Z`), as Alibaba Cloud writes times and expirations. */
export const formatIsoSeconds = (t: DateTime.Utc): string => DateTime.formatIso(t).replace(/\.\d{3}Z$/, "Z")
