/*
 * Sorting and filtering of the council tables, written for this site (no
 * library, nothing from a CDN). The tables are complete without it.
 *
 * - table[data-sortable]: each column heading with data-sort-type becomes a
 *   button (a heading with a link keeps it, with a sort button beside); rows sort by the cells' data-sort value (else their text), with
 *   aria-sort on the heading. The original order breaks ties.
 * - ul.history-years (the history index): an address with the anchor of a
 *   record from another year (links from when all records were on one page)
 *   goes on to that year's page and record.
 * - form[data-filters-for=<table id>]: shown when this script runs; filters
 *   rows by region (tr[data-region]) and by the grade (td[data-grade]) in the
 *   chosen judgement's column. The choice is kept in the address (?region=...)
 *   so a filtered view can be shared.
 *
 * - nav.grade-filter a[data-grade-filter]: links to the ratings page's lists
 *   of councils by overall grade; with this script they set the filter form
 *   to that overall grade (or, with an empty value, clear it) instead.
 * - form[data-history-filters]: shown when this script runs; hides the
 *   history's entries (li[data-region][data-kind]) outside the chosen region
 *   and kind, and months left empty.
 * - .council-finder (home page): a "Find your council" box that filters the
 *   list of councils (li[data-names]) as you type, with the number of
 *   matches announced politely. Without this script the list is a plain one.
 * - .table-wrap (and Material's .md-typeset__scrollwrap): a table wider than
 *   its box gets data-overflow="right|both|left" (which edge has more), a
 *   visible "scroll sideways" hint and shadow, and is made focusable so the
 *   arrow keys scroll it; a table that fits gets neither.
 *
 * Material's instant navigation swaps pages without reloading, so set-up runs
 * on each page through its `document$` observable when present.
 */
