// RunCoach page script: the chat box talks to POST /api/chat; everything else works without it.
"use strict";

(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || "";

  function bubble(log, text, who) {
    const p = document.createElement("p");
    p.className = who;
    p.textContent = text;
    log.appendChild(p);
    log.scrollTop = log.scrollHeight;
    return p;
  }

  async function send(form, log, body) {
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const response = await fetch("/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        credentials: "same-origin",
        body: JSON.stringify(body),
      });
      const data = await response.json();
      if (!response.ok) {
        bubble(log, data.detail || "…", "coach");
        return;
      }
      bubble(log, data.reply, "coach");
      for (const row of data.buttons || []) {
        const holder = document.createElement("div");
        holder.className = "buttons";
        for (const b of row) {
          const el = document.createElement("button");
          el.type = "button";
          el.className = "secondary";
          el.textContent = b.label;
          el.addEventListener("click", () => {
            holder.remove();
            bubble(log, b.label, "me");
            send(form, log, { action: b.action });
          });
          holder.appendChild(el);
        }
        log.appendChild(holder);
      }
      if (data.plan_changed) {
        const week = document.getElementById("week");
        if (week) week.classList.add("stale");
      }
    } catch (err) {
      bubble(log, String(err), "coach");
    } finally {
      button.disabled = false;
    }
  }

  for (const form of document.querySelectorAll("form.chat-form")) {
    const log = form.parentElement.querySelector(".chat-log");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const input = form.querySelector('input[name="text"]');
      const text = input.value.trim();
      if (!text) return;
      bubble(log, text, "me");
      input.value = "";
      send(form, log, { text });
    });
  }

  for (const input of document.querySelectorAll("input.copy")) {
    input.addEventListener("focus", () => input.select());
  }
})();
