// Live updates for the console's pages: one server-sent event stream (/live) carries every Kafka message the console
// reads; each page decides what a message changes. No framework: the pages are rendered by the server, and this
// script only fetches fragments again or adds rows.
(function () {
  "use strict";

  function debounced(wait, action) {
    const timers = new Map();
    return function (key) {
      clearTimeout(timers.get(key));
      timers.set(key, setTimeout(function () { timers.delete(key); action(key); }, wait));
    };
  }

  // onOpen runs each time the stream (re)connects: what changed before then reached no one, so pages look again.
  function connect(onMessage, onOpen) {
    const indicator = document.getElementById("live-state");
    const source = new EventSource("/live");
    source.addEventListener("open", function () {
      if (indicator) indicator.textContent = "live";
      if (onOpen) onOpen();
    });
    source.addEventListener("error", function () { if (indicator) indicator.textContent = "reconnecting"; });
    source.addEventListener("message", function (event) { onMessage(JSON.parse(event.data)); });
  }

  function fragment(html) {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function sagaList() {
    const table = document.getElementById("saga-list");
    const body = table.querySelector("tbody");
    const filter = new URLSearchParams();
    [["state", "filterState"], ["customer", "filterCustomer"], ["rejectionReason", "filterReason"]].forEach(function (pair) {
      const value = table.dataset[pair[1]];
      if (value) filter.set(pair[0], value);
    });
    const insertNew = table.dataset.liveInsert === "true";

    const refreshRow = debounced(300, function (orderId) {
      const query = new URLSearchParams(filter);
      query.set("orderId", orderId);
      fetch("/sagas/row?" + query).then(function (response) {
        if (response.status !== 200) return null;
        return response.text();
      }).then(function (html) {
        if (!html) return;
        const row = fragment("<table><tbody>" + html + "</tbody></table>").querySelector("tr");
        const existing = body.querySelector('tr[data-order="' + CSS.escape(orderId) + '"]');
        if (existing) {
          existing.replaceWith(row);
        } else if (insertNew) {
          body.prepend(row);
          const empty = document.getElementById("no-sagas");
          if (empty) empty.remove();
        } else {
          return;
        }
        row.classList.add("fresh");
      });
    });
    // At most once a second, even while messages never stop (a debounce would never fire under load).
    let countsDue = false;
    function refreshCounts() {
      if (countsDue) return;
      countsDue = true;
      setTimeout(function () {
        countsDue = false;
        fetch("/sagas/counts").then(function (response) { return response.text(); }).then(function (html) {
          document.getElementById("counts").replaceWith(fragment(html));
        });
      }, 1000);
    }
    connect(function (message) {
      if (message.key) refreshRow(message.key);
      refreshCounts();
    }, refreshCounts);
  }

  function sagaPage() {
    const orderId = document.body.dataset.order;
    const sagaId = document.body.dataset.saga;
    const refresh = debounced(300, function () {
      fetch("/sagas/" + sagaId + "/panel").then(function (response) { return response.text(); }).then(function (html) {
        const open = Array.from(document.querySelectorAll("#panel details")).map(function (d) { return d.open; });
        document.getElementById("panel").replaceWith(fragment(html));
        document.querySelectorAll("#panel details").forEach(function (d, i) { d.open = !!open[i]; });
      });
    });
    connect(function (message) { if (message.key === orderId) refresh("panel"); }, function () { refresh("panel"); });
  }

  function waitingPage() {
    const orderId = document.body.dataset.order;
    function look() {
      fetch("/orders/" + orderId).then(function (response) {
        if (response.redirected && response.url.indexOf("/sagas/") >= 0) window.location = response.url;
      });
    }
    const lookSoon = debounced(200, look);
    connect(function (message) { if (message.key === orderId) lookSoon("order"); }, look);
    setInterval(look, 2000);
  }

  function messageTail() {
    const body = document.querySelector("#tail tbody");
    const form = document.getElementById("tail-filters");
    const topics = Array.from(form.querySelectorAll('input[name="topic"]:checked')).map(function (box) { return box.value; });
    const key = form.querySelector('input[name="key"]').value.trim();
    const deadLettersOnly = form.querySelector('input[name="deadLetters"]').checked;
    const pauseButton = document.getElementById("pause");
    const pausedCount = document.getElementById("paused-count");
    const held = [];
    let paused = false;

    function cell(row, text, className) {
      const td = document.createElement("td");
      if (className) td.className = className;
      td.textContent = text;
      row.appendChild(td);
      return td;
    }

    function show(message) {
      const deadLetter = message.topic.endsWith(".DLT");
      const row = document.createElement("tr");
      row.className = "message fresh" + (deadLetter ? " dead-letter" : "");
      cell(row, new Date(message.timestamp).toISOString().substring(11, 23));
      cell(row, message.topic);
      cell(row, message.partition + "@" + message.offset);
      const keyCell = cell(row, "", "mono");
      const link = document.createElement("a");
      link.href = "/orders/" + encodeURIComponent(message.key || "");
      link.textContent = message.key || "";
      keyCell.appendChild(link);
      cell(row, message.headers.message_type || "");
      const details = cell(row, "");
      if (deadLetter) {
        const reason = document.createElement("span");
        reason.className = "reason";
        reason.textContent = message.headers["kafka_dlt-exception-message"] || "";
        details.appendChild(reason);
      }
      const more = document.createElement("details");
      const summary = document.createElement("summary");
      summary.textContent = "headers and payload";
      const headers = document.createElement("dl");
      headers.className = "headers";
      Object.keys(message.headers).forEach(function (name) {
        const dt = document.createElement("dt");
        dt.textContent = name;
        const dd = document.createElement("dd");
        dd.className = "mono";
        dd.textContent = message.headers[name];
        headers.append(dt, dd);
      });
      const payload = document.createElement("pre");
      payload.className = "payload";
      payload.textContent = message.payload;
      more.append(summary, headers, payload);
      details.appendChild(more);
      body.prepend(row);
      while (body.rows.length > 500) body.deleteRow(body.rows.length - 1);
    }

    pauseButton.addEventListener("click", function () {
      paused = !paused;
      pauseButton.textContent = paused ? "Resume" : "Pause";
      if (!paused) {
        held.splice(0).forEach(show);
      }
      pausedCount.textContent = "";
    });
    connect(function (message) {
      if (topics.length > 0 && topics.indexOf(message.topic) < 0) return;
      if (key && message.key !== key) return;
      if (deadLettersOnly && !message.topic.endsWith(".DLT")) return;
      if (paused) {
        held.push(message);
        pausedCount.textContent = held.length + " new while paused";
      } else {
        show(message);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const page = document.body.dataset.live;
    if (page === "sagas") sagaList();
    if (page === "saga") sagaPage();
    if (page === "waiting") waitingPage();
    if (page === "messages") messageTail();
  });
})();
