// The admin console: a small page over the admin API (/admin/*) and nothing else. The token stays in this tab's
// sessionStorage and goes out only as `Authorization: Bearer` to this server. Text from the server is always set
// as text (textContent), never as HTML.

const TOKEN_KEY = "qu-admin-token"
const $ = (selector) => document.querySelector(selector)

/** An element with attributes and children; strings become text nodes. */
const h = (tag, attributes = {}, ...children) => {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value)
    else if (name === "dataset") Object.assign(element.dataset, value)
    else element.setAttribute(name, value === true ? "" : String(value))
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue
    element.append(typeof child === "string" || typeof child === "number" ? String(child) : child)
  }
  return element
}

class ApiError extends Error {
  constructor(code, message) {
    super(message)
    this.code = code
  }
}

/** Calls the admin API; resolves with the envelope's `data`, rejects with an ApiError carrying its code. */
const api = async (method, path, params) => {
  const token = sessionStorage.getItem(TOKEN_KEY) ?? ""
  const init = { method, headers: { authorization: `Bearer ${token}` } }
  let url = path
  if (params !== undefined && method === "GET") {
    const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== ""))
    if ([...query].length > 0) url += `?${query}`
  } else if (params !== undefined) {
    init.headers["content-type"] = "application/json"
    init.body = JSON.stringify(params)
  }
  const response = await fetch(url, init)
  const envelope = await response.json().catch(() => ({ code: String(response.status), message: response.statusText }))
  if (envelope.code !== "200") {
    if (envelope.code === "401") showLogin("The token was refused; log in again.")
    throw new ApiError(envelope.code, envelope.message ?? "failed")
  }
  return envelope.data
}

const say = (text) => {
  $("#status").textContent = text
  clearTimeout(say.timer)
  say.timer = setTimeout(() => ($("#status").textContent = ""), 4000)
}

const attempt = (work) => async (event) => {
  event?.preventDefault?.()
  try {
    await work(event)
  } catch (error) {
    say(error instanceof ApiError ? `${error.code}: ${error.message}` : String(error))
  }
}

const when = (iso) => (iso ? new Date(iso).toLocaleString() : "")
const badge = (status) => h("span", { class: `badge ${status}` }, status || "—")

// ---- views ----

const videoCard = (video, actions) =>
  h(
    "article",
    { class: "card", dataset: { videoId: video.videoId } },
    video.fileUrl
      ? h("video", { src: video.fileUrl, poster: video.coverUrl || undefined, controls: true, preload: "none", playsinline: true })
      : video.coverUrl
      ? h("img", { src: video.coverUrl, alt: "" })
      : null,
    h("h3", {}, video.title || "(untitled)"),
    h(
      "div",
      { class: "meta" },
      "moderation ", badge(video.censorStatus), " · transcode ", badge(video.transcodeStatus),
      video.pinned ? h("span", { class: "badge" }, ` pinned #${video.pinPosition}`) : null
    ),
    h("div", { class: "meta" }, `${video.videoId} · by user ${video.ownerId} · ${when(video.createdAt)}`),
    video.deletedAt ? h("div", { class: "meta error" }, `deleted ${when(video.deletedAt)}`) : null,
    h("div", { class: "actions" }, ...actions(video))
  )

const moderate = (action, video, after) =>
  attempt(async () => {
    await api("POST", `/admin/videos/${action}`, { videoId: video.videoId })
    say(`${action}: ${video.title || video.videoId}`)
    await after()
  })

const timeline = (video) =>
  attempt(async () => {
    const data = await api("GET", "/admin/videos/events", { videoId: video.videoId })
    const rows = data.events.map((event) =>
      h(
        "tr",
        {},
        h("td", {}, when(event.receivedAt)),
        h("td", {}, event.eventType),
        h("td", {}, event.outcome),
        h("td", {}, h("pre", {}, JSON.stringify(event.body, null, 2)))
      )
    )
    render(
      h("h2", {}, `Events of ${video.title || video.videoId}`),
      h("p", {}, h("a", { href: location.hash || "#moderation" }, "← back")),
      rows.length === 0
        ? h("p", {}, "No VOD events received for this video.")
        : h("table", { class: "events" }, h("tr", {}, h("th", {}, "received"), h("th", {}, "event"), h("th", {}, "outcome"), h("th", {}, "body")), rows)
    )
  })

