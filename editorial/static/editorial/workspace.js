// The workspace's drag and drop (SortableJS): entries within and between columns, and the
// columns themselves; each drop posts the whole order to the issue_reorder service. Without
// JavaScript the handles stay hidden and each entry's form (column, order) does the same.
"use strict";

// 编辑: the entry's form page (what the link opens without JavaScript) fetched, and its form
// shown in place under the entry; its 责任编辑 becomes the admin's autocomplete.
function openEntryForm(link) {
  const entry = link.closest(".ws-entry");
  const open = entry.querySelector("form.ws-edit");
  if (open) {
    open.remove();
    return;
  }
  fetch(link.href, { credentials: "same-origin" })
    .then(function (response) { return response.text(); })
    .then(function (html) {
      const page = new DOMParser().parseFromString(html, "text/html");
      const form = page.querySelector("form.ws-edit");
      if (!form) {
        window.location.href = link.href;
        return;
      }
      entry.appendChild(document.adoptNode(form));
      form.querySelector(".ws-cancel").addEventListener("click", function (event) {
        event.preventDefault();
        form.remove();
      });
      if (window.django && django.jQuery && django.jQuery.fn.djangoAdminSelect2) {
        django.jQuery(form).find(".admin-autocomplete").djangoAdminSelect2();
      }
      form.querySelector("input[name=title]").focus();
    });
}

document.addEventListener("click", function (event) {
  const link = event.target.closest("a.ws-edit-link");
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  openEntryForm(link);
});

document.addEventListener("DOMContentLoaded", function () {
  const toc = document.getElementById("ws-toc");
  if (!toc || !toc.dataset.orderUrl || typeof Sortable === "undefined") return;
  document.body.classList.add("ws-js");
  const status = toc.querySelector(".ws-order-status");
  const token = document.querySelector("[name=csrfmiddlewaretoken]").value;

  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle("ws-error", Boolean(isError));
  }

  function layout() {
    return Array.from(toc.querySelectorAll("#ws-sections > .ws-section")).map(function (section) {
      return {
        column: Number(section.dataset.column),
        articles: Array.from(section.querySelectorAll(".ws-entry")).map(function (entry) {
          return Number(entry.dataset.article);
        }),
      };
    });
  }

  function save() {
    say(toc.dataset.savingText || "…");
    fetch(toc.dataset.orderUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ version: Number(toc.dataset.version), sections: layout() }),
    })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (result) {
        if (!result.ok) {
          say(result.body.detail, true);
          return;
        }
        toc.dataset.version = result.body.version;
        document.querySelectorAll("[data-issue-version]").forEach(function (input) {
          input.value = result.body.version;
        });
        Object.entries(result.body.articles || {}).forEach(function ([pk, version]) {
          const input = document.querySelector('[data-article-version="' + pk + '"]');
          if (input) input.value = version;
        });
        say(result.body.message);
      })
      .catch(function () { say(toc.dataset.failedText || "!", true); });
  }

  // The fallback (mouse and touch events, not the browser's own drag and drop) behaves the
  // same in every browser, and under a test's simulated mouse.
  const common = { animation: 150, forceFallback: true, onEnd: save };
  Sortable.create(document.getElementById("ws-sections"), Object.assign({
    draggable: ".ws-section", handle: ".ws-section-handle",
  }, common));
  toc.querySelectorAll("#ws-sections .ws-entries").forEach(function (list) {
    Sortable.create(list, Object.assign({ group: "entries", handle: ".ws-handle" }, common));
  });
  const unlisted = toc.querySelector(".ws-unlisted .ws-entries");
  if (unlisted) {
    // An unlisted article may be dragged into a column; nothing is dragged back out of the 目录.
    Sortable.create(unlisted, Object.assign({
      group: { name: "entries", put: false }, handle: ".ws-handle",
    }, common));
  }
});
