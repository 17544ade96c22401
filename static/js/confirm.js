// Irreversible actions ask once: a submit button (or its form) with data-confirm="…"
// shows that text, which says what the action will do; 取消 leaves the page as it was.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var text = (button && button.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
  if (text && !window.confirm(text)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