const moderation = async () => {
  const form = h(
    "form",
    { class: "toolbar" },
    h(
      "label",
      {},
      "Status ",
      h(
        "select",
        { name: "status" },
        ["review", "onCensor", "check", "success", "fail", "all"].map((s) => h("option", { value: s }, s))
      )
    ),
    h("label", {}, "Search ", h("input", { name: "q", type: "search", placeholder: "title, video id or user" })),
    h("button", { type: "submit" }, "Show")
  )
  const list = h("div", { class: "cards", id: "queue" })
  let cursor = null
  const more = h("button", { type: "button", hidden: true }, "More")
  const load = async (reset) => {
    if (reset) {
      cursor = null
      list.replaceChildren()
    }
    const data = await api("GET", "/admin/videos", {
      status: form.status.value,
      q: form.q.value,
      cursor: cursor ?? undefined
    })
    for (const video of data.videos) {
      list.append(videoCard(video, (v) => [
        h("button", { class: "primary", onclick: moderate("approve", v, () => load(true)) }, "Approve"),
        h("button", { class: "danger", onclick: moderate("block", v, () => load(true)) }, "Block"),
        h("button", { onclick: moderate("reaudit", v, () => load(true)) }, "Re-audit"),
        h("button", { onclick: timeline(v) }, "Events")
      ]))
    }
    cursor = data.nextCursor
    more.hidden = cursor === null || cursor === undefined
    if (list.childElementCount === 0) list.append(h("p", {}, "Nothing here."))
  }
  form.addEventListener("submit", attempt(() => load(true)))
  more.addEventListener("click", attempt(() => load(false)))
  render(h("h2", {}, "Moderation queue"), form, list, more)
  await load(true)
}

const recommend = async () => {
  const data = await api("GET", "/admin/recommend")
  const reload = () => recommend()
  const pin = (video) => attempt(async () => {
    await api("POST", "/admin/pins/pin", { videoId: video.videoId })
    await reload()
  })
  const unpin = (video) => attempt(async () => {
    await api("POST", "/admin/pins/unpin", { videoId: video.videoId })
    await reload()
  })
  const move = (index, by) => attempt(async () => {
    const ids = data.pinned.map((v) => v.videoId)
    const [moved] = ids.splice(index, 1)
    ids.splice(Math.max(0, Math.min(ids.length, index + by)), 0, moved)
    await api("POST", "/admin/pins/order", { videoIds: ids.join(",") })
    await reload()
  })
  render(
    h("h2", {}, "Recommend list"),
    h("h3", {}, `Pinned (${data.pinned.length})`),
    h("div", { class: "cards", id: "pinned" }, data.pinned.map((video, i) =>
      videoCard(video, (v) => [
        h("button", { onclick: move(i, -1), disabled: i === 0 }, "↑"),
        h("button", { onclick: move(i, 1), disabled: i === data.pinned.length - 1 }, "↓"),
        h("button", { onclick: unpin(v) }, "Unpin"),
        h("button", { onclick: timeline(v) }, "Events")
      ])
    )),
    h("h3", {}, "Newest in the feed"),
    h("div", { class: "cards", id: "feed" }, data.videos.map((video) =>
      videoCard(video, (v) => [
        h("button", { class: "primary", onclick: pin(v) }, "Pin"),
        h("button", { class: "danger", onclick: moderate("block", v, reload) }, "Block"),
        h("button", { onclick: timeline(v) }, "Events")
      ])
    ))
  )
}