(function () {
  "use strict";

  function cellValue(row, index, type) {
    var cell = row.cells[index];
    if (!cell) return type === "number" ? Infinity : "";
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (type === "number") {
      var n = parseFloat(raw);
      return isNaN(n) ? Infinity : n;
    }
    return raw.toLowerCase();
  }

  function compare(a, b, type) {
    if (type === "number") return a - b;
    return a.localeCompare(b, "en");
  }

  function sortBy(table, header, index) {
    var type = header.getAttribute("data-sort-type") || "text";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (row) {
      return { row: row, key: cellValue(row, index, type), order: Number(row.getAttribute("data-order")) };
    });
    keyed.sort(function (a, b) {
      // Empty cells (no grade, no date) go last whichever the direction.
      var aEmpty = a.key === Infinity || a.key === "";
      var bEmpty = b.key === Infinity || b.key === "";
      if (aEmpty !== bEmpty) return aEmpty ? 1 : -1;
      var c = aEmpty ? 0 : compare(a.key, b.key, type);
      if (!ascending) c = -c;
      return c || a.order - b.order;
    });
    var fragment = document.createDocumentFragment();
    keyed.forEach(function (item) { fragment.appendChild(item.row); });
    body.appendChild(fragment);
    table.querySelectorAll("thead th").forEach(function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function makeSortable(table) {
    if (table.getAttribute("data-sort-ready")) return;
    table.setAttribute("data-sort-ready", "1");
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row, i) {
      row.setAttribute("data-order", String(i));
    });
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      if (!th.hasAttribute("data-sort-type")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      var hint = document.createElement("span");
      hint.className = "visually-hidden";
      if (th.querySelector("a")) {
        // A heading that links to its explanation keeps the link (a link
        // inside a button is not allowed); the button beside it sorts.
        button.className += " sort-only";
        hint.textContent = "Sort by " + th.textContent.trim();
      } else {
        while (th.firstChild) button.appendChild(th.firstChild);
        hint.textContent = " (sort)";
      }
      button.appendChild(hint);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, th, index); });
    });
  }

  function columnIndex(table, judgement) {
    var headers = table.tHead.rows[0].cells;
    for (var i = 0; i < headers.length; i++) {
      if (headers[i].getAttribute("data-judgement") === judgement) return i;
    }
    return -1;
  }

  function applyFilters(form, table, updateAddress) {
    var region = form.elements.region.value;
    var judgement = form.elements.judgement.value;
    var grade = form.elements.grade.value;
    var index = columnIndex(table, judgement);
    var rows = table.tBodies[0].rows;
    var shown = 0;
    Array.prototype.forEach.call(rows, function (row) {
      var ok = !region || row.getAttribute("data-region") === region;
      if (ok && grade && index >= 0) {
        var cell = row.cells[index];
        ok = !!cell && cell.getAttribute("data-grade") === grade;
      }
      row.hidden = !ok;
      if (ok) shown++;
    });
    var count = form.querySelector(".filter-count");
    if (count) {
      count.textContent = "Showing " + shown + " of " + rows.length + " councils";
    }
    if (updateAddress && window.history && window.history.replaceState) {
      var params = new URLSearchParams(window.location.search);
      [["region", region], ["judgement", grade ? judgement : ""], ["grade", grade]].forEach(function (pair) {
        if (pair[1]) params.set(pair[0], pair[1]); else params.delete(pair[0]);
      });
      var query = params.toString();
      window.history.replaceState(window.history.state, "",
        window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }
  }

  function setUpFilters(form) {
    var table = document.getElementById(form.getAttribute("data-filters-for"));
    if (!table || form.getAttribute("data-filter-ready")) return;
    form.setAttribute("data-filter-ready", "1");
    var params = new URLSearchParams(window.location.search);
    ["region", "judgement", "grade"].forEach(function (name) {
      var select = form.elements[name];
      var wanted = params.get(name);
      if (select && wanted && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) {
        select.value = wanted;
      }
    });
    form.hidden = false;
    form.addEventListener("change", function () { applyFilters(form, table, true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    applyFilters(form, table, false);
  }

  function markCurrentGrade(nav, form) {
    var grade = form.elements.judgement.value === "overall_effectiveness" ? form.elements.grade.value : "";
    nav.querySelectorAll("a[data-grade-filter]").forEach(function (link) {
      var current = link.getAttribute("data-grade-filter") === grade && grade !== "";
      if (current) link.setAttribute("aria-current", "true"); else link.removeAttribute("aria-current");
    });
  }

  function setUpGradeLinks(nav) {
    var form = document.querySelector("form[data-filters-for]");
    var table = form && document.getElementById(form.getAttribute("data-filters-for"));
    if (!table || nav.getAttribute("data-filter-ready")) return;
    nav.setAttribute("data-filter-ready", "1");
    nav.querySelectorAll("[hidden]").forEach(function (node) { node.hidden = false; });
    nav.querySelectorAll("a[data-grade-filter]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var grade = link.getAttribute("data-grade-filter");
        form.elements.judgement.value = "overall_effectiveness";
        form.elements.grade.value = grade;
        applyFilters(form, table, true);
        markCurrentGrade(nav, form);
      });
    });
    form.addEventListener("change", function () { markCurrentGrade(nav, form); });
    markCurrentGrade(nav, form);
  }

  function filterHistory(form) {
    var region = form.elements.region.value;
    var kind = form.elements.kind.value;
    var shown = 0;
    var total = 0;
    document.querySelectorAll("ol.history").forEach(function (list) {
      var visible = 0;
      Array.prototype.forEach.call(list.children, function (item) {
        var ok = (!region || item.getAttribute("data-region") === region) &&
                 (!kind || item.getAttribute("data-kind") === kind);
        item.hidden = !ok;
        total++;
        if (ok) visible++;
      });
      shown += visible;
      list.hidden = visible === 0;
      var heading = list.previousElementSibling;
      if (heading && /^H[2-4]$/.test(heading.tagName)) heading.hidden = visible === 0;
    });
    var count = form.querySelector(".filter-count");
    if (count) count.textContent = "Showing " + shown + " of " + total + " records";
  }

  function setUpHistoryFilters(form) {
    if (form.getAttribute("data-filter-ready")) return;
    form.setAttribute("data-filter-ready", "1");
    form.hidden = false;
    form.addEventListener("change", function () { filterHistory(form); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    filterHistory(form);
  }

  // --- find your council ---------------------------------------------------

  function setUpFinder(finder) {
    if (finder.getAttribute("data-finder-ready")) return;
    var list = finder.querySelector("ul.council-list");
    var details = finder.querySelector("details");
    if (!list) return;
    finder.setAttribute("data-finder-ready", "1");
    var items = Array.prototype.slice.call(list.querySelectorAll("li"));
    var id = "council-finder-input";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = "Council name";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("aria-describedby", id + "-hint");
    var hint = document.createElement("span");
    hint.className = "council-finder-hint";
    hint.id = id + "-hint";
    hint.textContent = "Type part of its name, for example Leeds. The matching councils are listed below.";
    var status = document.createElement("p");
    status.className = "council-finder-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var box = document.createElement("div");
    box.className = "council-finder-box";
    box.appendChild(label);
    box.appendChild(hint);
    box.appendChild(input);
    // The list moves out of its <details> to sit under the box; the box
    // replaces the details, and the list shows only while there is a query.
    if (details) {
      details.parentNode.insertBefore(box, details);
      details.hidden = true;
    } else {
      finder.insertBefore(box, list);
    }
    box.parentNode.insertBefore(status, box.nextSibling);
    status.parentNode.insertBefore(list, status.nextSibling);
    list.hidden = true;

    function visible() {
      return items.filter(function (li) { return !li.hidden; });
    }

    function update() {
      var query = input.value.trim().toLowerCase();
      if (!query) {
        list.hidden = true;
        status.textContent = "";
        return;
      }
      var shown = 0;
      items.forEach(function (li) {
        var names = (li.getAttribute("data-names") || li.textContent).toLowerCase();
        li.hidden = names.indexOf(query) < 0;
        if (!li.hidden) shown++;
      });
      list.hidden = shown === 0;
      status.textContent = shown === 0 ? "No council matches “" + input.value.trim() + "”."
        : shown === 1 ? "1 council matches. Press Enter to open it."
        : shown + " councils match.";
    }

    input.addEventListener("input", update);
    input.addEventListener("keydown", function (event) {
      var first = visible()[0];
      if (!input.value.trim() || !first) return;
      if (event.key === "Enter") {
        event.preventDefault();
        first.querySelector("a").click();
      } else if (event.key === "ArrowDown") {
        event.preventDefault();
        first.querySelector("a").focus();
      }
    });
  }

  // --- wide tables --------------------------------------------------------------

  function setUpScroller(wrap) {
    if (wrap.getAttribute("data-scroll-ready")) return;
    wrap.setAttribute("data-scroll-ready", "1");
    var frame = document.createElement("div");
    frame.className = "table-frame";
    wrap.parentNode.insertBefore(frame, wrap);
    var hint = document.createElement("p");
    hint.className = "scroll-hint";
    hint.setAttribute("aria-hidden", "true");  // the region's name says it instead
    hint.textContent = "Scroll sideways for more columns →";
    frame.appendChild(hint);
    frame.appendChild(wrap);
    var fromMarkup = wrap.hasAttribute("tabindex");
    var caption = wrap.querySelector("caption");
    var name = caption ? caption.textContent.trim() : "Table";

    function update() {
      var spare = wrap.scrollWidth - wrap.clientWidth;
      if (spare <= 1) {
        wrap.removeAttribute("data-overflow");
        frame.removeAttribute("data-overflow");
        wrap.removeAttribute("tabindex");
        if (!fromMarkup) {
          wrap.removeAttribute("role");
          wrap.removeAttribute("aria-label");
        }
        return;
      }
      var left = wrap.scrollLeft > 1;
      var right = wrap.scrollLeft < spare - 1;
      var edge = left && right ? "both" : left ? "left" : "right";
      wrap.setAttribute("data-overflow", edge);
      frame.setAttribute("data-overflow", edge);
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      if (!wrap.hasAttribute("aria-labelledby")) wrap.setAttribute("aria-label", name + " (scrolls sideways)");
    }

    wrap.addEventListener("scroll", update, { passive: true });
    if (typeof ResizeObserver !== "undefined") {
      new ResizeObserver(update).observe(wrap);
    } else {
      window.addEventListener("resize", update);
    }
    update();
  }

  // --- links to the history from before it had a page per year -----------

  // Records were once all on /history/, linked as /history/#<council>-<date>-<kind>.
  // An anchor that is not on the index now lives on its year's page: go there.
  function followOldHistoryAnchor(years) {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var found = /-(\d{4})-\d{2}-\d{2}-/.exec(id);
    if (!id || document.getElementById(id) || !found) return;
    var link = Array.prototype.find.call(years.querySelectorAll("a"), function (a) {
      return a.textContent.trim() === found[1];
    });
    if (link) window.location.replace(link.href + window.location.hash);
  }

  function setUp() {
    document.querySelectorAll("table[data-sortable]").forEach(makeSortable);
    document.querySelectorAll("form[data-filters-for]").forEach(setUpFilters);
    document.querySelectorAll("nav.grade-filter").forEach(setUpGradeLinks);
    document.querySelectorAll("form[data-history-filters]").forEach(setUpHistoryFilters);
    document.querySelectorAll(".council-finder").forEach(setUpFinder);
    document.querySelectorAll("ul.history-years").forEach(followOldHistoryAnchor);
    document.querySelectorAll(".md-typeset .table-wrap, .md-typeset .md-typeset__scrollwrap").forEach(setUpScroller);
  }

  // Run `setUp` on every page: with Material's instant navigation, on each
  // page it loads (document$); otherwise once the page is ready. The map's
  // script (hexmap.js, loaded after this one) uses it too.
  function onEveryPage(setUp) {
    if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
      window.document$.subscribe(setUp);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", setUp);
    } else {
      setUp();
    }
  }

  window.inspectionsSite = { onEveryPage: onEveryPage };
  onEveryPage(setUp);
})();
