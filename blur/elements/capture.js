/*
 * blur element capture, sidecar format "blur-elements" version 1.
 *
 * Inject into the recorded page (or from a browser extension's content script)
 * when recording starts:
 *
 *   const capture = blurCapture.start({ emit: line => port.postMessage(line) });
 *   ...
 *   capture.stop();
 *
 * Each emitted line is one JSON line of the sidecar (the first is the header).
 * Without `emit`, lines are kept and returned by stop().
 *
 * It records, for the elements that match the selectors it is given, only
 * geometry and selector-relevant attributes: tag, id, class, the attributes
 * named in `attributes`, the ancestor chain, and the visible box in viewport
 * CSS pixels. Never text, never input values.
 *
 * Samples are taken on animation frames after DOM mutations, scrolling,
 * resizes, transitions and animations (and for `settleMs` after each, to catch
 * movement no event reports), only when something changed; a heartbeat line
 * `{"t": ...}` every `heartbeatMs` otherwise says the capture is alive.
 * Same-origin iframes are included, offset into the top page and clipped to
 * the iframe; cross-origin iframes cannot be read from here.
 */
(function (global) {
  "use strict";

  // Must equal blur.elements.builtin.BUILTIN_BLUR + BUILTIN_OPT_OUT (a test checks).
  var DEFAULT_SELECTORS = [
    "[data-jam-blur]",
    ".rr-block", ".rr-mask",
    ".fs-mask", ".fs-exclude",
    "[data-hj-suppress]",
    "[data-private]",
    ".sentry-mask", ".sentry-block", "[data-sentry-mask]",
    ".ph-no-capture", ".ph-mask",
    "[data-clarity-mask]",
    '[data-dd-privacy="mask"]', '[data-dd-privacy="hidden"]',
    "[data-heap-redact-text]",
    "[data-openreplay-obscured]",
    ".highlight-mask",
    'input[type="password" i]',
    '[autocomplete~="cc-number" i]', '[autocomplete~="cc-csc" i]', '[autocomplete~="cc-exp" i]',
    '[autocomplete~="current-password" i]', '[autocomplete~="new-password" i]',
    '[autocomplete~="one-time-code" i]',
    ":is(input, textarea, select):is([name*=card i], [name*=cvv i], [name*=cvc i], [name*=ssn i], " +
      "[name*=iban i], [name*=account i], [id*=card i], [id*=cvv i], [id*=cvc i], [id*=ssn i], " +
      "[id*=iban i], [id*=account i])",
    '[data-jam-blur="no" i]', '[data-dd-privacy="allow" i]'
  ];
  var DEFAULT_ATTRIBUTES = [
    "type", "name", "autocomplete", "data-jam-blur", "data-hj-suppress", "data-private", "data-sentry-mask",
    "data-clarity-mask", "data-dd-privacy", "data-heap-redact-text", "data-openreplay-obscured"
  ];
  var MAX_VALUE = 200; // attribute values longer than this are cut (they only feed selectors)

  function start(options) {
    options = options || {};
    var selectors = DEFAULT_SELECTORS.concat(options.selectors || []);
    var attributes = ["id", "class"].concat(DEFAULT_ATTRIBUTES, options.attributes || []);
    var heartbeatMs = options.heartbeatMs || 250;
    var settleMs = options.settleMs || 500;
    var t0 = performance.now();
    var lines = [];
    var emit = options.emit || function (line) { lines.push(line); };
    var keys = new WeakMap();
    var nextKey = 1;
    var query = selectors.join(", ");
    var last = null;
    var lastEmit = 0;
    var settleUntil = 0;
    var frame = 0;
    var stopped = false;

    function now() { return Math.round((performance.now() - t0) * 10) / 10; }

    function key(el) {
      var k = keys.get(el);
      if (!k) { k = nextKey++; keys.set(el, k); }
      return k;
    }

    function attrs(el) {
      var out = {};
      for (var i = 0; i < attributes.length; i++) {
        var value = el.getAttribute(attributes[i]);
        if (value !== null) out[attributes[i]] = value.slice(0, MAX_VALUE);
      }
      return out;
    }

    function node(el) { return { k: key(el), tag: el.localName, attrs: attrs(el) }; }

    function intersect(a, b) {
      var x1 = Math.max(a[0], b[0]), y1 = Math.max(a[1], b[1]);
      var x2 = Math.min(a[2], b[2]), y2 = Math.min(a[3], b[3]);
      return x2 > x1 && y2 > y1 ? [x1, y1, x2, y2] : null;
    }

    // The part of el that can be seen: clipped by scrolling/overflow ancestors and the document's viewport.
    function visibleRect(el, win, clip) {
      if (!el.getClientRects().length) return null; // display: none, or not in the document
      var style = win.getComputedStyle(el);
      if (style.visibility === "hidden" || style.visibility === "collapse") return null;
      var r = el.getBoundingClientRect();
      var rect = intersect([r.left, r.top, r.right, r.bottom], clip);
      for (var p = el.parentElement; rect && p && p !== el.ownerDocument.documentElement; p = p.parentElement) {
        var ps = win.getComputedStyle(p);
        if (ps.overflowX !== "visible" || ps.overflowY !== "visible") {
          var pr = p.getBoundingClientRect();
          rect = intersect(rect, [pr.left, pr.top, pr.right, pr.bottom]);
        }
      }
      return rect;
    }

    function collect(doc, win, dx, dy, clip, out) {
      var found = doc.querySelectorAll(query);
      for (var i = 0; i < found.length; i++) {
        var el = found[i];
        var local = [clip[0] - dx, clip[1] - dy, clip[2] - dx, clip[3] - dy];
        var rect = visibleRect(el, win, local);
        if (!rect) continue;
        var path = [];
        for (var a = el.parentElement; a; a = a.parentElement) path.unshift(node(a));
        var item = node(el);
        item.path = path;
        item.box = [rect[0] + dx, rect[1] + dy, rect[2] - rect[0], rect[3] - rect[1]].map(function (v) {
          return Math.round(v * 100) / 100;
        });
        out.push(item);
      }
      var frames = doc.querySelectorAll("iframe, frame");
      for (var j = 0; j < frames.length; j++) {
        var f = frames[j], inner;
        try { inner = f.contentDocument; } catch (e) { inner = null; } // cross-origin
        if (!inner || !inner.documentElement) continue;
        var fr = f.getBoundingClientRect();
        var left = fr.left + f.clientLeft + dx, top = fr.top + f.clientTop + dy;
        var fclip = intersect(clip, [left, top, left + f.clientWidth, top + f.clientHeight]);
        if (fclip) collect(inner, f.contentWindow, left, top, fclip, out);
      }
    }

    function snapshot() {
      var w = global.innerWidth, h = global.innerHeight;
      var elements = [];
      collect(global.document, global, 0, 0, [0, 0, w, h], elements);
      return { viewport: [w, h], dpr: global.devicePixelRatio, elements: elements };
    }

    function sample() {
      frame = 0;
      if (stopped) return;
      var snap = snapshot();
      var text = JSON.stringify(snap);
      var t = now();
      if (text !== last) {
        last = text;
        lastEmit = t;
        snap.t = t;
        emit(JSON.stringify({ t: t, viewport: snap.viewport, dpr: snap.dpr, elements: snap.elements }));
      }
      if (performance.now() < settleUntil) frame = global.requestAnimationFrame(sample);
    }

    function changed() {
      settleUntil = performance.now() + settleMs;
      if (!frame && !stopped) frame = global.requestAnimationFrame(sample);
    }

    function heartbeat() {
      var t = now();
      if (t - lastEmit >= heartbeatMs - 1) {
        lastEmit = t;
        emit(JSON.stringify({ t: t }));
      }
    }

    emit(JSON.stringify({
      format: "blur-elements", version: 1, selectors: selectors, attributes: attributes.slice(2),
      heartbeat_ms: heartbeatMs
    }));
    var observer = new MutationObserver(changed);
    observer.observe(global.document, { subtree: true, childList: true, attributes: true });
    var events = ["scroll", "resize", "transitionrun", "transitionend", "animationstart", "animationend", "load"];
    events.forEach(function (name) { global.addEventListener(name, changed, true); });
    var timer = global.setInterval(heartbeat, heartbeatMs);
    // The first snapshot is taken now, synchronously: the sidecar starts at t=0.
    settleUntil = performance.now() + settleMs;
    sample();

    return {
      /** Take a sample now (e.g. before a screenshot) instead of waiting for the next frame. */
      flush: function () { if (frame) global.cancelAnimationFrame(frame); sample(); },
      stop: function () {
        if (!stopped) {
          sample();
          heartbeat();
        }
        stopped = true;
        observer.disconnect();
        events.forEach(function (name) { global.removeEventListener(name, changed, true); });
        global.clearInterval(timer);
        if (frame) global.cancelAnimationFrame(frame);
        return lines;
      },
      now: now
    };
  }

  global.blurCapture = { start: start, FORMAT: "blur-elements", VERSION: 1, DEFAULT_SELECTORS: DEFAULT_SELECTORS };
})(window);
