// Confirmation before bulk or irreversible actions, on every page: a submit button (or its
// form) with data-confirm="…" asks first. In the text, {n} is the number of boxes ticked
// among the form's data-confirm-count selector; with none ticked nothing is sent.
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var message = (button && button.dataset.confirm) || form.dataset.confirm;
    if (!message) return;
    if (form.dataset.confirmCount) {
      var n = form.querySelectorAll(form.dataset.confirmCount).length;
      if (n === 0) {
        event.preventDefault();
        window.alert(form.dataset.confirmNone || "请先勾选。");
        return;
      }
      message = message.replace("{n}", n);
    }
    if (!window.confirm(message)) event.preventDefault();
  });
})();
