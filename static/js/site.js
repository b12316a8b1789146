// journalfeed: likes, comments and hides without leaving the page; confirmations; replies.
// Every form works without this script (it posts and redirects back); with it, forms marked
// data-ajax post with fetch and swap in the re-rendered block the server sends back.
(function () {
  "use strict";

  var status = document.getElementById("status");
  function announce(text) {
    if (!status) return;
    status.textContent = text;
    clearTimeout(announce.timer);
    announce.timer = setTimeout(function () { status.textContent = ""; }, 4000);
  }

  function confirmed(form) {
    var message = form.getAttribute("data-confirm");
    return !message || window.confirm(message);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var message = (submitter && submitter.getAttribute("data-confirm")) || null;
    if (message && !window.confirm(message)) { event.preventDefault(); return; }
    if (!confirmed(form)) { event.preventDefault(); return; }
    if (!form.hasAttribute("data-ajax") || !window.fetch) return;
    event.preventDefault();
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (b) { b.disabled = true; });
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      buttons.forEach(function (b) { b.disabled = false; });
      if (!result.ok || !result.body.ok) {
        announce(result.body.error || "That did not work; please try again.");
        return;
      }
      var article = form.closest("article[data-entry]");
      if (result.body.remove && article) {
        var next = article.nextElementSibling;
        article.remove();
        announce("Entry removed from this page.");
        if (next) { var link = next.querySelector("a"); if (link) link.focus(); }
        return;
      }
      if (result.body.html && article) {
        var hex = article.getAttribute("data-entry");
        var social = article.querySelector("[data-social]");
        social.innerHTML = result.body.html;
        refreshLikeButton(article, form, data);
        announce(result.body.message || "Saved.");
        if (form.classList.contains("comment-form")) {
          var again = document.getElementById("cf" + hex);
          if (again) { again.hidden = false; var t = again.querySelector("textarea"); if (t) t.focus(); }
        }
      }
    }).catch(function () {
      buttons.forEach(function (b) { b.disabled = false; });
      announce("Network error; please try again.");
    });
  });

  // After a like/unlike, flip the button and its hidden "undo" field.
  function refreshLikeButton(article, form, data) {
    if (!/\/like$/.test(form.action)) return;
    var undo = form.querySelector("input[name=undo]");
    var button = form.querySelector("button");
    if (undo) {
      undo.remove();
      button.textContent = "Like";
      button.setAttribute("aria-pressed", "false");
    } else {
      var input = document.createElement("input");
      input.type = "hidden"; input.name = "undo"; input.value = "1";
      form.insertBefore(input, button);
      button.textContent = "Unlike";
      button.setAttribute("aria-pressed", "true");
    }
  }

  // "Comment" opens the inline comment form of a feed entry.
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-comment-toggle]");
    if (toggle) {
      var form = document.getElementById("cf" + toggle.getAttribute("data-comment-toggle"));
      if (form) {
        event.preventDefault();
        form.hidden = !form.hidden;
        toggle.setAttribute("aria-expanded", String(!form.hidden));
        if (!form.hidden) form.querySelector("textarea").focus();
      }
      return;
    }
    // "Reply" on the entry page fills the parent field of the reply form.
    var reply = event.target.closest("[data-reply]");
    if (reply) {
      var parent = document.getElementById("reply-parent");
      var note = document.getElementById("reply-to");
      if (!parent) return;
      event.preventDefault();
      parent.value = reply.getAttribute("data-reply");
      if (note) {
        note.hidden = !parent.value;
        if (parent.value) note.firstChild.textContent = "Replying to " + reply.getAttribute("data-reply-name") + ". ";
      }
      var body = document.getElementById("reply-body");
      document.getElementById("reply").scrollIntoView({ block: "center" });
      if (body) body.focus();
    }
  });
})();
