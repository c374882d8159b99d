// The sandbox page: a Slack channel view over /sandbox/api. Plain JS, no build step.
// Everything the user does is sent to the sandbox API, which turns it into the signed request Slack
// would send the bot; the page only renders what the workspace holds (refreshed on each change).
"use strict";

const API = "/sandbox/api";
const EMOJI = {
  warning: "⚠️", x: "❌", white_check_mark: "✅", wastebasket: "🗑️", mag: "🔍",
  leftwards_arrow_with_hook: "↩️", hourglass_flowing_sand: "⏳", calendar: "📅", bar_chart: "📊",
  arrow_down: "⬇️", alarm_clock: "⏰", tada: "🎉", information_source: "ℹ️", chart_with_upwards_trend: "📈",
  chart_with_downwards_trend: "📉", thinking_face: "🤔", eyes: "👀", lock: "🔒", bell: "🔔",
};
const COLORS = ["#e8912d", "#2bac76", "#1d9bd1", "#e01e5a", "#7c3085", "#36c5f0"];

const view = { state: null, me: null, channel: null, thread: null, data: null, unread: new Set() };
const $ = (id) => document.getElementById(id);

// ------------------------------------------------------------------ helpers
async function call(path, options = {}) {
  const response = await fetch(API + path, options);
  const body = response.headers.get("content-type")?.includes("json") ? await response.json() : {};
  if (!response.ok) throw new Error(body.detail ? (typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail)) : `HTTP ${response.status}`);
  return body;
}
const post = (path, body) => call(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

function toast(text) {
  const box = $("toast");
  box.textContent = text;
  box.classList.remove("hidden");
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => box.classList.add("hidden"), 6000);
}
async function attempt(work) {
  try { await work(); } catch (error) { toast(error.message); }
}
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
// Slack escapes &, < and > in message text; undo that before escaping for HTML.
const unslack = (text) => text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const userName = (id) => view.state.users[id] || id;
const clock = (ts) => new Date(parseFloat(ts) * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

// ------------------------------------------------------------------ mrkdwn
function inline(text) {
  // text: HTML-escaped; *bold*, _italic_, ~strike~ and :emoji: as Slack formats them.
  return text
    .replace(/(^|[\s(>])\*(?=\S)([^*\n]*?\S)\*(?=$|[\s).,:;!?<])/g, "$1<b>$2</b>")
    .replace(/(^|[\s(>])_(?=\S)([^_\n]*?\S)_(?=$|[\s).,:;!?<])/g, "$1<i>$2</i>")
    .replace(/(^|[\s(>])~(?=\S)([^~\n]*?\S)~(?=$|[\s).,:;!?<])/g, "$1<s>$2</s>")
    .replace(/:([a-z0-9_+-]+):/g, (all, name) => EMOJI[name] || all);
}
function special(token) {
  // token: the inside of <...> in Slack text: a link, a mention, a channel, a date or a command.
  const [target, label] = token.split("|", 2);
  if (target.startsWith("@")) return `<span class="mention">@${escapeHtml(userName(target.slice(1)))}</span>`;
  if (target.startsWith("#")) return `<span class="mention">#${escapeHtml(label || channelName(target.slice(1)))}</span>`;
  if (target.startsWith("!date")) return escapeHtml(unslack(label || ""));
  if (target.startsWith("!")) return `<span class="mention">@${escapeHtml(label || target.slice(1))}</span>`;
  const href = unslack(target);
  const safe = /^(https?:|mailto:)/.test(href) ? href : "#";
  return `<a href="${escapeHtml(safe)}" target="_blank" rel="noopener">${escapeHtml(unslack(label || target))}</a>`;
}
function channelName(id) {
  const found = view.state.channels.find((c) => c.id === id);
  return found ? found.name : id;
}
function spans(text) {
  // Outside code blocks: <...> specials and `code` spans are kept whole, the rest gets inline formatting.
  return text.split(/(<[^<>\n]+>|`[^`\n]+`)/g).map((part, i) => {
    if (i % 2 === 0) return inline(escapeHtml(unslack(part)));
    if (part.startsWith("`")) return `<code>${escapeHtml(unslack(part.slice(1, -1)))}</code>`;
    return special(part.slice(1, -1));
  }).join("");
}
function lines(text) {
  return text.split("\n").map((line) => line.startsWith("&gt; ") || line.startsWith("> ")
    ? `<blockquote>${spans(line.replace(/^(&gt;|>) /, ""))}</blockquote>` : spans(line) + "<br>").join("")
    .replace(/<br>$/, "").replace(/<\/blockquote><br>/g, "</blockquote>");
}
function mrkdwn(text) {
  return text.split(/```/).map((part, i) => i % 2 === 1
    ? `<pre>${escapeHtml(unslack(part.replace(/^\n/, "")))}</pre>` : lines(part)).join("");
}
function textObject(obj, className) {
  const node = el("div", className);
  if (!obj) return node;
  if (obj.type === "mrkdwn") node.innerHTML = mrkdwn(obj.text);
  else node.innerHTML = inline(escapeHtml(obj.text));
  return node;
}

// ------------------------------------------------------------------ Block Kit
function button(element, message) {
  const b = el("button", `bk-button ${element.style || ""}`.trim(), element.text?.text || "Button");
  b.type = "button";
  b.dataset.actionId = element.action_id || "";
  if (element.url) {
    b.addEventListener("click", () => window.open(element.url, "_blank", "noopener"));
  } else if (message && !message.ephemeral) {
    b.addEventListener("click", () => attempt(async () => {
      b.disabled = true;
      await post("/actions", { user: view.me, channel: view.channel, ts: message.ts, action_id: element.action_id });
      setTimeout(() => { b.disabled = false; }, 1500);
    }));
  }
  return b;
}
function inputElement(block, element) {
  const multiline = element.multiline;
  const field = el(multiline ? "textarea" : "input", "bk-input");
  if (!multiline) field.type = "text";
  if (element.max_length) field.maxLength = element.max_length;
  if (element.placeholder) field.placeholder = element.placeholder.text;
  if (element.initial_value) field.value = element.initial_value;
  field.dataset.blockId = block.block_id;
  field.dataset.actionId = element.action_id;
  field.dataset.type = element.type;
  return field;
}
function renderBlock(block, message) {
  switch (block.type) {
    case "header": return textObject(block.text, "bk-header");
    case "divider": return el("hr", "bk-divider");
    case "section": {
      const node = el("div", "bk-section");
      const body = el("div", "bk-section-body");
      if (block.text) body.append(textObject(block.text, "bk-text"));
      if (block.fields) {
        const grid = el("div", "bk-fields");
        block.fields.forEach((f) => grid.append(textObject(f, "bk-field")));
        body.append(grid);
      }
      node.append(body);
      if (block.accessory?.type === "button") node.append(button(block.accessory, message));
      if (block.accessory?.type === "image") node.append(image(block.accessory, "bk-accessory-image"));
      return node;
    }
    case "context": {
      const node = el("div", "bk-context");
      block.elements.forEach((e) => node.append(e.type === "image" ? image(e, "bk-context-image") : textObject(e, "bk-context-text")));
      return node;
    }
    case "actions": {
      const node = el("div", "bk-actions");
      block.elements.forEach((e) => { if (e.type === "button") node.append(button(e, message)); });
      return node;
    }
    case "image": {
      const node = el("figure", "bk-image");
      if (block.title) node.append(el("figcaption", "", block.title.text));
      node.append(image(block));
      return node;
    }
    case "input": {
      const node = el("div", "bk-input-block");
      node.dataset.blockId = block.block_id;
      node.append(el("label", "bk-label", block.label?.text || ""));
      if (block.hint) node.append(el("div", "bk-hint", block.hint.text));
      node.append(inputElement(block, block.element));
      node.append(el("div", "bk-error"));
      return node;
    }
    case "rich_text": return el("div", "bk-text", (block.elements || []).flatMap((s) => s.elements || []).map((e) => e.text || "").join(""));
    default: return el("div", "bk-unknown", `[${block.type} block]`);
  }
}
function image(obj, className = "") {
  const img = el("img", className);
  img.src = obj.image_url;
  img.alt = obj.alt_text || "";
  return img;
}

// ------------------------------------------------------------------ messages
function avatar(message) {
  const bot = Boolean(message.bot_id) || message.ephemeral;
  const node = el("div", "avatar" + (bot ? " bot" : ""));
  if (bot) { node.textContent = "M"; return node; }
  const name = userName(message.user);
  node.textContent = name[0] || "?";
  node.style.background = COLORS[[...message.user].reduce((a, c) => a + c.charCodeAt(0), 0) % COLORS.length];
  return node;
}
function renderMessage(message, { inThread }) {
  const node = el("div", "message" + (message.ephemeral ? " ephemeral" : ""));
  node.dataset.ts = message.ts;
  node.append(avatar(message));
  const main = el("div", "message-main");
  const meta = el("div", "meta");
  const bot = Boolean(message.bot_id) || message.ephemeral;
  meta.append(el("span", "author", bot ? "MoatMetrics" : userName(message.user)));
  if (bot) meta.append(el("span", "app-badge", "APP"));
  meta.append(el("span", "time", clock(message.ts)));
  if (message.edited) meta.append(el("span", "edited", "(edited)"));
  main.append(meta);
  if (message.ephemeral) main.append(el("div", "only-you", "👁 Only visible to you"));
  const content = el("div", "content");
  if (message.blocks && message.blocks.length) message.blocks.forEach((b) => content.append(renderBlock(b, message)));
  else if (message.text) content.append(textObject({ type: "mrkdwn", text: message.text }, "bk-text"));
  main.append(content);
  (message.files || []).forEach((f) => {
    const card = el("a", "file-card");
    card.href = `/sandbox/files/${f.id}`;
    card.append(el("span", "file-icon", f.filetype.toUpperCase().slice(0, 4)));
    const info = el("span", "file-info");
    info.append(el("span", "file-name", f.title || f.name), el("span", "file-type", `${f.pretty_type} · ${f.size.toLocaleString()} bytes`));
    card.append(info);
    main.append(card);
  });
  if (!inThread && message.reply_count) {
    const link = el("button", "replies", `${message.reply_count} ${message.reply_count === 1 ? "reply" : "replies"}`);
    link.type = "button";
    link.addEventListener("click", () => openThread(message.ts));
    main.append(link);
  } else if (!inThread && !message.ephemeral) {
    const reply = el("button", "reply-action", "Reply in thread");
    reply.type = "button";
    reply.addEventListener("click", () => openThread(message.ts));
    main.append(reply);
  }
  node.append(main);
  return node;
}
const byTs = (a, b) => parseFloat(a.ts) - parseFloat(b.ts);
function render() {
  const { messages, ephemeral } = view.data;
  const top = messages.filter((m) => !m.thread_ts || m.thread_ts === m.ts || m.subtype === "thread_broadcast")
    .concat(ephemeral.filter((e) => !e.thread_ts)).sort(byTs);
  fill($("messages"), top, false);
  if (view.thread) {
    const thread = messages.filter((m) => m.ts === view.thread || m.thread_ts === view.thread)
      .concat(ephemeral.filter((e) => e.thread_ts === view.thread)).sort(byTs);
    fill($("thread-messages"), thread, true);
  }
  renderDialog(view.data.dialog);
}
function fill(box, messages, inThread) {
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  box.replaceChildren(...messages.map((m) => renderMessage(m, { inThread })));
  if (!messages.length) box.append(el("div", "empty", inThread ? "" : "No messages yet."));
  if (atBottom || !box.dataset.seen) box.scrollTop = box.scrollHeight;
  box.dataset.seen = "1";
}

// ------------------------------------------------------------------ the modal (views.open)
let shownDialog = null;
function renderDialog(dialog) {
  const modal = $("modal");
  if (!dialog) { modal.classList.add("hidden"); shownDialog = null; return; }
  if (shownDialog === dialog.hash) return; // keep what the user typed
  shownDialog = dialog.hash;
  modal.dataset.viewId = dialog.id;
  $("modal-title").textContent = dialog.title?.text || "";
  $("modal-submit").textContent = dialog.submit?.text || "Submit";
  $("modal-cancel").textContent = dialog.close?.text || "Cancel";
  $("modal-submit").classList.toggle("hidden", !dialog.submit);
  $("modal-body").replaceChildren(...dialog.blocks.map((b) => renderBlock(b, null)));
  modal.classList.remove("hidden");
  modal.querySelector(".bk-input")?.focus();
}
async function submitDialog(event) {
  event.preventDefault();
  const viewId = $("modal").dataset.viewId;
  const values = {};
  $("modal-body").querySelectorAll(".bk-input").forEach((field) => {
    values[field.dataset.blockId] = { [field.dataset.actionId]: { type: field.dataset.type, value: field.value || null } };
  });
  await attempt(async () => {
    const answer = await post(`/views/${viewId}/submit`, { user: view.me, values });
    $("modal-body").querySelectorAll(".bk-input-block").forEach((block) => {
      block.querySelector(".bk-error").textContent = answer.errors[block.dataset.blockId] || "";
    });
    if (!Object.keys(answer.errors).length) { $("modal").classList.add("hidden"); await refresh(); }
  });
}
async function closeDialog() {
  const viewId = $("modal").dataset.viewId;
  $("modal").classList.add("hidden");
  await attempt(() => post(`/views/${viewId}/close`, { user: view.me }));
}

// ------------------------------------------------------------------ actions
async function send(text, threadTs) {
  const trimmed = text.trim();
  if (!trimmed) return;
  if (trimmed.startsWith("/")) await post("/commands", { user: view.me, channel: view.channel, text: trimmed });
  else await post("/messages", { user: view.me, channel: view.channel, text: trimmed, thread_ts: threadTs || null });
  await refresh();
}
function composer(formId, textId, threadTs) {
  const form = $(formId), box = $(textId);
  const submit = async (event) => {
    event?.preventDefault();
    const text = box.value;
    box.value = "";
    await attempt(() => send(text, threadTs()));
  };
  form.addEventListener("submit", submit);
  box.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) submit(event);
  });
}
async function upload(file) {
  const form = new FormData();
  form.append("user", view.me);
  form.append("channel", view.channel);
  form.append("comment", $("text").value.trim());
  form.append("file", file);
  $("text").value = "";
  await call("/files", { method: "POST", body: form });
  await refresh();
}
function openThread(ts) {
  view.thread = ts;
  $("thread").classList.remove("hidden");
  $("thread-channel").textContent = `#${channelName(view.channel)}`;
  delete $("thread-messages").dataset.seen;
  render();
}
function closeThread() {
  view.thread = null;
  $("thread").classList.add("hidden");
}

// ------------------------------------------------------------------ navigation and live updates
function sidebar() {
  const list = $("channels");
  list.replaceChildren(...view.state.channels.map((c) => {
    const item = el("li", "channel-item" + (c.id === view.channel ? " active" : "") + (view.unread.has(c.id) ? " unread" : ""), `# ${c.name}`);
    item.dataset.channel = c.name;
    item.addEventListener("click", () => selectChannel(c.id));
    return item;
  }));
  $("people").replaceChildren(...view.state.people.map((p) => {
    const item = el("li", "person" + (p.id === view.me ? " active" : ""));
    item.append(el("span", "person-name", p.real_name), el("span", "person-role", p.role));
    return item;
  }));
}
async function selectChannel(id) {
  view.channel = id;
  view.unread.delete(id);
  closeThread();
  const name = channelName(id);
  $("channel-name").textContent = `# ${name}`;
  $("text").placeholder = `Message #${name} (mention @MoatMetrics to ask, /moat for commands)`;
  delete $("messages").dataset.seen;
  sidebar();
  await refresh();
}
async function refresh() {
  view.data = await call(`/channels/${view.channel}?user=${encodeURIComponent(view.me)}`);
  render();
}
let pending = null;
function scheduleRefresh() {
  clearTimeout(pending);
  pending = setTimeout(() => attempt(refresh), 60);
}
function listen() {
  const stream = new EventSource(`${API}/events`);
  stream.onmessage = (event) => {
    const change = JSON.parse(event.data);
    if (change.channel && change.channel !== view.channel && change.kind !== "ephemeral") {
      view.unread.add(change.channel);
      sidebar();
    }
    scheduleRefresh();
  };
}
async function switchUser(id) {
  view.me = id;
  localStorage.setItem("moat-sandbox-user", id);
  shownDialog = null;
  sidebar();
  await refresh();
}

async function start() {
  view.state = await call("/state");
  $("team").textContent = view.state.team;
  const saved = localStorage.getItem("moat-sandbox-user");
  view.me = view.state.people.some((p) => p.id === saved) ? saved : view.state.people[0].id;
  $("me").replaceChildren(...view.state.people.map((p) => {
    const option = el("option", "", `${p.real_name} (${p.role})`);
    option.value = p.id;
    return option;
  }));
  $("me").value = view.me;
  $("me").addEventListener("change", (event) => attempt(() => switchUser(event.target.value)));
  composer("composer", "text", () => null);
  composer("thread-composer", "thread-text", () => view.thread);
  $("file").addEventListener("change", (event) => {
    const [file] = event.target.files;
    event.target.value = "";
    if (file) attempt(() => upload(file));
  });
  $("digest").addEventListener("click", () => attempt(async () => {
    await post("/digest", { user: view.me, channel: view.channel });
    await refresh();
  }));
  $("thread-close").addEventListener("click", closeThread);
  $("modal-form").addEventListener("submit", submitDialog);
  $("modal-close").addEventListener("click", closeDialog);
  $("modal-cancel").addEventListener("click", closeDialog);
  await selectChannel(view.state.channels[0].id);
  listen();
}

start().catch((error) => toast(`The sandbox could not start: ${error.message}`));
