/* The studio's pages over its JSON API: plain JavaScript, no build step, nothing from a network. */
"use strict";

(function () {
  const T = JSON.parse(document.getElementById("studio-strings").textContent);
  const $ = (id) => document.getElementById(id);

  /* A translated string with %(name)s placeholders filled. */
  function t(key, values) {
    let text = T[key] || key;
    for (const [name, value] of Object.entries(values || {})) {
      text = text.split("%(" + name + ")s").join(String(value));
    }
    return text;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function notice(message) {
    const box = $("notice");
    box.textContent = message || "";
    box.hidden = !message;
  }

  class ApiError extends Error {
    constructor(message, problems) {
      super(message);
      this.problems = problems || [];
    }
  }

  /* One call of the API: same origin, the cookie goes along, bodies are JSON. */
  async function api(method, url, body, raw) {
    const options = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(url, options);
    if (!response.ok) {
      let data = {};
      try { data = await response.json(); } catch (e) { data = {}; }
      const problems = data.problems || [];
      const lines = problems.map((p) => (p.field ? p.field + ": " : "") + p.message);
      throw new ApiError([data.error || t("error") + " (" + response.status + ")", ...lines].join("\n"), problems);
    }
    if (raw) return response;
    const type = response.headers.get("Content-Type") || "";
    return type.includes("json") ? response.json() : response.text();
  }

  function failed(error) {
    notice(error && error.message ? error.message : t("error"));
  }

  function debounce(fn, ms) {
    let timer = null;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
  }

  /* Lists of the API come as an array or as {key: array}; items as strings or objects. */
  function listOf(data, key) {
    if (Array.isArray(data)) return data;
    if (data && Array.isArray(data[key])) return data[key];
    if (data && typeof data === "object") {
      return Object.entries(data).map(([name, value]) => Object.assign({ name }, value));
    }
    return [];
  }
  // The value a choice sends: a locale's code, a kind's name (a locale's name is only its label).
  const nameOf = (item) => (typeof item === "string" ? item : item.code || item.name || item.id || item.locale);
  const labelOf = (item) => (typeof item === "string" ? item : item.title || item.label || item.name || nameOf(item));

  function fillSelect(select, items, wanted) {
    select.replaceChildren();
    for (const item of items) {
      const value = nameOf(item);
      const label = labelOf(item);
      select.append(el("option", { value, selected: value === wanted }, label === value ? value : label + " (" + value + ")"));
    }
  }

  async function loadKinds() {
    return listOf(await api("GET", "/api/kinds?lang=" + encodeURIComponent(document.documentElement.lang || "en")), "kinds");
  }
  async function loadLocales() {
    return listOf(await api("GET", "/api/locales"), "locales");
  }

  function download(blob, filename) {
    const url = URL.createObjectURL(blob);
    const link = el("a", { href: url, download: filename || "document" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function filenameOf(response, fallback) {
    const header = response.headers.get("Content-Disposition") || "";
    const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
    if (star) return decodeURIComponent(star[1]);
    const plain = /filename="?([^";]+)"?/i.exec(header);
    return plain ? plain[1] : fallback;
  }

  /* -- every page: the interface language changes as soon as it is picked ------------------ */
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.submit());
  }

  /* -- Make a document ---------------------------------------------------------------------- */
  async function makePage() {
    const form = $("make-form");
    const kindSelect = $("m-kind");
    const recordsList = $("m-records");
    const filter = $("m-filter");
    let kinds = [];
    let records = [];

    function kindInfo() {
      return kinds.find((k) => nameOf(k) === kindSelect.value) || {};
    }

    function showFormats() {
      const box = $("m-formats");
      const before = new Set([...box.querySelectorAll("input:checked")].map((i) => i.value));
      const formats = kindInfo().formats || ["pdf", "docx", "html", "txt", "eml"];
      box.replaceChildren();
      for (const fmt of formats) {
        const checked = before.size ? before.has(fmt) : fmt === formats[0] || fmt === "pdf";
        box.append(el("label", { class: "check" }, el("input", { type: "checkbox", name: "format", value: fmt, checked }), " " + fmt));
      }
    }

    async function showLocales() {
      const box = $("m-locales");
      const locales = await loadLocales();
      for (const item of locales) {
        const code = nameOf(item);
        const label = typeof item === "string" ? code : (item.name && item.name !== code ? item.name + " (" + code + ")" : code);
        box.append(el("label", { class: "check" }, el("input", { type: "checkbox", name: "locale", value: code }), " " + label));
      }
    }

    /* The records of every recipients and senders file, from the API's listing of the folder. */
    let listing = null;
    async function recordsOf(file) {
      if (!listing) {
        const data = await api("GET", "/api/files");
        listing = {};
        for (const entry of [...(data.recipients || []), ...(data.senders || [])]) listing[entry.path] = entry;
      }
      const entry = listing[file] || { records: [] };
      if (entry.error) notice(entry.error);
      return entry.records || [];
    }

    async function loadRecords() {
      const file = $("m-rfile").value;
      records = [];
      if (file) {
        try {
          records = await recordsOf(file);
        } catch (error) {
          failed(error);
        }
      }
      showRecords();
    }

    function showRecords() {
      const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      const picked = new Set(pickedIds());
      recordsList.replaceChildren();
      let shown = 0;
      records.forEach((r, index) => {
        const text = [r.id, r.name, r.role, r.country, r.language].filter(Boolean).join(" ");
        const visible = words.every((w) => text.toLowerCase().includes(w));
        const id = "m-rec-" + index;
        const item = el("li", { hidden: !visible },
          el("input", { type: "checkbox", id, value: r.id, checked: picked.has(r.id) || (!picked.size && index === 0) }),
          el("label", { for: id }, r.name + " ", el("span", { class: "hint" }, [r.role, r.country, r.language].filter(Boolean).join(" · "))));
        recordsList.append(item);
        if (visible) shown += 1;
      });
      count(shown);
    }

    function pickedIds() {
      return [...recordsList.querySelectorAll("input:checked")].map((i) => i.value);
    }

    function count(shown) {
      const all = $("m-whole").checked;
      $("m-count").textContent = t("records_shown", {
        shown: shown === undefined ? recordsList.querySelectorAll("li:not([hidden])").length : shown,
        total: records.length,
        picked: all ? records.length : pickedIds().length,
      });
    }

    async function loadSenders() {
      const select = $("m-sender");
      for (const option of [...select.querySelectorAll("option[data-file]")]) {
        const file = option.value;
        try {
          const found = await recordsOf(file);
          for (const r of found) {
            select.insertBefore(el("option", { value: r.spec || (r.id ? file + "#" + r.id : file) }, r.name + " (" + file + ")"), option);
          }
          if (found.length) option.remove();
        } catch (error) {
          failed(error);
        }
      }
      if (select.options.length > 1) select.selectedIndex = 1;
    }

    /* The recipients as specs: FILE for the whole file, else FILE#id for each one picked. */
    function recipientSpecs() {
      const file = $("m-rfile").value;
      if (!file) return [null];
      if ($("m-whole").checked) return [file];
      return pickedIds().map((id) => file + "#" + id);
    }
    function chosenLocales() {
      if ($("m-own").checked) return [];
      return [...document.querySelectorAll("#m-locales input:checked")].map((i) => i.value);
    }
    function chosenFormats() {
      return [...document.querySelectorAll("#m-formats input:checked")].map((i) => i.value);
    }

    function body(format, recipient, locale) {
      const b = { case: $("m-case").value, kind: kindSelect.value, format };
      if (recipient) b.recipient = recipient;
      if (locale) b.locale = locale;
      if ($("m-sender").value) b.sender = $("m-sender").value;
      const personal = $("m-personal").value.trim();
      if (personal) b.personal = personal;
      return b;
    }

    function firstChoice() {
      const specs = recipientSpecs();
      const spec = specs[0] && $("m-whole").checked && records.length ? specs[0] + "#" + records[0].id : specs[0];
      return { recipient: spec, locale: chosenLocales()[0] || null };
    }

    let previewRun = 0;
    async function preview() {
      if (!$("m-case").value || !kindSelect.value) {
        $("m-status").textContent = t("preview_empty");
        return;
      }
      const run = ++previewRun;
      const { recipient, locale } = firstChoice();
      $("m-status").textContent = t("loading");
      try {
        const result = await api("POST", "/api/preview", body("html", recipient, locale));
        if (run !== previewRun) return;
        $("m-preview").srcdoc = result.html;
        const who = recipient ? (records.find((r) => recipient.endsWith("#" + r.id)) || {}).name || recipient : "";
        $("m-status").textContent = [t("preview_of"), who, locale || ""].filter(Boolean).join(" · ");
        $("m-warnings").replaceChildren(...(result.warnings || []).map((w) => el("li", {}, typeof w === "string" ? w : w.message || JSON.stringify(w))));
        notice("");
      } catch (error) {
        if (run !== previewRun) return;
        $("m-status").textContent = "";
        failed(error);
      }
      summary();
    }
    const later = debounce(preview, 400);

    function summary() {
      const n = ($("m-whole").checked ? records.length : recipientSpecs().length) *
        Math.max(1, chosenLocales().length) * Math.max(1, chosenFormats().length);
      $("m-summary").textContent = t("documents", { n }) + " · " + (n === 1 ? t("download_one") : t("download_zip"));
    }

    async function pages() {
      const box = $("m-pageimgs");
      box.replaceChildren(el("p", { class: "hint" }, t("pages_loading")));
      const { recipient, locale } = firstChoice();
      try {
        const result = await api("POST", "/api/pages", body("pdf", recipient, locale));
        box.replaceChildren(...(result.pages || []).map((src, i) =>
          el("img", { src, alt: t("page_n", { n: i + 1 }), loading: "lazy" })));
      } catch (error) {
        box.replaceChildren();
        failed(error);
      }
    }

    async function downloadAll() {
      const specs = recipientSpecs();
      if (!specs.length) { notice(t("no_recipients")); return; }
      const locales = chosenLocales();
      const formats = chosenFormats().length ? chosenFormats() : ["pdf"];
      $("m-summary").textContent = t("downloading");
      try {
        const single = specs.length === 1 && !$("m-whole").checked && locales.length <= 1 && formats.length === 1;
        let response;
        if (single) {
          response = await api("POST", "/api/render", body(formats[0], specs[0], locales[0]), true);
        } else {
          const b = body(formats[0], null, null);
          delete b.format;
          b.recipients = specs.filter(Boolean);
          b.locales = locales;
          b.formats = formats;
          response = await api("POST", "/api/render/zip", b, true);
        }
        download(await response.blob(), filenameOf(response, single ? "document" : "documents.zip"));
        notice("");
      } catch (error) {
        failed(error);
      }
      summary();
    }

    // Hooked before the lists load: a choice made while they load is not lost.
    kindSelect.addEventListener("change", showFormats);
    $("m-rfile").addEventListener("change", loadRecords);
    filter.addEventListener("input", showRecords);
    $("m-all").addEventListener("click", () => {
      recordsList.querySelectorAll("li:not([hidden]) input").forEach((i) => { i.checked = true; });
      count(); later();
    });
    $("m-none").addEventListener("click", () => {
      recordsList.querySelectorAll("input").forEach((i) => { i.checked = false; });
      count(); later();
    });
    form.addEventListener("input", (event) => {
      if (event.target === filter) return;
      count();
      later();
    });
    form.addEventListener("change", (event) => {
      if (event.target === filter) return;
      count();
      later();
    });
    form.addEventListener("submit", (event) => { event.preventDefault(); preview(); });
    $("m-download").addEventListener("click", downloadAll);
    $("m-pages").addEventListener("click", pages);
    try {
      kinds = await loadKinds();
      fillSelect(kindSelect, kinds, kindSelect.dataset.selected || "letter");
      showFormats();
      await showLocales();
      await loadRecords();
      await loadSenders();
    } catch (error) {
      failed(error);
    }
    preview();
  }

  /* -- Campaigns ---------------------------------------------------------------------------- */
  function campaignsPage() {
    let source = null;
    let failures = 0;

    function seconds(value) {
      const s = Math.max(0, Math.round(Number(value) || 0));
      const m = Math.floor(s / 60);
      // In the interface's language: "42 с", not "42 s".
      const unit = new Intl.NumberFormat(document.documentElement.lang || "en", { style: "unit", unit: "second", unitDisplay: "short" });
      return m ? m + ":" + String(s % 60).padStart(2, "0") : unit.format(s);
    }

    function progress(data) {
      const total = Number(data.total) || 0;
      const done = Number(data.done) || 0;
      const bar = $("c-bar");
      bar.max = Math.max(total, 1);
      bar.value = done;
      const parts = [t("progress", { done, total })];
      if (data.rate !== undefined && data.rate !== null) parts.push(t("rate", { rate: new Intl.NumberFormat(document.documentElement.lang || "en", { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Number(data.rate)) }));
      if (data.eta !== undefined && data.eta !== null) parts.push(t("eta", { eta: seconds(data.eta) }));
      if (Number(data.failed)) parts.push(t("failed", { n: data.failed }));
      $("c-text").textContent = parts.join(" · ");
      const failure = data.failure || data.error;
      if (failure) failureItem(failure);
    }

    function failureItem(failure) {
      failures += 1;
      const text = typeof failure === "string" ? failure : [failure.item || failure.id || failure.output, failure.error || failure.message].filter(Boolean).join(": ");
      $("c-failures").append(el("li", { class: "problem" }, text));
    }

    function table(rows) {
      const box = $("c-errors");
      if (!rows.length) { box.replaceChildren(el("p", {}, t("no_errors"))); return; }
      const keys = [...new Set(rows.flatMap((r) => (typeof r === "object" && r ? Object.keys(r) : ["error"])))];
      const head = el("tr", {}, ...keys.map((k) => el("th", { scope: "col" }, k)));
      const body = rows.map((r) => el("tr", {}, ...keys.map((k) => {
        const v = typeof r === "object" && r ? r[k] : r;
        return el("td", {}, v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));
      })));
      box.replaceChildren(el("table", { class: "data" }, el("thead", {}, head), el("tbody", {}, ...body)));
    }

    async function finish(id) {
      $("c-text").textContent += " · " + t("finished");
      $("c-zip-link").href = "/api/campaigns/" + encodeURIComponent(id) + "/zip";
      $("c-zip").hidden = false;
      try {
        const errors = await api("GET", "/api/campaigns/" + encodeURIComponent(id) + "/errors");
        table(listOf(errors, "errors").filter((e) => e && typeof e === "object" ? !("name" in e && Object.keys(e).length === 1) : true));
      } catch (error) {
        failed(error);
      }
      setButtons(false);
    }

    function setButtons(busy) {
      $("c-run").disabled = busy;
      $("c-resume").disabled = busy;
    }

    async function start(resume) {
      if (source) source.close();
      failures = 0;
      $("c-failures").replaceChildren();
      $("c-errors").replaceChildren();
      $("c-zip").hidden = true;
      notice("");
      setButtons(true);
      let id;
      try {
        id = (await api("POST", "/api/campaigns/run", { campaign: $("c-file").value, resume })).id;
      } catch (error) {
        failed(error);
        setButtons(false);
        return;
      }
      let ended = false;
      source = new EventSource("/api/campaigns/" + encodeURIComponent(id) + "/events");
      const onData = (event) => {
        try { progress(JSON.parse(event.data)); } catch (e) { /* a keep-alive */ }
      };
      source.addEventListener("message", onData);
      source.addEventListener("progress", onData);
      source.addEventListener("failure", (event) => {
        try { failureItem(JSON.parse(event.data)); } catch (e) { failureItem(event.data); }
      });
      source.addEventListener("end", (event) => {
        ended = true;
        // The end says what was made, not how far along: the bar is full, or says so itself.
        let data = {};
        try { data = JSON.parse(event.data); } catch (e) { /* nothing more to show */ }
        if (data.done !== undefined && data.total !== undefined) progress(data);
        else { const bar = $("c-bar"); bar.value = bar.max; }
        source.close();
        finish(id);
      });
      source.addEventListener("error", () => {
        if (ended) return;
        source.close();
        notice(t("stopped"));
        setButtons(false);
      });
    }
    $("c-run").addEventListener("click", () => start(false));
    $("c-resume").addEventListener("click", () => start(true));
  }

  /* -- Translate ---------------------------------------------------------------------------- */
  async function translatePage() {
    const frame = $("t-doc");
    const localeSelect = $("t-locale");
    const kindSelect = $("t-kind");
    let current = null;

    const base = () => "/api/i18n/" + encodeURIComponent(localeSelect.value);

    async function showDocument() {
      try {
        const result = await api("GET", base() + "/" + encodeURIComponent(kindSelect.value) + "/marked");
        const html = typeof result === "string" ? result : result.html;
        frame.addEventListener("load", wire, { once: true });
        frame.srcdoc = html;
        notice("");
      } catch (error) {
        failed(error);
      }
    }

    /* The strings in the document become keyboard-usable buttons that open the side panel. */
    function wire() {
      const doc = frame.contentDocument;
      if (!doc) return;
      const style = doc.createElement("style");
      style.textContent = ".x-msg{outline:2px dashed #1d4ed8;outline-offset:1px;cursor:pointer}" +
        ".x-msg.x-untranslated{outline-color:#b91c1c;background:#fee2e2}" +
        ".x-msg:focus,.x-msg:hover{outline-style:solid;background:#dbeafe}" +
        ".x-msg.x-current{outline:3px solid #15803d}";
      doc.head.append(style);
      for (const span of doc.querySelectorAll(".x-msg")) {
        span.setAttribute("tabindex", "0");
        span.setAttribute("role", "button");
        span.setAttribute("title", t("open_string"));
        span.addEventListener("click", (event) => { event.preventDefault(); event.stopPropagation(); open(span.dataset.msg); });
        span.addEventListener("keydown", (event) => {
          if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(span.dataset.msg); }
        });
      }
      if (current !== null) mark(current);
    }

    function mark(n) {
      const doc = frame.contentDocument;
      if (!doc) return;
      for (const span of doc.querySelectorAll(".x-msg")) span.classList.toggle("x-current", span.dataset.msg === String(n));
    }

    function row(label, value, lang) {
      if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) return null;
      const text = Array.isArray(value) ? value.join("\n") : typeof value === "object" ? JSON.stringify(value) : String(value);
      return [el("dt", {}, label), el("dd", { lang: lang || null }, text)];
    }

    async function open(n) {
      current = n;
      mark(n);
      let m;
      try {
        m = await api("GET", base() + "/messages/" + encodeURIComponent(n));
      } catch (error) {
        failed(error);
        return;
      }
      const panel = $("t-panel-body");
      const plural = Array.isArray(m.msgstr_plural) || Boolean(m.msgid_plural);
      const forms = plural ? (m.msgstr_plural || m.msgstr || []) : null;
      const count = plural ? Math.max((forms || []).length, Number(m.nplurals) || 0, 1) : 1;
      const list = el("dl", {});
      // Where the text is written: the template or module lines (not which catalog it came from).
      const refs = Array.isArray(m.references) ? m.references : [];
      const where = refs.length
        ? refs.map((r) => r.file + (r.line ? ":" + r.line : "")).join(", ")
        : (m.file ? m.file + (m.line ? ":" + m.line : "") : null);
      for (const entry of [
        row(t("original"), m.msgid, "en"),
        row(t("original_plural"), m.msgid_plural, "en"),
        row(t("context"), m.msgctxt),
        row(t("comments"), m.comments || m.auto_comments),
        row(t("source"), Array.isArray(where) ? where.map((w) => (typeof w === "string" ? w : w.join ? w.join(":") : JSON.stringify(w))) : where),
      ]) if (entry) list.append(...entry);
      const editors = [];
      const form = el("form", { class: "form" });
      for (let i = 0; i < count; i += 1) {
        const id = "t-msgstr-" + i;
        const value = plural ? (forms[i] || "") : (m.msgstr || "");
        const label = plural ? t("plural_form", { n: i + 1 }) + (m.plural_examples && m.plural_examples[i] ? " (" + m.plural_examples[i] + ")" : "") : t("translation");
        const area = el("textarea", { id, rows: 3, lang: localeSelect.value });
        area.value = value;
        editors.push(area);
        form.append(el("div", { class: "field" }, el("label", { for: id }, label), area));
      }
      const state = el("p", { class: "hint", "aria-live": "polite" }, m.translated === false || (!plural && !m.msgstr) ? t("untranslated") : m.fuzzy ? t("fuzzy") : t("translated"));
      form.append(el("div", { class: "buttons" }, el("button", { type: "submit", class: "primary" }, t("save"))), state);
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        state.textContent = t("saving");
        const payload = plural ? { msgstr_plural: editors.map((e) => e.value) } : { msgstr: editors[0].value };
        try {
          await api("PUT", base() + "/messages/" + encodeURIComponent(n), payload);
          state.textContent = t("saved");
          await Promise.all([showDocument(), showStatus(), showFindings()]);
        } catch (error) {
          state.textContent = "";
          failed(error);
        }
      });
      panel.replaceChildren(list, form);
      panel.hidden = false;
      $("t-panel-empty").hidden = true;
      $("t-panel-title").focus();
    }

    async function showStatus() {
      try {
        const rows = listOf(await api("GET", "/api/i18n/status"), "rows");
        const body = $("t-status").querySelector("tbody");
        body.replaceChildren(...rows.map((r) => {
          const total = (r.translated || 0) + (r.fuzzy || 0) + (r.untranslated || 0);
          const percent = r.percent !== undefined ? r.percent : total ? (100 * (r.translated || 0)) / total : 100;
          const complete = r.complete !== undefined ? r.complete : !(r.fuzzy || r.untranslated);
          return el("tr", { class: complete ? "status-ok" : "status-warning" },
            el("td", {}, r.locale), el("td", {}, r.kind), el("td", {}, r.translated), el("td", {}, r.fuzzy),
            el("td", {}, r.untranslated), el("td", {}, Math.floor(Number(percent)) + " %"));
        }));
      } catch (error) {
        failed(error);
      }
    }

    async function showFindings() {
      const box = $("t-findings");
      try {
        const findings = listOf(await api("GET", base() + "/check"), "findings");
        if (!findings.length) { box.replaceChildren(el("li", { class: "status-ok" }, t("no_findings"))); return; }
        box.replaceChildren(...findings.map((f) => {
          const text = typeof f === "string" ? f : f.text || f.message || JSON.stringify(f);
          const n = f && typeof f === "object" ? (f.n !== undefined ? f.n : f.msg) : undefined;
          if (n === undefined || n === null) return el("li", {}, text);
          return el("li", {}, el("a", { href: "#msg-" + n, onclick: (event) => { event.preventDefault(); open(n); } }, text));
        }));
      } catch (error) {
        box.replaceChildren();
        failed(error);
      }
    }

    try {
      const [locales, kinds] = await Promise.all([loadLocales(), loadKinds()]);
      const wanted = localeSelect.dataset.selected || (locales.map(nameOf).includes(document.body.dataset.lang) && document.body.dataset.lang !== "en" ? document.body.dataset.lang : "uk");
      fillSelect(localeSelect, locales, wanted);
      fillSelect(kindSelect, kinds, kindSelect.dataset.selected || "letter");
    } catch (error) {
      failed(error);
      return;
    }
    const reload = () => { current = null; $("t-panel-body").hidden = true; $("t-panel-empty").hidden = false; showDocument(); showFindings(); };
    localeSelect.addEventListener("change", reload);
    kindSelect.addEventListener("change", reload);
    showDocument();
    showStatus();
    showFindings();
  }

  /* -- Check -------------------------------------------------------------------------------- */
  function checkPage() {
    const form = $("k-form");

    function status(value) {
      return el("span", { class: "badge status-" + value }, t("status_" + value) || value);
    }

    function dates(item) {
      const list = el("ul", { class: "plain" });
      for (const d of item.dates || []) {
        list.append(el("li", {}, el("time", { datetime: d.date }, d.date), " ",
          el("span", { class: "hint" }, d.what || d.name || ""),
          d.confirmed === false ? el("span", { class: "badge status-warning" }, t("unconfirmed")) : null));
      }
      if (item.days_left !== null && item.days_left !== undefined) list.append(el("li", {}, t("days_left", { n: item.days_left })));
      return list;
    }

    function events(item) {
      const list = el("ul", { class: "plain" });
      for (const e of item.events || []) {
        list.append(el("li", {}, el("code", {}, e.ref || ""), " ", el("time", { datetime: e.date }, e.date || ""), " ",
          e.label || "", e.note ? el("span", { class: "hint" }, " (" + e.note + ")") : null));
      }
      return list;
    }

    async function run(event) {
      if (event) event.preventDefault();
      if (!$("k-case").value) return;
      const body = { case: $("k-case").value, for: $("k-for").value, lang: document.documentElement.lang || "en" };
      if ($("k-today").value) body.today = $("k-today").value;
      $("k-summary").textContent = t("loading");
      try {
        const report = await api("POST", "/api/check", body);
        $("k-summary").replaceChildren(t("overall", { status: "" }), status(report.status));
        $("k-caption").textContent = [report.case, report.for, report.today].filter(Boolean).join(" · ");
        const rows = (report.items || []).map((item) => el("tr", { class: "row-" + item.status },
          el("th", { scope: "row" }, el("code", {}, item.check || item.code || "")),
          el("td", {}, status(item.status)),
          el("td", {}, item.message || ""),
          el("td", {}, dates(item)),
          el("td", {}, events(item))));
        $("k-table").querySelector("tbody").replaceChildren(...rows);
        $("k-table").hidden = false;
        notice("");
      } catch (error) {
        $("k-summary").textContent = "";
        $("k-table").hidden = true;
        failed(error);
      }
    }
    form.addEventListener("submit", run);
    form.addEventListener("change", run);
    run();
  }

  const pages = { make: makePage, campaigns: campaignsPage, translate: translatePage, check: checkPage };
  const page = pages[document.body.dataset.page];
  if (page) Promise.resolve(page()).catch(failed);
})();
