// journalfeed live updates: a page with a [data-live-feed] hook long-polls /v2/updates for
// that feed (the same endpoint FriendFeed clients use; the session authenticates it) and,
// when something visible changed, re-fetches the page and swaps in the regions named by
// data-live-regions (comma-separated selectors), so new entries, comments and likes appear
// without a reload. Forms outside those regions (a comment being typed) are left alone.
(function () {
  "use strict";

  var hook = document.querySelector("[data-live-feed]");
  if (!hook || !window.fetch) return;
  var feed = hook.getAttribute("data-live-feed");
  var regions = (hook.getAttribute("data-live-regions") || "").split(",").map(function (s) {
    return s.trim();
  }).filter(Boolean);
  var url = "/v2/updates/feed/" + feed.split("/").map(encodeURIComponent).join("/");
  var me = hook.getAttribute("data-live-me") || "";
  var cursor = "";
  var failures = 0;

  function announce(text) {
    var status = document.getElementById("status");
    if (status) status.textContent = text;
  }

  // Never pull the page out from under the reader: while focus (a button being pressed,
  // a field being typed in) is inside a region, the swap waits.
  function busy() {
    var active = document.activeElement;
    return regions.some(function (selector) {
      var region = document.querySelector(selector);
      return region && active && active !== document.body && region.contains(active);
    });
  }

  function whenIdle() {
    return new Promise(function (resolve) {
      (function check() { if (busy()) setTimeout(check, 1000); else resolve(); })();
    });
  }

  function refresh() {
    return whenIdle().then(function () {
      return fetch(window.location.href, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        regions.forEach(function (selector) {
          var here = document.querySelector(selector);
          var there = fresh.querySelector(selector);
          if (here && there && here.innerHTML !== there.innerHTML) {
            here.innerHTML = there.innerHTML;
          }
        });
        document.dispatchEvent(new CustomEvent("live:updated", { detail: { feed: feed } }));
      });
    });
  }

  // What someone else did: the reader's own likes, hides and comments are already on the
  // page (site.js), and swapping the page under their hands would undo what they see.
  function othersChanges(entries) {
    return entries.filter(function (e) {
      var by = function (x) { return x.from && x.from.id !== me; };
      if ((e.created || e.updated) && by(e)) return true;
      return (e.comments || []).concat(e.likes || []).some(function (x) {
        return (x.created || x.updated) && by(x);
      });
    }).length;
  }

  // Does the feed hold something the page does not show? A feed page: its newest entry.
  // An entry page (one entry, all its comments and likes): a comment or like count.
  function missedSinceRender(entries) {
    var newest = entries[0];
    if (!newest) return false;
    if (!document.getElementById("e" + newest.id.slice(2))) return true;
    if (feed.indexOf("e/") !== 0) return false;
    var missing = (newest.comments || []).some(function (c) {
      return !document.getElementById("c" + c.id.split("/c/")[1]);
    });
    var likes = hook.getAttribute("data-live-likes");
    return missing || (likes !== null && Number(likes) !== (newest.likes || []).length);
  }

  function poll() {
    var query = "?updates=1&timeout=" + (cursor ? "50" : "0") +
      "&cursor=" + encodeURIComponent(cursor);
    fetch(url + query, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        return r.json().then(function (data) { return { status: r.status, data: data }; });
      })
      .then(function (res) {
        if (res.status === 410) { cursor = ""; return poll(); } // cursor-expired: start over
        if (res.status === 401 || res.status === 403 || res.status === 404) return; // give up
        if (res.status !== 200) throw new Error(res.data.errorCode || res.status);
        var first = !cursor;
        cursor = res.data.realtime.cursor;
        failures = 0;
        var n = othersChanges(res.data.entries || []);
        if (first) {
          // The page was rendered before this cursor was taken (or a poll failed): whatever
          // happened in between is in this answer, not in what the cursor will bring.
          n = missedSinceRender(res.data.entries || []) ? 1 : 0;
        }
        var next = n ? refresh().then(function () {
          announce(n === 1 ? "1 entry updated" : n + " entries updated");
        }) : Promise.resolve();
        return next.catch(function () {}).then(poll);
      })
      .catch(function () {
        failures += 1; // the server or the network is away: back off, up to a minute
        setTimeout(poll, Math.min(60000, 1000 * Math.pow(2, failures)));
      });
  }

  poll();
})();