const users = async () => {
  const form = h(
    "form",
    { class: "toolbar" },
    h("label", {}, "Search ", h("input", { name: "q", type: "search", placeholder: "user name or id" })),
    h("button", { type: "submit" }, "Show")
  )
  const body = h("tbody")
  const load = async () => {
    const data = await api("GET", "/admin/users", { q: form.q.value })
    body.replaceChildren(...data.users.map((user) =>
      h(
        "tr",
        { dataset: { userId: user.userId } },
        h("td", {}, user.userName),
        h("td", {}, user.nickname),
        h("td", {}, user.disabled ? h("span", { class: "badge fail" }, "disabled") : h("span", { class: "badge success" }, "active")),
        h("td", {}, when(user.createdAt)),
        h("td", {}, user.disabled
          ? h("button", { onclick: attempt(async () => {
            await api("POST", "/admin/users/enable", { userId: user.userId })
            await load()
          }) }, "Enable")
          : h("button", { class: "danger", onclick: attempt(async () => {
            await api("POST", "/admin/users/disable", { userId: user.userId })
            await load()
          }) }, "Disable"))
      )
    ))
  }
  form.addEventListener("submit", attempt(load))
  render(
    h("h2", {}, "Users"),
    form,
    h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "user name"), h("th", {}, "nickname"), h("th", {}, "state"), h("th", {}, "since"), h("th", {}, ""))), body)
  )
  await load()
}

const catalogue = async () => {
  const data = await api("GET", "/admin/catalogue")
  const text = h("textarea", { rows: 18, spellcheck: "false", name: "catalogue" })
  text.value = JSON.stringify(data.catalogue, null, 2)
  const download = () => {
    const blob = new Blob([text.value], { type: "application/json" })
    const link = h("a", { href: URL.createObjectURL(blob), download: `catalogue-r${data.revision}.json` })
    link.click()
    URL.revokeObjectURL(link.href)
  }
  const upload = attempt(async () => {
    const parsed = JSON.parse(text.value)
    const result = await api("POST", "/admin/catalogue", { catalogue: parsed, mode: "replace" })
    say(`Imported revision ${result.revision}: ${result.summary}`)
    await catalogue()
  })
  const file = h("input", { type: "file", accept: "application/json" })
  file.addEventListener("change", async () => {
    if (file.files?.[0]) text.value = await file.files[0].text()
  })
  const counts = Object.entries(data.catalogue).filter(([, v]) => Array.isArray(v)).map(([k, v]) => `${k}: ${v.length}`)
  render(
    h("h2", {}, `Catalogue (revision ${data.revision})`),
    h("p", { class: "meta" }, counts.join(" · ")),
    h("div", { class: "toolbar" }, h("button", { onclick: download }, "Export"), file, h("button", { class: "primary", onclick: upload }, "Import")),
    text
  )
}

const views = { moderation, recommend, users, catalogue }

const render = (...children) => $("#view").replaceChildren(...children)

const showLogin = (message = "") => {
  sessionStorage.removeItem(TOKEN_KEY)
  $("#tabs").hidden = true
  $("#view").replaceChildren()
  $("#login").hidden = false
  $("#token").value = ""
  $("#login-error").textContent = message
}

const route = attempt(async () => {
  if (!sessionStorage.getItem(TOKEN_KEY)) return showLogin()
  $("#login").hidden = true
  $("#tabs").hidden = false
  const name = location.hash.slice(1) in views ? location.hash.slice(1) : "moderation"
  for (const link of document.querySelectorAll("#tabs a")) link.classList.toggle("active", link.dataset.tab === name)
  await views[name]()
})

$("#login").addEventListener("submit", attempt(async () => {
  sessionStorage.setItem(TOKEN_KEY, $("#token").value)
  try {
    await api("GET", "/admin/session")
  } catch (error) {
    showLogin(error instanceof ApiError && error.code === "401" ? "That token is not the admin token." : String(error))
    return
  }
  $("#token").value = ""
  await route()
}))
$("#logout").addEventListener("click", () => showLogin())
addEventListener("hashchange", route)
route()
