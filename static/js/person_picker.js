// The person picker (pool/widgets.py): type a name, pinyin, initials, an ID tail or a
// unit; arrow keys move through the results, Enter adds, Escape closes, Backspace in
// an empty box removes the last chip. Chosen people are hidden inputs in chips.
(function () {
  "use strict";

  function init(root) {
    var input = root.querySelector("[data-picker-input]");
    var list = root.querySelector("[role=listbox]");
    var chips = root.querySelector(".person-picker-chips");
    var status = root.querySelector("[data-picker-status]");
    var preset = root.querySelector("[data-picker-preset]");
    var name = root.getAttribute("data-name");
    var multiple = root.hasAttribute("data-multiple");
    var url = root.getAttribute("data-search-url");
    var hits = [];
    var active = -1;
    var timer = null;
    var serial = 0;

    function chosenIds() {
      return Array.prototype.map.call(chips.querySelectorAll("input[type=hidden]"), function (i) {
        return i.value;
      });
    }

    function close() {
      list.classList.add("d-none");
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var items = list.querySelectorAll("[role=option]");
      items.forEach(function (item, i) {
        item.classList.toggle("active", i === index);
        item.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      }
    }

    function addChip(hit) {
      if (chosenIds().indexOf(String(hit.id)) >= 0) return;
      if (!multiple) chips.innerHTML = "";
      var li = document.createElement("li");
      li.className = "badge text-bg-light border fw-normal person-chip";
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = name;
      hidden.value = hit.id;
      var text = document.createElement("span");
      text.textContent = hit.label;
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "btn-close btn-close-sm ms-1";
      remove.setAttribute("aria-label", "移除" + hit.label);
      remove.setAttribute("data-remove-chip", "");
      li.append(hidden, text, " ", remove);
      chips.appendChild(li);
      status.textContent = "已选 " + chosenIds().length + " 人";
    }

    function choose(index) {
      var hit = hits[index];
      if (!hit) return;
      addChip(hit);
      input.value = "";
      close();
      input.focus();
    }

    function render(data) {
      hits = data.results;
      list.innerHTML = "";
      hits.forEach(function (hit, i) {
        var li = document.createElement("li");
        li.className = "list-group-item list-group-item-action py-1";
        li.id = input.id + "-option-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-index", i);
        var strong = document.createElement("strong");
        strong.textContent = hit.name;
        var meta = document.createElement("span");
        meta.className = "text-muted small ms-2";
        meta.textContent = [hit.birth_month, hit.unit_path, hit.position, hit.id_tail ? "身份证尾号" + hit.id_tail : ""]
          .filter(Boolean).join(" · ");
        li.append(strong, meta);
        if (hit.in_pool) {
          var badge = document.createElement("span");
          badge.className = "badge text-bg-success ms-2";
          badge.textContent = "库内";
          li.appendChild(badge);
        }
        list.appendChild(li);
      });
      if (multiple && hits.length > 1) {
        var all = document.createElement("li");
        all.className = "list-group-item py-1 text-end";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-link btn-sm p-0";
        button.setAttribute("data-add-all", "");
        button.textContent = "全部加入（" + hits.length + "人）";
        all.appendChild(button);
        list.appendChild(all);
      }
      status.textContent = hits.length
        ? "找到 " + hits.length + " 人" + (data.more ? "（仅显示前" + hits.length + "人，请输入更多文字缩小范围）" : "")
        : "没有找到匹配的干部";
      list.classList.toggle("d-none", !hits.length);
      input.setAttribute("aria-expanded", hits.length ? "true" : "false");
      highlight(hits.length ? 0 : -1);
    }

    function search() {
      var text = input.value.trim();
      var pool = preset && preset.value === "pool";
      if (!text && !pool) {
        hits = [];
        close();
        status.textContent = "";
        return;
      }
      var params = new URLSearchParams({ q: text });
      if (pool) params.set("pool", "1");
      chosenIds().forEach(function (id) { params.append("exclude", id); });
      var mine = ++serial;
      fetch(url + "?" + params.toString(), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) { if (mine === serial) render(data); })
        .catch(function () { if (mine === serial) status.textContent = "查找失败，请稍后重试"; });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 120);
    });
    input.addEventListener("focus", function () { if (preset && preset.value) search(); });
    if (preset) preset.addEventListener("change", search);
    input.addEventListener("keydown", function (event) {
      var open = !list.classList.contains("d-none");
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) { search(); return; }
        highlight(Math.min(active + 1, hits.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          choose(active);
        } else if (input.value.trim()) {
          event.preventDefault(); // Enter in the box never submits a half-typed name
        }
      } else if (event.key === "Escape") {
        if (open) { event.preventDefault(); close(); }
      } else if (event.key === "Backspace" && !input.value) {
        var last = chips.querySelector(".person-chip:last-child");
        if (last) last.remove();
      }
    });
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      if (event.target.closest("[data-add-all]")) {
        hits.forEach(addChip);
        input.value = "";
        close();
        input.focus();
        return;
      }
      var option = event.target.closest("[role=option]");
      if (option) choose(Number(option.getAttribute("data-index")));
    });
    chips.addEventListener("click", function (event) {
      var button = event.target.closest("[data-remove-chip]");
      if (!button) return;
      button.closest(".person-chip").remove();
      status.textContent = "已选 " + chosenIds().length + " 人";
      input.focus();
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function initAll() {
    document.querySelectorAll("[data-person-picker]").forEach(function (root) {
      if (root.hasAttribute("data-ready")) return;
      root.setAttribute("data-ready", "");
      init(root);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
  document.addEventListener("htmx:load", initAll);
})();
