// Winnerr clickwrap embed. On a brokerage's own website:
//   <div data-winnerr-consent="agr_…" data-subject-ref="…"></div>
//   <script src="https://<appliance>/assets/clickwrap-embed-<hash>.js" async></script>
// turns each such element into an iframe of <appliance>/consent/<id>?subjectRef=…&embed=1 that
// grows to fit its content. When the person accepts, the element receives a "winnerr:accepted"
// event (detail: agreementId, versionHash, acceptedAt).
// The consent page loads this same file inside the frame, where it reports the page's height and
// the acceptance to the embedding page instead.
(function () {
  "use strict";
  var HEIGHT = "winnerr-consent:height";
  var ACCEPTED = "winnerr-consent:accepted";

  // Inside the consent frame.
  var framed = document.querySelector("[data-winnerr-frame]");
  if (framed) {
    if (window.parent === window) return;
    // The body's own height: the document's scrollHeight never drops below the frame's height,
    // so a page that got shorter (the confirmation) would keep the frame tall.
    var report = function () {
      var b = document.body, st = getComputedStyle(b);
      var height = b.getBoundingClientRect().height + parseFloat(st.marginTop) + parseFloat(st.marginBottom);
      window.parent.postMessage({ type: HEIGHT, height: Math.ceil(height) }, "*");
    };
    var done = document.querySelector("[data-winnerr-accepted]");
    if (done) {
      window.parent.postMessage({
        type: ACCEPTED,
        agreementId: done.getAttribute("data-agreement-id"),
        versionHash: done.getAttribute("data-version-hash"),
        acceptedAt: done.getAttribute("data-accepted-at"),
      }, "*");
    }
    report();
    window.addEventListener("load", report);
    window.addEventListener("resize", report);
    return;
  }

  // On the embedding page: the appliance is wherever this script came from.
  var script = document.currentScript;
  if (!script) {
    var all = document.querySelectorAll('script[src*="/assets/clickwrap-embed-"]');
    script = all[all.length - 1];
  }
  if (!script) return;
  var origin = new URL(script.src, location.href).origin;
  var frames = [];

  function mount(el) {
    if (el.getAttribute("data-winnerr-mounted")) return;
    var id = el.getAttribute("data-winnerr-consent") || "";
    if (!/^agr_[0-9a-z]{1,64}$/.test(id)) return;
    el.setAttribute("data-winnerr-mounted", "1");
    var q = new URLSearchParams();
    var ref = el.getAttribute("data-subject-ref");
    if (ref) q.set("subjectRef", ref);
    q.set("embed", "1");
    var frame = document.createElement("iframe");
    frame.src = origin + "/consent/" + encodeURIComponent(id) + "?" + q.toString();
    frame.title = el.getAttribute("data-title") || "Agreement";
    frame.setAttribute("sandbox", "allow-forms allow-scripts allow-same-origin");
    frame.style.cssText = "display:block;width:100%;min-height:12rem;height:24rem;border:0;";
    el.appendChild(frame);
    frames.push({ frame: frame, el: el });
  }

  function mountAll() {
    var els = document.querySelectorAll("[data-winnerr-consent]");
    for (var i = 0; i < els.length; i++) mount(els[i]);
  }

  window.addEventListener("message", function (e) {
    if (e.origin !== origin || !e.data || typeof e.data !== "object") return;
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      if (f.frame.contentWindow !== e.source) continue;
      if (e.data.type === HEIGHT && typeof e.data.height === "number") {
        f.frame.style.height = Math.min(Math.max(e.data.height, 120), 4000) + "px";
      } else if (e.data.type === ACCEPTED) {
        f.el.dispatchEvent(new CustomEvent("winnerr:accepted", {
          bubbles: true,
          detail: { agreementId: e.data.agreementId, versionHash: e.data.versionHash, acceptedAt: e.data.acceptedAt },
        }));
      }
    }
  });

  mountAll();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
})();
