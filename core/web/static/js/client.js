/* The web client's only script: small progressive enhancements of server-rendered pages.
 * Everything works without it (plain forms and links); with it the pages get drag and drop
 * between kanban columns, quick create without leaving the kanban, in-place edit of list
 * cells, live form updates (onchange), many2one autocomplete, tag chips, notebook tabs and
 * keyboard shortcuts
 * (Ctrl+S save, Esc discard). No framework, no build step. */
(function () {
  "use strict";

  const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function post(url, data) {
    const body = new URLSearchParams(data);
    body.set("csrf_token", csrf());
    return fetch(url, {
      method: "POST", body, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRF-Token": csrf() },
    }).then((response) => response.json().catch(() => ({})).then((json) => {
      if (!response.ok) { throw new Error(json.error || (json.message) || response.statusText); }
      return json;
    }));
  }

  /* Replace the element matching `selector` with the same element of a fresh copy of the page. */
  function refresh(selector) {
    return fetch(location.href, { credentials: "same-origin" }).then((r) => r.text()).then((html) => {
      const fresh = new DOMParser().parseFromString(html, "text/html").querySelector(selector);
      const current = document.querySelector(selector);
      if (fresh && current) { current.replaceWith(fresh); init(fresh); }
      return fresh;
    });
  }

  function announce(message) {
    let region = document.getElementById("live-region");
    if (!region) {
      region = document.createElement("div");
      region.id = "live-region"; region.className = "visually-hidden";
      region.setAttribute("role", "status"); document.body.appendChild(region);
    }
    region.textContent = message;
  }

  /* -- generic ----------------------------------------------------------------------- */
  function initAutosubmit(root) {
    root.querySelectorAll("[data-autosubmit]").forEach((el) => {
      el.addEventListener("change", () => el.form && el.form.requestSubmit());
    });
  }

  function initDropdowns() {
    document.addEventListener("click", (event) => {
      document.querySelectorAll("details.dropdown[open], details.quick-create[open]").forEach((d) => {
        if (!d.contains(event.target)) { d.removeAttribute("open"); }
      });
    });
  }

  function initConfirm(root) {
    root.querySelectorAll("[data-confirm]").forEach((button) => {
      button.addEventListener("click", (event) => {
        if (!window.confirm(button.dataset.confirm)) { event.preventDefault(); }
      });
    });
  }

  /* -- list ------------------------------------------------------------------------- */
  function initList(root) {
    root.querySelectorAll("tr[data-href]").forEach((row) => {
      row.addEventListener("click", (event) => {
        if (event.target.closest("a, button, input, select, textarea, label, [data-editable]")) { return; }
        location.href = row.dataset.href;
      });
    });
    const all = root.querySelector("[data-select-all]");
    const boxes = () => Array.from(root.querySelectorAll('input[name="ids"]'));
    const count = root.querySelector("[data-selection-count]");
    const update = () => {
      const n = boxes().filter((b) => b.checked).length;
      if (count) { count.hidden = !n; count.textContent = n ? n + " \u2713" : ""; }
    };
    if (all) {
      all.addEventListener("change", () => { boxes().forEach((b) => { b.checked = all.checked; }); update(); });
    }
    boxes().forEach((b) => b.addEventListener("change", update));
    root.querySelectorAll("td[data-editable]").forEach((cell) => {
      cell.tabIndex = 0;
      cell.addEventListener("dblclick", () => editCell(cell));
      cell.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && event.target === cell) { event.preventDefault(); editCell(cell); }
      });
    });
  }

  function editCell(cell) {
    if (cell.querySelector("input")) { return; }
    const table = cell.closest("table");
    const row = cell.closest("tr");
    const before = cell.innerHTML;
    const options = cell.dataset.options ? JSON.parse(cell.dataset.options) : null;
    const input = document.createElement(options ? "select" : "input");
    if (options) {
      options.forEach(([value, label]) => input.add(new Option(label, value)));
    } else {
      input.type = cell.dataset.editable === "date" ? "date" : "text";
    }
    input.className = "cell-input";
    input.value = cell.dataset.raw || "";
    input.setAttribute("aria-label", (table.querySelectorAll("thead th")[cell.cellIndex] || {}).textContent || "");
    cell.innerHTML = ""; cell.appendChild(input); input.focus();
    if (input.select && !options) { input.select(); }
    const cancel = () => { cell.innerHTML = before; cell.classList.remove("cell-error"); cell.focus(); };
    const save = () => post(table.dataset.writeUrl, { id: row.dataset.id, field: cell.dataset.field, value: input.value })
      .then((json) => { cell.textContent = json.display; cell.dataset.raw = json.raw; cell.classList.remove("cell-error"); cell.focus(); })
      .catch((error) => { cell.classList.add("cell-error"); input.title = error.message; announce(error.message); });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); save(); }
      if (event.key === "Escape") { event.preventDefault(); event.stopPropagation(); cancel(); }
    });
    if (options) { input.addEventListener("change", save); }
    input.addEventListener("blur", () => { if (cell.contains(input) && !cell.classList.contains("cell-error")) { cancel(); } });
  }

  /* -- kanban ------------------------------------------------------------------------ */
  function initKanban(root) {
    const board = root.matches && root.matches("[data-kanban]") ? root : root.querySelector("[data-kanban]");
    if (!board) { return; }
    let dragged = null;
    board.querySelectorAll('.kanban-card[draggable="true"]').forEach((card) => {
      card.addEventListener("dragstart", (event) => {
        dragged = card; card.classList.add("is-dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", card.dataset.id);
      });
      card.addEventListener("dragend", () => { card.classList.remove("is-dragging"); dragged = null; });
    });
    board.querySelectorAll(".kanban-column").forEach((column) => {
      column.addEventListener("dragover", (event) => {
        if (!dragged) { return; }
        event.preventDefault(); column.classList.add("is-drop-target");
      });
      column.addEventListener("dragleave", (event) => {
        if (!column.contains(event.relatedTarget)) { column.classList.remove("is-drop-target"); }
      });
      column.addEventListener("drop", (event) => {
        event.preventDefault(); column.classList.remove("is-drop-target");
        const card = dragged;
        if (!card || card.closest(".kanban-column") === column) { return; }
        const zone = column.querySelector("[data-drop-zone]");
        const origin = card.parentElement;
        if (zone) { zone.prepend(card); }
        post(board.dataset.moveUrl, { id: card.dataset.id, field: board.dataset.groupField, value: column.dataset.value })
          .then(() => { announce(card.getAttribute("aria-label") + " \u2192 " + column.getAttribute("aria-label")); return refresh("[data-kanban]"); })
          .catch((error) => { origin.prepend(card); window.alert(error.message); });
      });
    });
    board.querySelectorAll("form[data-quick-create]").forEach((form) => {
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const column = form.closest(".kanban-column").getAttribute("aria-label");
        post(form.action, Object.fromEntries(new FormData(form)))
          .then(() => refresh("[data-kanban]"))
          .then((fresh) => {
            const again = fresh && Array.from(fresh.querySelectorAll(".kanban-column"))
              .find((c) => c.getAttribute("aria-label") === column);
            const details = again && again.querySelector("details.quick-create");
            if (details) { details.open = true; details.querySelector('input[name="name"]').focus(); }
          })
          .catch((error) => window.alert(error.message));
      });
    });
    board.querySelectorAll("details.quick-create").forEach((details) => {
      details.addEventListener("toggle", () => {
        if (details.open) { details.querySelector('input[name="name"]').focus(); }
      });
    });
  }

  /* -- form ------------------------------------------------------------------------- */
  function initForm(root) {
    const form = root.querySelector("#record-form");
    if (!form) { return; }
    form.addEventListener("change", (event) => {
      const field = event.target.dataset && event.target.dataset.field || event.target.name;
      if (!field || field.indexOf(".") !== -1 || field.startsWith("__")) { return; }
      const data = new FormData(form);
      data.set("__changed", field);
      data.set("__id", form.dataset.recordId || "");
      post(form.dataset.onchangeUrl, data).then((json) => applyOnchange(form, json)).catch(() => {});
    });
    form.querySelectorAll("[data-notebook]").forEach(initNotebook);
    form.querySelectorAll("select[data-m2o]").forEach((select) => initMany2one(form, select));
    form.querySelectorAll("select[data-m2m-tags]").forEach((select) => initTags(form, select));
  }

  /* -- many2one: a text box that finds the record by its name (name_search) ----------- */
  function initMany2one(form, select) {
    const input = document.createElement("input");
    const list = document.createElement("ul");
    const box = document.createElement("div");
    box.className = "m2o";
    input.type = "text"; input.className = "m2o-input"; input.autocomplete = "off";
    input.id = select.id; select.id = select.id + "-value";
    input.setAttribute("role", "combobox"); input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false"); input.setAttribute("aria-controls", input.id + "-list");
    ["aria-required", "aria-describedby", "aria-invalid"].forEach((name) => {
      if (select.hasAttribute(name)) { input.setAttribute(name, select.getAttribute(name)); }
    });
    list.id = input.id + "-list"; list.className = "m2o-list"; list.hidden = true;
    list.setAttribute("role", "listbox");
    const label = document.querySelector('label[for="' + input.id + '"]');
    if (label) { list.setAttribute("aria-label", label.textContent.trim()); }
    select.hidden = true; select.tabIndex = -1; select.removeAttribute("aria-required");
    select.before(box); box.append(input, list, select);
    let timer = 0, active = -1, items = [], sequence = 0;
    const shown = () => { const o = select.selectedOptions[0]; return o && o.value ? o.textContent : ""; };
    const close = () => { list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); active = -1; };
    const mark = (index) => {
      active = index;
      Array.from(list.querySelectorAll('[role="option"]')).forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
      if (index >= 0) { input.setAttribute("aria-activedescendant", list.id + "-" + index); }
    };
    const choose = (id, name) => {
      if (id && !Array.from(select.options).some((o) => o.value === String(id))) { select.add(new Option(name, id)); }
      select.value = String(id); input.value = name; close();
      select.dispatchEvent(new Event("change", { bubbles: true }));
    };
    const show = (json) => {
      items = json.results || []; list.textContent = "";
      items.forEach(([id, name], index) => {
        const li = document.createElement("li");
        li.id = list.id + "-" + index; li.setAttribute("role", "option"); li.textContent = name;
        li.addEventListener("mousedown", (event) => { event.preventDefault(); choose(id, name); });
        list.appendChild(li);
      });
      const note = !items.length ? form.dataset.m2oNone : (json.more ? form.dataset.m2oMore : "");
      if (note) { const li = document.createElement("li"); li.className = "m2o-note"; li.textContent = note; list.appendChild(li); }
      list.hidden = false; input.setAttribute("aria-expanded", "true"); mark(items.length ? 0 : -1);
    };
    /* Each search is numbered: an answer that arrives after a newer search or after the
       user left the field is dropped. ``pickFirst``: Enter was pressed before the list came. */
    const search = (pickFirst) => {
      clearTimeout(timer);
      const asked = ++sequence;
      const data = new FormData(form);
      data.set("__field", select.name); data.set("__q", input.value); data.set("__id", form.dataset.recordId || "");
      post(form.dataset.m2oUrl, data).then((json) => {
        if (asked !== sequence) { return; }
        const found = json.results || [];
        if (pickFirst && found.length) { choose(found[0][0], found[0][1]); } else { show(json); }
      }).catch(() => { if (asked === sequence) { close(); } });
    };
    input.value = shown();
    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => search(false), 150); });
    input.addEventListener("focus", () => input.select());
    input.addEventListener("blur", () => {
      clearTimeout(timer); sequence += 1; close();
      if (!input.value.trim() && select.value) { choose("", ""); } else { input.value = shown(); }
    });
    input.addEventListener("keydown", (event) => {
      const open = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!open) { search(false); return; }
        const step = event.key === "ArrowDown" ? 1 : -1;
        if (items.length) { mark((active + step + items.length) % items.length); }
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault(); choose(items[active][0], items[active][1]);
      } else if (event.key === "Enter" && input.value.trim() && input.value !== shown()) {
        event.preventDefault(); search(true);     /* typed but not chosen yet: not saved as is */
      } else if (event.key === "Escape" && open) {
        event.preventDefault(); event.stopPropagation(); close(); input.value = shown();
      }
    });
    select.addEventListener("m2o:sync", () => { input.value = shown(); });
  }

  /* -- many2many tags: chips with a remove button and a text box that adds one -------- */
  function initTags(form, select) {
    const box = document.createElement("div");
    const chips = document.createElement("span");
    const input = document.createElement("input");
    const list = document.createElement("ul");
    box.className = "m2m-tags"; chips.className = "tags";
    input.type = "text"; input.className = "m2m-input"; input.autocomplete = "off";
    input.id = select.id; select.id = select.id + "-value";
    input.setAttribute("role", "combobox"); input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false"); input.setAttribute("aria-controls", input.id + "-list");
    if (select.hasAttribute("aria-describedby")) { input.setAttribute("aria-describedby", select.getAttribute("aria-describedby")); }
    list.id = input.id + "-list"; list.className = "m2o-list"; list.hidden = true; list.setAttribute("role", "listbox");
    const label = document.querySelector('label[for="' + input.id + '"]');
    const name = label ? label.textContent.trim() : "";
    if (name) { list.setAttribute("aria-label", name); }
    select.hidden = true; select.tabIndex = -1;
    select.before(box); box.append(chips, input, list, select);
    let active = -1, items = [];
    const removeLabel = form.dataset.tagRemove || "Remove";
    const changed = () => { select.dispatchEvent(new Event("change", { bubbles: true })); draw(); };
    const draw = () => {
      chips.textContent = "";
      Array.from(select.selectedOptions).forEach((option) => {
        const chip = document.createElement("span");
        const remove = document.createElement("button");
        chip.className = "tag color-" + (parseInt(option.value, 10) % 10);
        chip.textContent = option.textContent;
        remove.type = "button"; remove.className = "tag-remove"; remove.textContent = "×";
        remove.setAttribute("aria-label", removeLabel + ": " + option.textContent);
        remove.addEventListener("click", () => { option.selected = false; changed(); input.focus(); });
        chip.appendChild(remove); chips.appendChild(chip);
      });
    };
    const close = () => { list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); active = -1; };
    const mark = (index) => {
      active = index;
      Array.from(list.children).forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
      if (index >= 0) { input.setAttribute("aria-activedescendant", list.id + "-" + index); }
    };
    const add = (option) => { option.selected = true; input.value = ""; close(); changed(); };
    const show = () => {
      const text = input.value.trim().toLowerCase();
      items = Array.from(select.options).filter((o) => !o.selected && o.textContent.toLowerCase().includes(text)).slice(0, 8);
      list.textContent = "";
      items.forEach((option, index) => {
        const li = document.createElement("li");
        li.id = list.id + "-" + index; li.setAttribute("role", "option"); li.textContent = option.textContent;
        li.addEventListener("mousedown", (event) => { event.preventDefault(); add(option); });
        list.appendChild(li);
      });
      list.hidden = !items.length; input.setAttribute("aria-expanded", String(!!items.length)); mark(items.length ? 0 : -1);
    };
    input.addEventListener("input", show);
    input.addEventListener("blur", () => { close(); input.value = ""; });
    input.addEventListener("keydown", (event) => {
      const open = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!open) { show(); return; }
        const step = event.key === "ArrowDown" ? 1 : -1;
        if (items.length) { mark((active + step + items.length) % items.length); }
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault(); add(items[active]);
      } else if (event.key === "Enter" && input.value.trim()) {
        event.preventDefault(); show();           /* a tag is added by choosing it */
      } else if (event.key === "Escape" && open) {
        event.preventDefault(); event.stopPropagation(); close();
      } else if (event.key === "Backspace" && !input.value && select.selectedOptions.length) {
        const options = select.selectedOptions; options[options.length - 1].selected = false; changed();
      }
    });
    draw();
  }

  function applyOnchange(form, json) {
    Object.entries(json.values || {}).forEach(([name, value]) => {
      form.querySelectorAll('[name="' + name + '"]').forEach((el) => {
        if (el === document.activeElement || el.type === "radio" || el.multiple) { return; }
        if (el.type === "checkbox") { el.checked = value.input === "True" || value.input === "1"; }
        else if (el.matches("select[data-m2o]")) {
          if (el.parentElement.contains(document.activeElement)) { return; }   /* being typed in */
          if (value.input && !Array.from(el.options).some((o) => o.value === value.input)) { el.add(new Option(value.display, value.input)); }
          el.value = value.input; el.dispatchEvent(new Event("m2o:sync"));
        }
        else { el.value = value.input; }
      });
      form.querySelectorAll('output[data-field="' + name + '"]').forEach((el) => { el.textContent = value.display; });
    });
    Object.entries(json.modifiers || {}).forEach(([name, mods]) => {
      const el = form.querySelector('[data-field="' + name + '"]');
      const row = el && el.closest(".o-field-row");
      if (row) { row.hidden = mods.invisible; row.classList.toggle("is-required", mods.required); }
    });
    if (json.warning && json.warning.message) { window.alert(json.warning.title + "\n\n" + json.warning.message); }
  }

  function initNotebook(notebook) {
    const pages = Array.from(notebook.querySelectorAll(":scope > [data-page]"));
    if (pages.length < 2) { return; }
    const list = document.createElement("div");
    list.className = "tablist"; list.setAttribute("role", "tablist");
    const select = (index, focus) => pages.forEach((page, i) => {
      const tab = list.children[i];
      page.hidden = i !== index;
      tab.setAttribute("aria-selected", String(i === index)); tab.tabIndex = i === index ? 0 : -1;
      if (focus && i === index) { tab.focus(); }
    });
    pages.forEach((page, index) => {
      const title = page.querySelector(".notebook-title");
      const tab = document.createElement("button");
      tab.type = "button"; tab.setAttribute("role", "tab"); tab.id = "tab-btn-" + page.id;
      tab.setAttribute("aria-controls", page.id); tab.textContent = title ? title.textContent : "";
      page.setAttribute("role", "tabpanel"); page.setAttribute("aria-labelledby", tab.id);
      tab.addEventListener("click", () => select(index, false));
      tab.addEventListener("keydown", (event) => {
        const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
        if (step) { event.preventDefault(); select((index + step + pages.length) % pages.length, true); }
      });
      list.appendChild(tab);
    });
    notebook.prepend(list); notebook.classList.add("is-tabbed");
    const invalid = pages.findIndex((p) => p.querySelector('[aria-invalid="true"]'));
    select(Math.max(invalid, 0), false);
  }

  /* -- keyboard ------------------------------------------------------------------------ */
  function initKeys() {
    document.addEventListener("keydown", (event) => {
      const form = document.getElementById("record-form");
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s" && form) {
        event.preventDefault(); form.requestSubmit();
      } else if (event.altKey && !event.ctrlKey && !event.metaKey && /^Key[A-Z]$/.test(event.code)) {
        /* Odoo's hotkeys: alt+n / alt+p on the pager, alt+c for New (the code, not the key:
           alt+n types "~" on some keyboard layouts) */
        const target = document.querySelector('[data-hotkey="alt+' + event.code.slice(3).toLowerCase() + '"]');
        if (target) { event.preventDefault(); target.click(); }
      } else if (event.key === "Escape" && form && !event.defaultPrevented) {
        if (document.querySelector("details[open]")) { return; }
        const discard = document.querySelector("[data-discard]");
        if (discard) { event.preventDefault(); location.href = discard.href; }
      }
    });
  }

  function init(root) {
    initAutosubmit(root); initConfirm(root); initList(root); initKanban(root); initForm(root);
  }

  document.addEventListener("DOMContentLoaded", () => {
    init(document); initDropdowns(); initKeys();
    document.documentElement.dataset.ready = "1";   /* lets tests wait for the script */
  });
})();
