/*
 * Judgement picker for the hex map (hooks/inspections/hexmap.py). The map is
 * complete without it: it shows overall effectiveness. With it, a reader can
 * colour the map by any other judgement. Each hexagon carries its council's
 * latest grades as data attributes (data-help-and-protection="good"; absent
 * means no grade); the legend items name each grade (data-grade, data-short,
 * data-label). This script swaps the hexagon's class, letter and tooltip.
 *
 * Material's instant navigation swaps pages without reloading, so set-up runs
 * on each page through its `document$` observable when present.
 */
(function () {
  "use strict";

  function gradeNames(figure) {
    var names = {};
    figure.querySelectorAll(".chart-legend li[data-grade]").forEach(function (item) {
      names[item.getAttribute("data-grade")] = {
        short: item.getAttribute("data-short"),
        label: item.getAttribute("data-label"),
      };
    });
    return names;
  }

  function show(figure, select, names) {
    var attribute = select.value;
    var judgement = select.options[select.selectedIndex].text;
    var counts = {};
    figure.querySelectorAll("a.hex").forEach(function (hex) {
      var grade = hex.getAttribute(attribute) || "none";
      var name = hex.getAttribute("data-name");
      var words = names[grade] || names.none;
      counts[grade] = (counts[grade] || 0) + 1;
      hex.setAttribute("class", "hex g-" + grade.replace(/_/g, "-"));
      hex.querySelector(".ink").textContent = words.short;
      hex.querySelector("title").textContent = grade === "none"
        ? name + ": no " + judgement.toLowerCase() + " grade"
        : name + ": " + judgement.toLowerCase() + " " + words.label.toLowerCase();
    });
    var showing = figure.querySelector(".hexmap-showing");
    if (showing) showing.textContent = judgement;
    var desc = figure.querySelector("svg > desc");
    if (desc) {
      var parts = Object.keys(names).map(function (grade) {
        return (counts[grade] || 0) + " " + names[grade].label.toLowerCase();
      });
      desc.textContent = "Map of England with one equal hexagon per council, coloured and lettered by " +
        "its latest " + judgement.toLowerCase() + " grade: " + parts.join(", ") + ".";
    }
  }

  function setUp() {
    document.querySelectorAll("figure.hexmap:not(.hexmap-locator)").forEach(function (figure) {
      var picker = figure.querySelector(".hexmap-picker");
      var select = picker && picker.querySelector("select");
      if (figure.getAttribute("data-picker-ready")) return;
      figure.setAttribute("data-picker-ready", "1");
      // Material's instant navigation handles clicks on document.body and
      // fails on SVG links (their href is not a string): let the browser
      // follow a hexagon's link itself, as it does without JavaScript.
      figure.addEventListener("click", function (event) {
        if (event.target.closest && event.target.closest("a.hex")) event.stopPropagation();
      });
      if (!select) return;
      var names = gradeNames(figure);
      picker.hidden = false;
      select.addEventListener("change", function () { show(figure, select, names); });
      // A browser may restore an earlier choice on going back: honour it.
      if (!select.options[select.selectedIndex].defaultSelected) show(figure, select, names);
    });
  }

  // site.js (loaded first) runs it on every page, as it runs its own.
  window.inspectionsSite.onEveryPage(setUp);
})();
