import { Duration } from "effect"
import { describe, expect, it } from "vitest"
import { DEFAULT_THROTTLES } from "../../composition/config.ts"
import { expectEnvelope, useServer } from "./support.ts"

// Behind a trusted proxy (the test's loopback peer is one), X-Forwarded-For names the client: one address per header.
const from = (address: string) => ({ "x-forwarded-for": address })

describe("HTTP login throttle (production defaults: 10 failures in 15 minutes per username and per address)", () => {
  const api = useServer({ throttles: DEFAULT_THROTTLES, trustProxy: true })
  const login = (username: string, password: string, address: string) =>
    api.postForm("/user/login", { username, password }, from(address))

  it("the 11th wrong password answers 429, and so does the right one after it, from any address", async () => {
    expectEnvelope(await api.postForm("/user/register", { username: "victim", password: "right-password" }), "200")
    for (let i = 1; i <= 10; i++) {
      // Ten addresses: only the username's count fills up.
      expectEnvelope(await login("victim", `wrong-password-${i}`, `198.51.100.${i}`), "401")
    }
    const refused = expectEnvelope(await login("victim", "wrong-password-11", "198.51.100.11"), "429")
    expect(refused.message).toBe("Too many failed logins (at most 10 in 15 minutes); try again later")
    expectEnvelope(await login("VICTIM", "right-password", "198.51.100.12"), "429")
    expectEnvelope(await api.get("/user/login", { username: "victim", password: "right-password" }, from("203.0.113.1")), "429")
  })

  it("an address with 10 failures is refused for another username too, while other addresses log in", async () => {
    expectEnvelope(await api.postForm("/user/register", { username: "bystander", password: "right-password" }), "200")
    for (let i = 1; i <= 10; i++) {
      // Ten usernames, most of them unknown: only the address's count fills up.
      expectEnvelope(await login(`guess_${i}`, "wrong-password", "192.0.2.66"), "401")
    }
    expectEnvelope(await login("bystander", "right-password", "192.0.2.66"), "429")
    expectEnvelope(await login("guess_11", "wrong-password", "192.0.2.66"), "429")
    expectEnvelope(await login("bystander", "right-password", "192.0.2.67"), "200")
  })
})

describe("HTTP registration and anonymous user throttles", () => {
  const hour = Duration.hours(1)
  const api = useServer({
    trustProxy: true,
    throttles: { ...DEFAULT_THROTTLES, registerPerAddress: { max: 3, window: hour }, randomUserPerAddress: { max: 3, window: hour } }
  })

  it("/user/randomUser answers 429 past the limit per address; an IPv6 client is counted by its /64", async () => {
    for (const address of ["2001:db8:1:2::a", "2001:db8:1:2::b", "2001:db8:1:2:ffff::c"]) {
      expectEnvelope(await api.get("/user/randomUser", {}, from(address)), "200")
    }
    const refused = expectEnvelope(await api.get("/user/randomUser", {}, from("2001:db8:1:2::d")), "429")
    expect(refused.message).toBe("Too many new users from this address (at most 3 in 1 hour); try again later")
    expectEnvelope(await api.get("/user/randomUser", {}, from("2001:db8:1:3::1")), "200")
    expectEnvelope(await api.get("/user/randomUser", {}, from("192.0.2.10")), "200")
  })

  it("/user/register answers 429 past the limit per address, a taken username counting too", async () => {
    const register = (username: string, address = "192.0.2.20") =>
      api.postForm("/user/register", { username, password: "password-123" }, from(address))
    expectEnvelope(await register("reg_one"), "200")
    expectEnvelope(await register("REG_ONE"), "409")
    expectEnvelope(await register("reg_two"), "200")
    const refused = expectEnvelope(await register("reg_three"), "429")
    expect(refused.message).toBe("Too many registrations from this address (at most 3 in 1 hour); try again later")
    expectEnvelope(await register("reg_three", "192.0.2.21"), "200")
  })
})
