/** What happened to one request, as the driver records it. */
export type Outcome =
  | { readonly kind: "answer"; readonly status: number; readonly text: string; readonly json: unknown; readonly ms: number }
  | { readonly kind: "aborted" }
  | { readonly kind: "unanswered" }
  | { readonly kind: "transport"; readonly error: string }

/** Figures of one endpoint. */
export interface EndpointFigures {
  sent: number
  /** Answers by envelope code ("200", "400", …), or `http <status>` where there is no envelope. */
  readonly codes: Record<string, number>
  /** Transport failures by error code (ECONNRESET, UND_ERR_SOCKET, …). */
  readonly transport: Record<string, number>
  aborted: number
  /** Deliberate aborts scheduled that the answer beat. */
  abortsTooLate: number
  unanswered: number
  readonly latencies: Array<number>
}

const SAMPLES_PER_KIND = 3

/** Collects answers, latencies and live-check violations of a soak; shared by every simulated user. */
export class Stats {
  readonly endpoints = new Map<string, EndpointFigures>()
  readonly violations: Record<string, number> = {}
  readonly samples: Array<string> = []

  endpoint(name: string): EndpointFigures {
    let figures = this.endpoints.get(name)
    if (figures === undefined) {
      figures = { sent: 0, codes: {}, transport: {}, aborted: 0, abortsTooLate: 0, unanswered: 0, latencies: [] }
      this.endpoints.set(name, figures)
    }
    return figures
  }

  /** Counts a live-check violation of `kind`, keeping the first few details of each kind. */
  violation(kind: string, detail: string): void {
    const seen = this.violations[kind] ?? 0
    this.violations[kind] = seen + 1
    if (seen < SAMPLES_PER_KIND) this.samples.push(`${kind}: ${detail}`)
  }

  code(name: string, code: string): void {
    const codes = this.endpoint(name).codes
    codes[code] = (codes[code] ?? 0) + 1
  }

  transport(name: string, error: string): void {
    const transport = this.endpoint(name).transport
    transport[error] = (transport[error] ?? 0) + 1
  }
}

/** The `q` quantile of unsorted samples (nearest rank); 0 when there are none. */
export const quantile = (samples: ReadonlyArray<number>, q: number): number => {
  if (samples.length === 0) return 0
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!
}
