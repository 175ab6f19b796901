// The staff page for typing paper survey forms: keyboard only. Enter moves to the next answer (the last one saves),
// the answer typed as a number is shown beside its list, a number outside the list is marked at once; after a refused
// save the first wrong answer has the focus. The server checks everything again: this only saves keystrokes.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) { return; }
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input.entry-input"));

  function mark(input) {
    var list = input.parentNode.querySelector(".entry-choices");
    if (!list) { return; }
    var typed = input.value.trim().split(/[\s,;]+/).filter(Boolean);
    var items = Array.prototype.slice.call(list.children);
    var known = 0;
    items.forEach(function (item) {
      var chosen = typed.indexOf(item.dataset.number) >= 0 || typed.indexOf(item.dataset.name) >= 0;
      item.classList.toggle("chosen", chosen);
      if (chosen) { known += 1; }
    });
    var wrong = typed.length > 0 && known < typed.length;
    input.classList.toggle("wrong", wrong);
    input.setAttribute("aria-invalid", wrong ? "true" : "false");
  }

  inputs.forEach(function (input, index) {
    mark(input);
    input.addEventListener("input", function () { mark(input); });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.shiftKey || event.isComposing) { return; }
      if (index < inputs.length - 1) {
        event.preventDefault();
        inputs[index + 1].focus();
        inputs[index + 1].select();
      }
    });
  });
  // After a refused save, the first wrong answer; else the form number (autofocus is not always honoured after
  // the redirect that follows a save).
  var start = form.querySelector(".has-error input") || form.querySelector("[autofocus]");
  if (start) { start.focus(); start.select(); }
})();
