/* Bulletin QA chat widget: one script tag, no dependencies, no build step.

   <script src="https://host/widget.js" data-endpoint="https://host" defer></script>

   Options (data-* attributes of that tag, or the options of BulletinQA.mount):
     endpoint  API base URL (default: the origin the script was loaded from)
     mount     CSS selector of an element to render into inline (default: a floating button)
     lang      "zh" or "en" for the widget's own labels (default: <html lang>, then the browser)
     k         passages retrieved per question (default 5)
     timeout   seconds without a byte from the server before giving up (default 30)
     open      "true": the floating panel starts open
     auto      "false": mount nothing; call window.BulletinQA.mount(el, options) yourself

   It talks to POST /v1/ask with "stream": true and reads the server-sent events
   (passages, delta…, citations, done | error) from a fetch() stream. When the panel first
   opens it asks GET /v1/documents; over more than one document it shows a document picker
   (sent as "doc") and each citation's document title. Each question goes with the
   conversation's earlier answered turns as "history" (question, answer, cited chunk ids;
   the server keeps no state), so that a follow-up ("那2号建议案呢？") can be resolved; an
   answer to a rewritten question says what it was understood as (resolved_question).
   All server text is inserted with textContent / text nodes, never as HTML. It holds no
   secret. */
(function () {
  "use strict";

  var VERSION = "1.1.0";
  var SCRIPT = document.currentScript;
  var STORE_PREFIX = "bulletin-qa:v1:";
  // The history sent with a question: at most HISTORY_TURNS earlier turns (the server's
  // limit), each answer cut to HISTORY_ANSWER_CHARS, and the oldest left out while the body is
  // over HISTORY_BODY_BYTES (the server refuses bodies over QA_MAX_BODY_BYTES, 16 KB by
  // default; it reads the questions and cited chunk ids, not the answers).
  var HISTORY_TURNS = 10;
  var HISTORY_ANSWER_CHARS = 1000;
  var HISTORY_BODY_BYTES = 15000;

  var TEXT = {
    zh: {
      title: "通报问答", subtitle: "武汉市人民政府关于政协建议案办理情况的通报",
      launcher: "问答", open: "打开通报问答", close: "关闭问答", newChat: "新对话",
      newChatLabel: "开始新对话（清除本页的问答记录）", inputLabel: "您的问题",
      placeholder: "输入问题，按 Enter 发送", send: "发送", intro: "就本通报提问（中文或英文），回答附有出处，点击出处可查看原文。",
      starters: "可以这样问：", you: "您的问题：", bot: "回答：", searching: "正在检索通报…",
      writing: "正在生成回答…", sources: "出处", nearest: "通报中最接近的段落：",
      source: "原文", showSource: "查看原文：", loadingSource: "正在加载原文…",
      sourceFailed: "无法加载原文：", retry: "重试", closeSource: "收起原文",
      errNetwork: "无法连接问答服务（{endpoint}）。",
      errCors: "如果服务正在运行，它可能不允许本网站（{origin}）访问：请在服务端的 QA_CORS_ORIGINS 中加入此来源。",
      errTimeout: "服务在 {s} 秒内没有回应。", errRate: "提问过于频繁，请 {s} 秒后重试。",
      errRateNow: "提问过于频繁，现在可以重试。", errHttp: "服务无法回答（HTTP {status}）。",
      errStream: "生成回答时出错。", errIncomplete: "连接在回答完成前中断。",
      errProtocol: "服务的回复无法读取。",
      subtitleMany: "收录 {n} 份文件", introMany: "就收录的文件提问（中文或英文），回答注明出自哪份文件，点击出处可查看原文。",
      searchingMany: "正在检索文件…", nearestMany: "文件中最接近的段落：", alsoClose: "其他文件中相近的段落：",
      docLabel: "文件", allDocs: "全部文件", understood: "理解为："
    },
    en: {
      title: "Ask the bulletin", subtitle: "Wuhan government report on the CPPCC proposals",
      launcher: "Ask", open: "Open the bulletin assistant", close: "Close the assistant",
      newChat: "New chat", newChatLabel: "Start a new conversation (clears this page's history)",
      inputLabel: "Your question", placeholder: "Ask a question, press Enter to send",
      send: "Send", intro: "Ask about this bulletin in English or Chinese. Answers cite their source; click a source to read it.",
      starters: "Try asking:", you: "Your question: ", bot: "Answer: ",
      searching: "Searching the bulletin…", writing: "Writing the answer…", sources: "Sources",
      nearest: "Nearest passages in the bulletin:", source: "Source",
      showSource: "Show source: ", loadingSource: "Loading the source…",
      sourceFailed: "Could not load the source: ", retry: "Retry", closeSource: "Hide source",
      errNetwork: "Cannot reach the question service ({endpoint}).",
      errCors: "If it is running, it may not allow this site ({origin}): add this origin to the service's QA_CORS_ORIGINS.",
      errTimeout: "The service did not answer within {s} s.",
      errRate: "Too many questions right now. You can retry in {s} s.",
      errRateNow: "Too many questions right now. You can retry now.",
      errHttp: "The service could not answer (HTTP {status}).",
      errStream: "Answering failed.", errIncomplete: "The connection closed before the answer was complete.",
      errProtocol: "The service's reply could not be read.",
      subtitleMany: "{n} documents", introMany: "Ask about these documents in English or Chinese. Answers name their document and cite their source; click a source to read it.",
      searchingMany: "Searching the documents…", nearestMany: "Nearest passages in the documents:",
      alsoClose: "Close passages in other documents:",
      docLabel: "Document", allDocs: "All documents", understood: "Understood as: "
    }
  };

  var STARTERS = {
    zh: ["老人吃饭的食堂建了多少家？", "全市医养结合机构有多少家？"],
    en: ["How many elderly meal sites were built?", "How much investment did Wuhan New City complete in 2024?"]
  };

  var CSS = [
    ":host{all:initial;display:block}",
    ":host([data-floating]){display:contents}",
    ".root{font-family:system-ui,-apple-system,\"Segoe UI\",\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",\"Noto Sans SC\",\"Source Han Sans SC\",\"WenQuanYi Micro Hei\",sans-serif;",
    "font-size:15px;line-height:1.55;color:#1f2328;text-align:left;letter-spacing:normal;direction:ltr;-webkit-text-size-adjust:100%}",
    ".root *,.root *::before,.root *::after{box-sizing:border-box}",
    "button,textarea,select{font:inherit;color:inherit}",
    "button{cursor:pointer}",
    ":focus-visible{outline:3px solid #f59e0b;outline-offset:2px}",
    ".launcher{position:fixed;right:16px;bottom:16px;z-index:2147483000;display:flex;align-items:center;gap:6px;",
    "padding:12px 18px;border:0;border-radius:999px;background:#b3261e;color:#fff;font-size:16px;font-weight:600;box-shadow:0 4px 14px rgba(0,0,0,.25)}",
    ".launcher:hover{background:#8f1d17}",
    ".launcher svg{width:20px;height:20px;fill:currentColor}",
    ".panel{display:flex;flex-direction:column;background:#fff;border:1px solid #d0d7de;border-radius:12px;overflow:hidden}",
    ".floating .panel{position:fixed;z-index:2147483001;right:16px;bottom:80px;width:min(420px,calc(100vw - 16px));",
    "height:min(640px,calc(100vh - 96px));box-shadow:0 8px 30px rgba(0,0,0,.25)}",
    ".inline .panel{width:100%;height:var(--bqa-height,560px)}",
    ".panel[hidden]{display:none}",
    // Phones: the open panel fills the screen (no gap above the launcher, which it hides);
    // the launcher is a small round icon (its label stays in aria-label) to cover less text.
    "@media (max-width:480px){.floating .panel{top:0;right:0;bottom:0;left:0;width:auto;height:auto;border-radius:0;border:0}",
    ".launcher{right:10px;bottom:10px;padding:12px}.launcher span{display:none}.launcher[aria-expanded=true]{display:none}}",
    "header{display:flex;align-items:center;gap:8px;padding:10px 12px;background:#b3261e;color:#fff}",
    "header .titles{flex:1;min-width:0}",
    "header h2{margin:0;font-size:16px;font-weight:700;line-height:1.3}",
    "header p{margin:0;font-size:12px;opacity:.9;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}",
    "header button{border:1px solid rgba(255,255,255,.6);background:transparent;color:#fff;border-radius:8px;padding:4px 10px;font-size:13px;min-height:32px}",
    "header button:hover{background:rgba(255,255,255,.15)}",
    "header .close{font-size:20px;line-height:1;padding:2px 10px}",
    ".log{flex:1;overflow-y:auto;overflow-x:hidden;padding:12px;margin:0;list-style:none}",
    ".intro{margin:0 0 8px;color:#57606a;font-size:14px}",
    ".starters{display:flex;flex-direction:column;gap:6px;margin:0 0 8px}",
    ".starters h3{margin:4px 0 2px;font-size:13px;font-weight:600;color:#57606a}",
    ".starter{text-align:left;border:1px solid #d0d7de;background:#f6f8fa;border-radius:8px;padding:8px 10px;overflow-wrap:anywhere}",
    ".starter:hover{background:#eef1f4}",
    ".turn{margin:0 0 14px}",
    ".q{margin:0 0 6px auto;max-width:85%;width:fit-content;background:#b3261e;color:#fff;border-radius:12px 12px 2px 12px;padding:8px 12px;white-space:pre-wrap;overflow-wrap:anywhere}",
    ".a{max-width:100%;background:#f6f8fa;border:1px solid #e1e4e8;border-radius:12px 12px 12px 2px;padding:8px 12px}",
    ".answer{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}",
    ".declined .answer{color:#57606a}",
    ".resolved{margin:6px 0 0;color:#57606a;font-size:13px;overflow-wrap:anywhere}",
    ".resolved[hidden]{display:none}",
    ".status{margin:0;color:#57606a;font-size:14px;display:flex;align-items:center;gap:8px}",
    ".spinner{width:14px;height:14px;border:2px solid #d0d7de;border-top-color:#b3261e;border-radius:50%;animation:bqa-spin 0.8s linear infinite}",
    "@keyframes bqa-spin{to{transform:rotate(360deg)}}",
    "@media (prefers-reduced-motion:reduce){.spinner{animation:none}}",
    ".cites h3{margin:8px 0 4px;font-size:12px;font-weight:600;color:#57606a}",
    ".chips{display:flex;flex-wrap:wrap;gap:6px}",
    ".chip{border:1px solid #b3261e;background:#fff;color:#8f1d17;border-radius:999px;padding:3px 10px;font-size:13px;max-width:100%;overflow-wrap:anywhere;text-align:left}",
    ".chip[aria-expanded=true]{background:#b3261e;color:#fff}",
    ".chip.has-doc{border-radius:10px;padding:3px 10px 4px}",
    ".chip-doc{display:block;max-width:100%;font-size:11px;line-height:1.35;opacity:.85;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}",
    ".chip-label{display:block}",
    ".src{margin-top:8px;border-left:3px solid #b3261e;background:#fff;padding:8px 10px;border-radius:0 8px 8px 0}",
    ".src-doc{margin:0 0 2px;font-size:12px;color:#57606a;overflow-wrap:anywhere}",
    ".src-doc-title{font-weight:700;color:#1f2328}",
    ".src h4{margin:0 0 4px;font-size:12px;font-weight:600;color:#57606a;overflow-wrap:anywhere}",
    ".src p{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;font-size:14px}",
    "mark{background:#ffe58a;color:inherit;padding:0 1px;border-radius:2px}",
    ".error{margin-top:6px;color:#8f1d17;background:#fff5f5;border:1px solid #f1b5b1;border-radius:8px;padding:8px 10px;font-size:14px}",
    ".error p{margin:0 0 4px;overflow-wrap:anywhere}",
    ".error .detail{color:#57606a;font-size:13px}",
    ".retry{border:1px solid #8f1d17;background:#fff;color:#8f1d17;border-radius:8px;padding:4px 12px;min-height:32px}",
    ".retry:disabled{opacity:.5;cursor:default}",
    ".picker{display:flex;align-items:center;gap:8px;padding:8px 10px 0;border-top:1px solid #d0d7de;background:#fff}",
    ".picker[hidden]{display:none}",
    ".picker label{flex:none;font-size:13px;font-weight:600;color:#57606a}",
    ".picker select{flex:1;min-width:0;width:100%;font-size:14px;border:1px solid #8c959f;border-radius:8px;padding:4px 8px;min-height:36px;background:#fff;text-overflow:ellipsis}",
    ".picker:not([hidden])+form{border-top:0}",
    "@media (max-width:480px){.picker select{font-size:16px}}",
    "form{display:flex;gap:8px;padding:10px;border-top:1px solid #d0d7de;background:#fff}",
    "textarea{flex:1;min-width:0;resize:none;border:1px solid #8c959f;border-radius:8px;padding:8px 10px;font-size:16px;line-height:1.4;height:42px;max-height:120px;background:#fff}",
    ".send{border:0;border-radius:8px;background:#b3261e;color:#fff;padding:0 16px;font-weight:600;min-height:42px}",
    ".send:disabled{background:#8c959f;cursor:default}",
    ".sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}"
  ].join("\n");

  // ---- small helpers ---------------------------------------------------------------

  /** An element with attributes and children; strings become text nodes (never HTML). */
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    var name;
    for (name in attrs || {}) {
      if (attrs[name] === null || attrs[name] === undefined || attrs[name] === false) continue;
      if (name === "text") el.textContent = attrs[name];
      else if (name.slice(0, 2) === "on") el.addEventListener(name.slice(2), attrs[name]);
      else el.setAttribute(name, attrs[name] === true ? "" : String(attrs[name]));
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return el;
  }

  function icon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z");
    svg.appendChild(path);
    return svg;
  }

  /** A document title short enough for a chip: at most DOC_CHARS characters, then "…". */
  var DOC_CHARS = 16;
  function shortTitle(title) {
    var chars = Array.from(String(title));
    return chars.length <= DOC_CHARS ? chars.join("") : chars.slice(0, DOC_CHARS - 1).join("") + "…";
  }

  /** {id, title, date} of the document a citation, passage or chunk comes from (null: none given). */
  function docOf(item) {
    if (!item || typeof item.doc_title !== "string" || !item.doc_title) return null;
    return { id: String(item.doc_id || ""), title: item.doc_title,
             date: typeof item.doc_date === "string" ? item.doc_date : "" };
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return String(values[key]); });
  }

  function pickLang(explicit) {
    var tags = [explicit, document.documentElement.getAttribute("lang")]
      .concat(navigator.languages || [navigator.language]);
    for (var i = 0; i < tags.length; i++) {
      var tag = String(tags[i] || "").toLowerCase();
      if (tag.indexOf("zh") === 0) return "zh";
      if (tag) return "en";
    }
    return "en";
  }

  function originOf(url) {
    try { return new URL(url, location.href).origin; } catch (e) { return location.origin; }
  }

  /** Seconds to wait from a Retry-After header (delta seconds or an HTTP date). */
  function retryAfterSeconds(value) {
    if (!value) return null;
    if (/^\s*\d+\s*$/.test(value)) return parseInt(value, 10);
    var when = Date.parse(value);
    return isNaN(when) ? null : Math.max(0, Math.ceil((when - Date.now()) / 1000));
  }

  function store(key, value) {
    try {
      if (value === null) sessionStorage.removeItem(key);
      else sessionStorage.setItem(key, JSON.stringify(value));
    } catch (e) { /* storage off or full: the conversation still works, it is just not kept */ }
  }

  function load(key) {
    try { return JSON.parse(sessionStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  /** A stored citation as the widget uses it: an object (a bare chunk id becomes one); null
      for anything else. Conversations stored by earlier versions load through this. */
  function storedCitation(c) {
    if (typeof c === "string" && c) return { chunk_id: c };
    return c && typeof c === "object" && !Array.isArray(c) ? c : null;
  }

  /** The chunk ids of an answer's citations, as history sends them (at most 20, each
      1..200 characters); citations without one are left out. */
  function chunkIds(citations) {
    var ids = [];
    (citations || []).forEach(function (c) {
      var id = c && typeof c.chunk_id === "string" ? c.chunk_id : "";
      if (id.trim() && id.length <= 200 && ids.indexOf(id) < 0 && ids.length < 20) ids.push(id);
    });
    return ids;
  }

  function utf8Bytes(text) { return new TextEncoder().encode(text).length; }

  /** The standalone question a turn was answered as, when it is not the question asked. */
  function rewrittenAs(turn) {
    var resolved = typeof turn.resolved === "string" ? turn.resolved.trim() : "";
    return resolved && resolved !== turn.question.trim() ? resolved : "";
  }

  // ---- server-sent events over fetch() --------------------------------------------

  function ProtocolError(message) { this.message = message; }

  /** Reads `event:`/`data:` blocks from a fetch body and calls onEvent(name, data).
      onBytes() runs on every chunk (it restarts the idle timeout). Stops after done/error. */
  function readEvents(body, onEvent, onBytes) {
    var reader = body.getReader();
    var decoder = new TextDecoder("utf-8");
    var buffer = "", carry = "", finished = false;

    function dispatch(block) {
      var name = "message", data = [];
      block.split("\n").forEach(function (line) {
        if (!line || line.charAt(0) === ":") return;
        var colon = line.indexOf(":");
        var field = colon < 0 ? line : line.slice(0, colon);
        var value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") name = value;
        else if (field === "data") data.push(value);
      });
      if (!data.length) return;
      var parsed;
      try { parsed = JSON.parse(data.join("\n")); } catch (e) {
        throw new ProtocolError("event " + name + " is not JSON");
      }
      onEvent(name, parsed);
      if (name === "done" || name === "error") finished = true;
    }

    function take(text) {
      // Normalise CRLF/CR; a CR at a chunk's end may be the first half of a CRLF.
      text = carry + text;
      carry = text.slice(-1) === "\r" ? "\r" : "";
      if (carry) text = text.slice(0, -1);
      buffer += text.replace(/\r\n?/g, "\n");
      var cut;
      while (!finished && (cut = buffer.indexOf("\n\n")) >= 0) {
        var block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        dispatch(block);
      }
    }

    function pump() {
      return reader.read().then(function (step) {
        if (step.done) {
          take(decoder.decode() + carry.replace("\r", "\n"));
          if (!finished && buffer.trim()) dispatch(buffer);
          return finished;
        }
        onBytes();
        take(decoder.decode(step.value, { stream: true }));
        if (finished) { reader.cancel().catch(function () {}); return true; }
        return pump();
      });
    }
    return pump();
  }

  // ---- the widget -----------------------------------------------------------------

  function Widget(target, options) {
    this.options = options;
    this.lang = pickLang(options.lang);
    this.t = TEXT[this.lang];
    this.endpoint = String(options.endpoint || location.origin).replace(/\/+$/, "");
    this.k = Math.max(1, Math.min(20, parseInt(options.k, 10) || 5));
    this.timeoutS = Math.max(1, parseFloat(options.timeout) || 30);
    this.inline = !!target;
    this.key = STORE_PREFIX + this.endpoint + ":" + (this.inline ? (target.id || "inline") : "float");
    this.turns = [];
    this.busy = null;      // the AbortController of the request in flight
    this.chunks = Object.create(null);  // chunk id -> promise of GET /v1/chunks/{id}
    this.seq = 0;
    this.docs = null;      // [{doc_id, doc_title, doc_date}] of GET /v1/documents, once loaded
    this.docsAsked = false;
    this.doc = "";         // the doc_id chosen in the picker ("": all documents)
    this.build(target);
    this.restore();
    if (this.inline) this.loadDocuments();
  }

  Widget.prototype.build = function (target) {
    var t = this.t, self = this;
    this.host = h("div", { "data-bulletin-qa": "", "data-floating": this.inline ? null : "" });
    var shadow = this.host.attachShadow({ mode: "open" });
    this.shadow = shadow;
    // A constructed sheet passes a host page's strict CSP (style-src without 'unsafe-inline').
    if ("adoptedStyleSheets" in shadow && typeof CSSStyleSheet === "function") {
      try {
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
        shadow.adoptedStyleSheets = [sheet];
      } catch (e) { shadow.appendChild(h("style", { text: CSS })); }
    } else {
      shadow.appendChild(h("style", { text: CSS }));
    }
    var panelId = "bqa-panel";
    this.root = h("div", { "class": "root " + (this.inline ? "inline" : "floating"), lang: this.lang === "zh" ? "zh-CN" : "en" });
    if (this.inline && this.options.height) this.root.style.setProperty("--bqa-height", this.options.height);

    this.log = h("ol", { "class": "log", "aria-label": t.title });
    this.input = h("textarea", {
      rows: 1, maxlength: 500, "aria-label": t.inputLabel, placeholder: t.placeholder,
      enterkeyhint: "send", onkeydown: function (event) {
        // Enter sends; Shift+Enter is a new line; Enter that confirms an IME candidate is not.
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
          event.preventDefault();
          self.submit();
        }
      }
    });
    this.sendButton = h("button", { type: "submit", "class": "send", text: t.send });
    var form = h("form", { onsubmit: function (event) { event.preventDefault(); self.submit(); } },
      [this.input, this.sendButton]);
    // The document picker: shown once GET /v1/documents lists more than one document.
    this.docSelect = h("select", { id: "bqa-doc", name: "doc", onchange: function () {
      self.doc = self.docSelect.value;
      self.save();
    } }, [h("option", { value: "", text: t.allDocs })]);
    this.picker = h("div", { "class": "picker", hidden: true }, [
      h("label", { "for": "bqa-doc", text: t.docLabel }), this.docSelect]);
    this.subtitle = h("p", { text: t.subtitle });
    var headerButtons = [h("button", { type: "button", "class": "new", "aria-label": t.newChatLabel, title: t.newChatLabel, text: t.newChat, onclick: function () { self.reset(); } })];
    if (!this.inline) {
      headerButtons.push(h("button", { type: "button", "class": "close", "aria-label": t.close, title: t.close, text: "×", onclick: function () { self.close(); } }));
    }
    var titleId = "bqa-title";
    this.panel = h("section", { id: panelId, "class": "panel", role: this.inline ? "region" : "dialog", "aria-labelledby": titleId, hidden: !this.inline }, [
      h("header", {}, [h("div", { "class": "titles" }, [h("h2", { id: titleId, text: t.title }), this.subtitle])].concat(headerButtons)),
      this.log,
      this.picker,
      form
    ]);
    this.panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !self.inline) { event.stopPropagation(); self.close(); }
    });
    if (!this.inline) {
      this.launcher = h("button", { type: "button", "class": "launcher", "aria-label": t.open, "aria-expanded": "false", "aria-controls": panelId, onclick: function () { self.toggle(); } }, [icon(), h("span", { text: t.launcher })]);
      this.root.appendChild(this.launcher);
    }
    this.root.appendChild(this.panel);
    shadow.appendChild(this.root);
    if (this.inline) target.appendChild(this.host);
    else document.body.appendChild(this.host);
  };

  Widget.prototype.isOpen = function () { return !this.panel.hidden; };

  Widget.prototype.open = function () {
    if (this.inline) { this.input.focus(); return; }
    this.panel.hidden = false;
    this.launcher.setAttribute("aria-expanded", "true");
    this.loadDocuments();
    this.save();
    this.input.focus();
  };

  Widget.prototype.close = function () {
    if (this.inline || !this.isOpen()) return;
    this.panel.hidden = true;
    this.launcher.setAttribute("aria-expanded", "false");
    this.save();
    this.launcher.focus();
  };

  Widget.prototype.toggle = function () { if (this.isOpen()) this.close(); else this.open(); };

  // ---- conversation state ---------------------------------------------------------

  Widget.prototype.save = function () {
    store(this.key, {
      open: this.isOpen(),
      doc: this.doc,
      turns: this.turns.map(function (turn) {
        return { question: turn.question, doc: turn.doc, answer: turn.answer, answerable: turn.answerable,
                 citations: turn.citations, passages: turn.passages, state: turn.state, resolved: turn.resolved,
                 error: turn.error && turn.error.kind === "rate" ? { kind: "rate", status: 429, retryAt: 0 } : turn.error };
      })
    });
  };

  Widget.prototype.restore = function () {
    var saved = load(this.key), self = this;
    if (saved && typeof saved.doc === "string") this.doc = saved.doc;  // checked once the documents are known
    if (saved && Array.isArray(saved.turns)) {
      saved.turns.forEach(function (data) {
        if (!data || typeof data !== "object") return;
        var turn = self.newTurn(String(data.question || ""), typeof data.doc === "string" ? data.doc : "");
        turn.answer = String(data.answer || "");
        turn.answerable = data.answerable !== false;
        // Earlier versions stored no resolved question; a citation without a chunk id still
        // shows its chip, and is left out of the history sent.
        turn.citations = Array.isArray(data.citations) ? data.citations.map(storedCitation).filter(Boolean) : [];
        turn.passages = Array.isArray(data.passages) ? data.passages.filter(function (p) { return p && typeof p === "object"; }) : [];
        turn.resolved = typeof data.resolved === "string" ? data.resolved : "";
        turn.state = data.state === "done" ? "done" : "error";
        // A reload cut off a request in flight: say so, offer a retry.
        turn.error = turn.state === "error" ? (data.error || { kind: "incomplete" }) : null;
        self.render(turn);
      });
    }
    this.renderStarters();
    if (saved && saved.open && !this.inline) {  // it was open on the previous page
      this.panel.hidden = false;
      this.launcher.setAttribute("aria-expanded", "true");
      this.loadDocuments();
    }
    if (this.options.open && !this.inline) this.open();
  };

  Widget.prototype.reset = function () {
    if (this.busy) this.busy.abort();
    this.busy = null;
    this.turns = [];
    this.doc = "";
    this.docSelect.value = "";
    while (this.log.firstChild) this.log.removeChild(this.log.firstChild);
    this.renderStarters();
    this.setBusy(false);
    this.save();
    this.input.value = "";
    this.input.focus();
  };

  Widget.prototype.renderStarters = function () {
    var t = this.t, self = this;
    if (this.starters) this.starters.remove();
    this.starters = null;
    if (this.turns.length) return;
    var questions = STARTERS[this.lang].concat(STARTERS[this.lang === "zh" ? "en" : "zh"]);
    this.starters = h("li", { "class": "intro-item" }, [
      h("p", { "class": "intro", text: this.many() ? t.introMany : t.intro }),
      h("div", { "class": "starters", role: "group", "aria-labelledby": "bqa-starters" },
        [h("h3", { id: "bqa-starters", text: t.starters })].concat(questions.map(function (q) {
          return h("button", { type: "button", "class": "starter", lang: /[\u4e00-\u9fff]/.test(q) ? "zh-CN" : "en", text: q, onclick: function () { self.ask(q); self.input.focus(); } });
        })))
    ]);
    this.log.insertBefore(this.starters, this.log.firstChild);
  };

  Widget.prototype.newTurn = function (question, doc) {
    var turn = { id: "bqa-t" + (++this.seq), question: question, doc: doc || "", answer: "", answerable: true,
                 citations: [], passages: [], state: "searching", error: null, resolved: "" };
    var t = this.t;
    this.turns.push(turn);
    turn.answerEl = h("p", { "class": "answer" });
    // "理解为：…" under an answer to a rewritten follow-up; announced with the answer.
    turn.resolvedEl = h("p", { "class": "resolved", hidden: true });
    turn.shownResolved = "";
    turn.live = h("div", { "aria-live": "polite", "aria-busy": "true" }, [h("span", { "class": "sr", text: t.bot }), turn.answerEl, turn.resolvedEl]);
    turn.extra = h("div", { "class": "extra" });
    turn.bubble = h("div", { "class": "a" }, [turn.live, turn.extra]);
    turn.el = h("li", { "class": "turn", id: turn.id }, [
      h("p", { "class": "q" }, [h("span", { "class": "sr", text: t.you }), question]), turn.bubble]);
    this.log.appendChild(turn.el);
    if (this.starters) { this.starters.remove(); this.starters = null; }
    return turn;
  };

  Widget.prototype.setBusy = function (busy) {
    this.sendButton.disabled = busy;
    this.sendButton.setAttribute("aria-busy", busy ? "true" : "false");
  };

  Widget.prototype.submit = function () {
    var question = this.input.value.trim();
    if (!question || this.busy) return;
    this.input.value = "";
    this.ask(question);
  };

  // ---- documents ------------------------------------------------------------------

  /** GET /v1/documents, once (again on the next opening if it failed). Until it answers, or
      when it cannot, the widget behaves as with one document: no picker, no titles. */
  Widget.prototype.loadDocuments = function () {
    var self = this;
    if (this.docsAsked) return;
    this.docsAsked = true;
    fetch(this.endpoint + "/v1/documents", { mode: "cors", credentials: "omit", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (body) {
        var docs = (body && Array.isArray(body.documents) ? body.documents : []).filter(function (d) {
          return d && typeof d.doc_id === "string" && d.doc_id;
        });
        self.setDocuments(docs);
      })
      .catch(function () { self.docsAsked = false; });
  };

  Widget.prototype.many = function () { return !!this.docs && this.docs.length > 1; };

  Widget.prototype.known = function (docId) {
    return !!docId && !!this.docs && this.docs.some(function (d) { return d.doc_id === docId; });
  };

  /** The doc_id to ask about: the picker's choice, if the index still holds that document. */
  Widget.prototype.chosenDoc = function () { return this.many() && this.known(this.doc) ? this.doc : ""; };

  Widget.prototype.askBody = function (turn) {
    var body = { question: turn.question, k: this.k, stream: true };
    // A list, so that an id holding a comma stays one id.
    if (turn.doc) body.doc = [turn.doc];
    var history = this.historyBefore(turn);
    while (history.length) {
      body.history = history;
      if (utf8Bytes(JSON.stringify(body)) <= HISTORY_BODY_BYTES) break;
      history = history.slice(1);  // the oldest turns go first: a follow-up leans on the newest
    }
    if (!history.length) delete body.history;
    return body;
  };

  /** The turns answered before `turn` in this conversation, oldest first, as POST /v1/ask
      takes them; turns that failed (or were cut off by a reload) are not sent. */
  Widget.prototype.historyBefore = function (turn) {
    var end = this.turns.indexOf(turn);
    return this.turns.slice(0, end < 0 ? this.turns.length : end).filter(function (t) {
      return t.state === "done" && t.question.trim();
    }).slice(-HISTORY_TURNS).map(function (t) {
      var answer = t.answer.length > HISTORY_ANSWER_CHARS ? Array.from(t.answer).slice(0, HISTORY_ANSWER_CHARS).join("") : t.answer;
      return { question: t.question.trim().slice(0, 500), answer: answer, citations: chunkIds(t.citations) };
    });
  };

  Widget.prototype.setDocuments = function (docs) {
    var t = this.t, self = this, many;
    this.docs = docs;
    many = this.many();
    var select = this.docSelect;
    while (select.options.length > 1) select.remove(1);
    if (many) {
      docs.forEach(function (d) {
        var title = typeof d.doc_title === "string" && d.doc_title ? d.doc_title : d.doc_id;
        select.appendChild(h("option", { value: d.doc_id, title: title, text: title }));
      });
    }
    if (this.doc && !(many && this.known(this.doc))) {  // a document removed since: back to all
      this.doc = "";
      this.save();
    }
    select.value = this.doc;
    this.picker.hidden = !many;
    this.subtitle.textContent = many ? fill(t.subtitleMany, { n: docs.length }) : t.subtitle;
    // The answers on screen show (or stop showing) document titles; the intro follows too.
    this.turns.forEach(function (turn) { if (turn.state === "done") self.render(turn); });
    this.renderStarters();
  };

  // ---- asking ---------------------------------------------------------------------

  Widget.prototype.ask = function (question) {
    if (this.busy || !String(question).trim()) return;
    if (!this.isOpen()) this.open();
    var turn = this.newTurn(String(question).trim().slice(0, 500), this.chosenDoc());
    this.run(turn);
  };

  Widget.prototype.run = function (turn) {
    var self = this;
    var controller = new AbortController();
    var timedOut = false, timer = null;
    function arm() {
      clearTimeout(timer);
      timer = setTimeout(function () { timedOut = true; controller.abort(); }, self.timeoutS * 1000);
    }
    turn.state = "searching"; turn.answer = ""; turn.citations = []; turn.passages = []; turn.error = null; turn.resolved = "";
    this.busy = controller;
    this.setBusy(true);
    this.render(turn);
    arm();

    fetch(this.endpoint + "/v1/ask", {
      method: "POST", mode: "cors", credentials: "omit", signal: controller.signal,
      headers: { "Content-Type": "application/json", "Accept": "text/event-stream" },
      body: JSON.stringify(this.askBody(turn))
    }).then(function (response) {
      if (!response.ok) return self.refused(turn, response);
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("text/event-stream") < 0 || !response.body) {
        return response.json().then(function (reply) { self.finish(turn, reply); });
      }
      return readEvents(response.body, function (name, data) {
        arm();
        try { self.onEvent(turn, name, data); } catch (e) { throw new ProtocolError(name + ": " + e.message); }
      }, arm).then(function (finished) {
        if (!finished) self.fail(turn, { kind: "incomplete" });
      });
    }).catch(function (error) {
      if (controller.signal.aborted && !timedOut) return;  // "new conversation" cancelled it
      if (timedOut) self.fail(turn, { kind: "timeout" });
      else if (error instanceof ProtocolError || error instanceof SyntaxError) self.fail(turn, { kind: "protocol", detail: error.message });
      else if (turn.state === "writing") self.fail(turn, { kind: "incomplete" });
      else self.fail(turn, { kind: "network" });
    }).then(function () {
      clearTimeout(timer);
      if (self.busy === controller) { self.busy = null; self.setBusy(false); }
      if (turn.state !== "searching" && turn.state !== "writing") self.save();
    });
  };

  Widget.prototype.onEvent = function (turn, name, data) {
    if (name === "passages") {
      turn.passages = Array.isArray(data.passages) ? data.passages : [];
      if (typeof data.resolved_question === "string") turn.resolved = data.resolved_question;
      turn.state = "writing";
      this.render(turn);
    } else if (name === "delta") {
      if (turn.state !== "writing") { turn.state = "writing"; this.render(turn); }
      turn.answer += String(data.text || "");
      turn.answerEl.textContent = turn.answer;
    } else if (name === "citations") {
      turn.citations = Array.isArray(data.citations) ? data.citations : [];
    } else if (name === "done") {
      this.finish(turn, data);
    } else if (name === "error") {
      var err = data.error || {};
      this.fail(turn, { kind: "stream", code: err.code, detail: err.message });
    }
  };

  Widget.prototype.finish = function (turn, reply) {
    turn.answer = String(reply.answer || "");
    turn.answerable = reply.answerable !== false;
    if (Array.isArray(reply.citations)) turn.citations = reply.citations;
    if (Array.isArray(reply.passages)) turn.passages = reply.passages;
    if (typeof reply.resolved_question === "string") turn.resolved = reply.resolved_question;
    turn.state = "done";
    this.render(turn);
  };

  Widget.prototype.refused = function (turn, response) {
    var self = this;
    var wait = response.status === 429 ? retryAfterSeconds(response.headers.get("Retry-After")) : null;
    return response.json().catch(function () { return null; }).then(function (body) {
      var err = (body && body.error) || {};
      self.fail(turn, {
        kind: response.status === 429 ? "rate" : "http", status: response.status, code: err.code,
        detail: err.message || response.statusText,
        retryAt: wait === null ? 0 : Date.now() + wait * 1000
      });
      // The document asked about may have been removed from the index: list them again,
      // and the picker goes back to all documents if it is gone.
      if (response.status === 422 && turn.doc && self.docs) {
        self.docsAsked = false;
        self.loadDocuments();
      }
    });
  };

  Widget.prototype.fail = function (turn, error) {
    turn.state = "error";
    turn.error = error;
    this.render(turn);
  };

  // ---- rendering ------------------------------------------------------------------

  /** A source chip's words: the proposal and the section's own title
      ("3号建议案 · (三)提升适老化服务水平"), which say more than "(三) · 三是". */
  function chipLabel(p) {
    // A bulletin's chip names its proposal and section title ("3号建议案 · (三)提升…"); a
    // chunk of another document has no proposal: its short label is its heading path.
    var label = withoutDoc(String(p.label || ""), docOf(p));
    if (p.proposal === null || p.proposal === undefined) return p.short_label || label || p.chunk_id;
    var proposal = label.split(" · ")[0];
    var title = p.section_title || p.proposal_title || "";
    if (proposal && title && proposal !== title) return proposal + " · " + title;
    return p.short_label || label || p.chunk_id;
  }

  /** Updates a turn in place: the live region stays the same node from the first event to
      the last, so screen readers announce the answer once it is complete (aria-busy). */
  Widget.prototype.render = function (turn) {
    var t = this.t, stick = this.atBottom();
    var busy = turn.state === "searching" || turn.state === "writing";
    turn.bubble.className = "a" + (turn.state === "done" && !turn.answerable ? " declined" : "");
    turn.bubble.setAttribute("data-state", turn.state);
    if (turn.state === "done") turn.bubble.setAttribute("data-answerable", String(turn.answerable));
    else turn.bubble.removeAttribute("data-answerable");
    turn.live.setAttribute("aria-busy", busy ? "true" : "false");
    turn.answerEl.textContent = turn.answer;
    this.renderResolved(turn, turn.state === "writing" || turn.state === "done" ? rewrittenAs(turn) : "");
    var extra = turn.extra;
    while (extra.firstChild) extra.removeChild(extra.firstChild);
    if (busy) {
      extra.appendChild(h("p", { "class": "status", role: "status" }, [h("span", { "class": "spinner", "aria-hidden": "true" }), turn.state === "searching" ? (this.many() ? t.searchingMany : t.searching) : t.writing]));
    }
    if (turn.state === "done") {
      if (turn.citations.length) extra.appendChild(this.citationChips(turn));
      if (!turn.answerable && turn.passages.length) {
        extra.appendChild(this.passageChips(turn, turn.passages, this.many() ? t.nearestMany : t.nearest, "nearest"));
      } else if (turn.answerable && this.many()) {
        var close = this.closePassages(turn);
        if (close.length) extra.appendChild(this.passageChips(turn, close, t.alsoClose, "also"));
      }
    }
    if (turn.state === "error") extra.appendChild(this.errorBox(turn));
    if (busy || stick) this.log.scrollTop = this.log.scrollHeight;
  };

  /** The "理解为：…" line: rebuilt only when it changes (it is inside the live region). */
  Widget.prototype.renderResolved = function (turn, resolved) {
    var el = turn.resolvedEl;
    el.hidden = !resolved;
    if (turn.shownResolved === resolved) return;
    turn.shownResolved = resolved;
    while (el.firstChild) el.removeChild(el.firstChild);
    if (resolved) {
      el.appendChild(document.createTextNode(this.t.understood));
      el.appendChild(h("span", { lang: /[\u4e00-\u9fff]/.test(resolved) ? "zh-CN" : "en", text: resolved }));
    }
  };

  Widget.prototype.atBottom = function () {
    return this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 80;
  };

  Widget.prototype.citationChips = function (turn) {
    var self = this, labels = Object.create(null), docs = Object.create(null);
    turn.passages.forEach(function (p) {
      labels[p.chunk_id] = chipLabel(p);
      docs[p.chunk_id] = docOf(p);
    });
    var box = h("div", { "class": "cites" }, [h("h3", { text: this.t.sources })]);
    var chips = h("div", { "class": "chips" });
    var view = h("div", { "class": "src-slot" });
    turn.citations.forEach(function (citation, i) {
      var label = labels[citation.chunk_id] || citation.label || citation.chunk_id;
      var doc = docOf(citation) || docs[citation.chunk_id] || null;
      chips.appendChild(self.chip(String(label || ""), self.many() ? doc : null, turn.id + "-c" + i, view, function () {
        if (typeof citation.chunk_id !== "string" || !citation.chunk_id) {  // stored by an older version
          return Promise.resolve({ title: String(label || ""), text: String(citation.quote || ""), mark: null, doc: doc });
        }
        return self.fetchChunk(citation.chunk_id).then(function (chunk) {
          var from = docOf(chunk) || doc;
          return { title: withoutDoc(chunk.label || label, from), text: chunk.text || "", mark: highlight(chunk, citation), doc: from };
        });
      }));
    });
    box.appendChild(chips);
    box.appendChild(view);
    return box;
  };

  /** Passages of documents the answer names besides the one it cites ("…也有相近内容，见下方段落"). */
  Widget.prototype.closePassages = function (turn) {
    var cited = Object.create(null), seen = Object.create(null);
    turn.citations.forEach(function (c) { cited[c.chunk_id] = true; if (c.doc_id) cited["doc:" + c.doc_id] = true; });
    return turn.passages.filter(function (p) {
      var doc = docOf(p);
      if (!doc || cited[p.chunk_id] || cited["doc:" + doc.id] || seen[p.chunk_id]) return false;
      seen[p.chunk_id] = true;
      return turn.answer.indexOf(doc.title) >= 0;
    }).slice(0, 3);
  };

  Widget.prototype.passageChips = function (turn, passages, heading, kind) {
    var self = this;
    var box = h("div", { "class": "cites " + kind }, [h("h3", { text: heading })]);
    var chips = h("div", { "class": "chips" });
    var view = h("div", { "class": "src-slot" });
    passages.slice(0, 3).forEach(function (p, i) {
      var doc = docOf(p);
      var label = chipLabel(p);
      chips.appendChild(self.chip(label, self.many() ? doc : null, turn.id + "-" + kind.charAt(0) + i, view, function () {
        return Promise.resolve({ title: withoutDoc(p.label || label, doc), text: p.text || "", mark: null, doc: doc });
      }));
    });
    box.appendChild(chips);
    box.appendChild(view);
    return box;
  };

  /** A chip that shows (or hides) one source passage in `view`; `source()` gives it. */
  Widget.prototype.chip = function (label, doc, id, view, source) {
    var t = this.t;
    var named = doc ? doc.title + " · " + label : label;
    var button = h("button", { type: "button", "class": doc ? "chip has-doc" : "chip", "aria-expanded": "false",
                               "aria-controls": id + "-src", "aria-label": t.showSource + named },
      doc ? [h("span", { "class": "chip-doc", title: doc.title, text: shortTitle(doc.title) }),
             h("span", { "class": "chip-label", text: label })] : [label]);
    button.addEventListener("click", function () {
      var wasOpen = button.getAttribute("aria-expanded") === "true";
      Array.prototype.forEach.call(button.parentNode.children, function (other) { other.setAttribute("aria-expanded", "false"); });
      while (view.firstChild) view.removeChild(view.firstChild);
      if (wasOpen) return;
      button.setAttribute("aria-expanded", "true");
      var box = h("div", { "class": "src", id: id + "-src", role: "region", "aria-label": t.source + " · " + named }, [
        h("p", { role: "status", text: t.loadingSource })]);
      view.appendChild(box);
      source().then(function (src) {
        while (box.firstChild) box.removeChild(box.firstChild);
        if (src.doc) {
          box.appendChild(h("div", { "class": "src-doc" }, [h("span", { "class": "src-doc-title", text: src.doc.title }),
            src.doc.date ? h("span", { "class": "src-doc-date", text: " · " + src.doc.date }) : null]));
        }
        box.appendChild(h("h4", { text: src.title }));
        var text = h("p", {});
        if (src.mark) {
          text.appendChild(document.createTextNode(src.text.slice(0, src.mark[0])));
          text.appendChild(h("mark", { text: src.text.slice(src.mark[0], src.mark[1]) }));
          text.appendChild(document.createTextNode(src.text.slice(src.mark[1])));
        } else {
          text.textContent = src.text;
        }
        box.appendChild(text);
        var mark = box.querySelector("mark");
        (mark || box).scrollIntoView({ block: "nearest" });
      }, function (error) {
        while (box.firstChild) box.removeChild(box.firstChild);
        box.appendChild(h("p", { "class": "error", role: "alert", text: t.sourceFailed + (error && error.message ? error.message : "") }));
      });
    });
    return button;
  };

  Widget.prototype.fetchChunk = function (chunkId) {
    var self = this;
    if (!this.chunks[chunkId]) {
      this.chunks[chunkId] = fetch(this.endpoint + "/v1/chunks/" + encodeURIComponent(chunkId), { mode: "cors", credentials: "omit" })
        .then(function (response) {
          return response.json().catch(function () { return {}; }).then(function (body) {
            if (!response.ok) throw new Error((body.error && body.error.message) || "HTTP " + response.status);
            return body;
          });
        });
      this.chunks[chunkId].catch(function () { delete self.chunks[chunkId]; });
    }
    return this.chunks[chunkId];
  };

  Widget.prototype.errorBox = function (turn) {
    var t = this.t, self = this, error = turn.error || { kind: "incomplete" };
    var lines = [], seconds = 0;
    if (error.kind === "network") {
      lines.push(fill(t.errNetwork, { endpoint: this.endpoint }));
      if (originOf(this.endpoint) !== location.origin) lines.push(fill(t.errCors, { origin: location.origin }));
    } else if (error.kind === "timeout") {
      lines.push(fill(t.errTimeout, { s: this.timeoutS }));
    } else if (error.kind === "rate") {
      seconds = Math.max(0, Math.ceil(((error.retryAt || 0) - Date.now()) / 1000));
      lines.push(seconds ? fill(t.errRate, { s: seconds }) : t.errRateNow);
    } else if (error.kind === "http") {
      lines.push(fill(t.errHttp, { status: error.status }));
    } else if (error.kind === "stream") {
      lines.push(t.errStream);
    } else if (error.kind === "protocol") {
      lines.push(t.errProtocol);
    } else {
      lines.push(t.errIncomplete);
    }
    var retry = h("button", { type: "button", "class": "retry", text: t.retry, onclick: function () {
      if (!self.busy) self.run(turn);
    } });
    var headline = h("p", { text: lines[0] });
    var box = h("div", { "class": "error", role: "alert", "data-kind": error.kind },
      [headline].concat(lines.slice(1).map(function (line) { return h("p", { "class": "detail", text: line }); }),
        error.detail ? [h("p", { "class": "detail", text: error.detail })] : [], [retry]));
    if (seconds) {
      // Count down to Retry-After; the retry button wakes up when the wait is over.
      retry.disabled = true;
      var tick = setInterval(function () {
        box.removeAttribute("role");  // announced once; the countdown itself stays quiet
        var left = Math.max(0, Math.ceil((error.retryAt - Date.now()) / 1000));
        headline.textContent = left ? fill(t.errRate, { s: left }) : t.errRateNow;
        if (!left || !box.isConnected) { clearInterval(tick); retry.disabled = false; }
      }, 1000);
    }
    return box;
  };

  /** A label without the document title the server puts in front of it in a many-document
      index ("2026年北京市政府工作报告 · 一、…"): the citation view shows the title on its own line. */
  function withoutDoc(label, doc) {
    label = String(label);
    var prefix = doc ? doc.title + " · " : "";
    return prefix && label.indexOf(prefix) === 0 && label.length > prefix.length ? label.slice(prefix.length) : label;
  }

  /** [start, end] of the cited quote inside the chunk text, or null when it cannot be found. */
  function highlight(chunk, citation) {
    var text = String(chunk.text || ""), quote = String(citation.quote || "");
    var start = citation.start - chunk.start, end = citation.end - chunk.start;
    if (start >= 0 && end <= text.length && start < end && text.slice(start, end) === quote) return [start, end];
    var found = quote ? text.indexOf(quote) : -1;  // the chunk text is not a plain slice of the source
    return found < 0 ? null : [found, found + quote.length];
  }

  // ---- public API and automatic mounting ------------------------------------------

  function optionsFrom(script) {
    var data = (script && script.dataset) || {};
    return {
      endpoint: data.endpoint || (script && script.src ? originOf(script.src) : location.origin),
      mount: data.mount, lang: data.lang, k: data.k, timeout: data.timeout, height: data.height,
      open: data.open === "true", auto: data.auto !== "false"
    };
  }

  var defaults = optionsFrom(SCRIPT);
  var instances = [];

  function mount(target, options) {
    var merged = {}, name;
    for (name in defaults) merged[name] = defaults[name];
    for (name in options || {}) if (options[name] !== undefined) merged[name] = options[name];
    var element = typeof target === "string" ? document.querySelector(target) : target;
    if (target && !element) throw new Error("BulletinQA: no element matches " + target);
    var widget = new Widget(element || null, merged);
    var api = {
      open: function () { widget.open(); }, close: function () { widget.close(); },
      ask: function (question) { widget.ask(question); }, reset: function () { widget.reset(); },
      destroy: function () {
        if (widget.busy) widget.busy.abort();
        widget.host.remove();
        instances.splice(instances.indexOf(api), 1);
      }
    };
    instances.push(api);
    return api;
  }

  function autoMount() {
    try {
      mount(defaults.mount || null, {});
    } catch (e) {
      if (window.console) console.error(e.message);
    }
  }

  window.BulletinQA = window.BulletinQA || { version: VERSION, mount: mount, instances: instances };
  if (defaults.auto && SCRIPT) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", autoMount);
    else autoMount();
  }
})();
