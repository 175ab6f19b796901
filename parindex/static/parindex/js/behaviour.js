// Small page behaviours declared in the markup, so that no page needs an inline script or an on* attribute (the
// Content-Security-Policy allows scripts from the application's own files only).
//   data-submit-on-change on a form: any change submits it (requestSubmit, so HTMX and validation see it);
//                         on a field: a change submits the field's form.
//   data-print on a button: prints the page.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var marked = target.closest("[data-submit-on-change]");
    if (!marked) return;
    if (marked instanceof HTMLFormElement) {
      marked.requestSubmit();
    } else if (marked.form) {
      marked.form.submit();
    }
  });
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target instanceof Element && target.closest("[data-print]")) {
      window.print();
    }
  });
})();
