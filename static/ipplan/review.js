// Side-by-side review: clicking a parsed measure highlights and shows its source lines.
(function () {
  var source = document.querySelector(".source-lines");
  if (!source) return;
  function highlight(range) {
    var parts = range.split("-").map(Number);
    if (!parts[0]) return;
    source.querySelectorAll("li.hl").forEach(function (li) { li.classList.remove("hl"); });
    for (var n = parts[0]; n <= (parts[1] || parts[0]); n++) {
      var line = document.getElementById("L" + n);
      if (line) line.classList.add("hl");
    }
    var first = document.getElementById("L" + parts[0]);
    if (first) first.scrollIntoView({ block: "center" });
  }
  document.querySelectorAll("[data-lines]").forEach(function (el) {
    el.addEventListener("click", function (event) {
      if (event.target.closest("a.edit, form")) return;
      event.preventDefault();
      document.querySelectorAll(".selected").forEach(function (s) { s.classList.remove("selected"); });
      el.classList.add("selected");
      highlight(el.dataset.lines);
    });
  });
})();
