// hrbot console: small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // On a phone the menu scrolls sideways: show the current page's entry.
  var current = document.querySelector('.top nav a[aria-current="page"]');
  if (current && current.scrollIntoView) { current.scrollIntoView({ block: "nearest", inline: "center" }); }

  // A sign-in link's page submits itself: opening the link signs in, while
  // chat apps fetching the link for a preview (without scripts) do not.
  document.querySelectorAll("form[data-autosubmit]").forEach(function (f) { f.submit(); });

  // Telegram Mini App: Telegram hands the page its signed data in the
  // fragment (tgWebAppData); post it to sign in.
  var tg = document.getElementById("tg-signin");
  if (tg) {
    var params = new URLSearchParams(window.location.hash.slice(1));
    var data = params.get("tgWebAppData");
    if (data) {
      tg.elements["init_data"].value = data;
      tg.submit();
    }
  }

  // A rejection needs a reason: ask before sending an empty one.
  document.querySelectorAll("form.decide").forEach(function (f) {
    f.addEventListener("submit", function (e) {
      var btn = e.submitter;
      var reason = f.elements["reason"];
      if (btn && btn.value === "reject" && reason && !reason.value.trim()) {
        e.preventDefault();
        reason.focus();
        reason.setAttribute("aria-invalid", "true");
      }
    });
  });

  // A rota cell: change the day as soon as a shift is picked.
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (s) {
    s.addEventListener("change", function () { s.form.submit(); });
  });

  // The schedule's grid: a cell without a link of its own (a big grid's)
  // opens that person's day: the row's place names the person
  // (data-people), the cell's column the day.
  document.querySelectorAll("table.rota").forEach(function (t) {
    var people = (t.dataset.people || "").split(" ");
    t.addEventListener("click", function (e) {
      var td = e.target.closest("td");
      if (!td || td.querySelector("a")) { return; }
      var rows = Array.prototype.filter.call(t.tBodies[0].rows, function (r) { return !r.classList.contains("g"); });
      var key = people[rows.indexOf(td.parentElement)];
      if (!key || key === "-") { return; }
      var day = td.cellIndex; // the name column is 0
      var q = new URLSearchParams({ person: key, date: t.dataset.month + "-" + (day < 10 ? "0" : "") + day });
      if (t.dataset.team) { q.set("team", t.dataset.team); }
      window.location.href = "/rota/day?" + q.toString();
    });
  });

  // A form is sent once: a double click or an impatient second tap would
  // otherwise send it again (the server would refuse the second, but the
  // person would see the refusal). The buttons are disabled after the
  // browser has read which one was pressed.
  document.querySelectorAll("form[method=post]").forEach(function (f) {
    f.addEventListener("submit", function (e) {
      if (e.defaultPrevented) { return; }
      setTimeout(function () {
        f.querySelectorAll("button[type=submit], button:not([type])").forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  });

  // The termination certificate's Print button (the page prints alone).
  var print = document.getElementById("print-page");
  if (print) { print.addEventListener("click", function () { window.print(); }); }
})();
