// Behaviour shared by every page, loaded as a file so the Content-Security-Policy needs no inline code.
//
// Confirmation before an action: a submit button (or a form) with data-confirm="ID" opens the
// <dialog id="ID"> the page renders (class "confirm": what will happen, in the user's language, and
// two buttons in a <form method="dialog">: value "confirm" and value "cancel"). Only "confirm" sends
// the form; the server still checks everything. Without JavaScript the form is sent as it is.
//
// Printing: closed <details> (title decisions and their reasons) are opened for paper, then closed again.
(function () {
  "use strict";

  function confirmTarget(form, submitter) {
    if (submitter && submitter.dataset && submitter.dataset.confirm) return submitter.dataset.confirm;
    return form.dataset.confirm || "";
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.dataset.confirmed === "1") return;
    var submitter = event.submitter || null;
    var dialog = document.getElementById(confirmTarget(form, submitter));
    if (!dialog || typeof dialog.showModal !== "function") return;
    if (form.reportValidity && !form.noValidate && !form.reportValidity()) return;
    event.preventDefault();
    dialog.returnValue = "";
    dialog.showModal();
    dialog.addEventListener("close", function onClose() {
      dialog.removeEventListener("close", onClose);
      if (dialog.returnValue !== "confirm") return;
      form.dataset.confirmed = "1";
      if (submitter && form.requestSubmit) form.requestSubmit(submitter);
      else if (form.requestSubmit) form.requestSubmit();
      else form.submit();
    });
  }, true);

  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (details) {
      details.open = true;
      return true;
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });
})();
