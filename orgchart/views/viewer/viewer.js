// The interactive chart of orgchart: pan, zoom, search, details, plan views and steps,
// member towns, a history's date slider, print and PNG export, over the Graphviz SVG the page embeds. No network:
// every datum is in the page (the JSON block), every text is set with textContent.
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("orgchart-data").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var stage = $("stage"), side = $("side"), q = $("q");
  var views = Array.prototype.slice.call(document.querySelectorAll("#stage > .view"));
  var cur = 0, back = [], step = -1;
  var V = views.map(function (sec, i) {
    var svg = sec.querySelector("svg"), vb = svg.viewBox.baseVal;
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    var edges = {}, into = {};  // "a->b" -> its drawn lines; b -> the a's that lead into it
    Array.prototype.forEach.call(svg.querySelectorAll("g.edge"), function (g) {
      var t = g.querySelector("title");
      if (!t) { return; }
      if (!edges[t.textContent]) {
        var at = t.textContent.lastIndexOf("->");
        var to = t.textContent.slice(at + 2);
        (into[to] = into[to] || []).push(t.textContent.slice(0, at));
      }
      (edges[t.textContent] = edges[t.textContent] || []).push(g);
    });
    var nodes = {};  // DOT node name -> box; ids are "u:NAME" (other views: "vN:NAME")
    Array.prototype.forEach.call(svg.querySelectorAll("g.node"), function (g) {
      nodes[g.id.slice(g.id.indexOf(":") + 1)] = g;
    });
    return { svg: svg, home: [vb.x, vb.y, vb.width, vb.height], box: null, edges: edges,
             into: into, nodes: nodes, units: D.views[i].units };
  });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function node(key) { return Object.prototype.hasOwnProperty.call(V[cur].nodes, key) ?
    V[cur].nodes[key] : null; }
  function keyOf(g) { return g.id.slice(g.id.indexOf(":") + 1); }

  // --- pan and zoom: the SVG's viewBox ---------------------------------------------------
  function setBox(b) { V[cur].box = b; V[cur].svg.setAttribute("viewBox", b.join(" ")); }
  function fit() { setBox(V[cur].home.slice()); }
  function toSvg(x, y) {
    var m = V[cur].svg.getScreenCTM();
    return m ? [(x - m.e) / m.a, (y - m.f) / m.d] : [0, 0];
  }
  function zoom(f, cx, cy) {
    var b = V[cur].box;
    if (cx === undefined) { cx = b[0] + b[2] / 2; cy = b[1] + b[3] / 2; }
    var w = b[2] / f;
    if (w < 20 || w > V[cur].home[2] * 20) { return; }
    setBox([cx - (cx - b[0]) / f, cy - (cy - b[1]) / f, w, b[3] / f]);
  }
  function pan(dx, dy) {  // in screen pixels
    var m = V[cur].svg.getScreenCTM(), b = V[cur].box;
    if (!m) { return; }
    setBox([b[0] - dx / m.a, b[1] - dy / m.d, b[2], b[3]]);
  }
  function focusOn(keys) {
    var boxes = keys.map(node).filter(Boolean).map(function (g) { return g.getBBox(); });
    if (!boxes.length) { return; }
    var x0 = Math.min.apply(null, boxes.map(function (b) { return b.x; }));
    var y0 = Math.min.apply(null, boxes.map(function (b) { return b.y; }));
    var x1 = Math.max.apply(null, boxes.map(function (b) { return b.x + b.width; }));
    var y1 = Math.max.apply(null, boxes.map(function (b) { return b.y + b.height; }));
    // node boxes are in the graph group's coordinates: shift by its translation
    var t = V[cur].svg.querySelector("g.graph").transform.baseVal.consolidate();
    var dx = t ? t.matrix.e : 0, dy = t ? t.matrix.f : 0, h = V[cur].home;
    var w = Math.max(x1 - x0 + 200, Math.min(h[2], 600));
    var hh = Math.max(y1 - y0 + 200, Math.min(h[3], 400));
    setBox([(x0 + x1) / 2 + dx - w / 2, (y0 + y1) / 2 + dy - hh / 2, w, hh]);
  }

  var pointers = {}, moved = 0, pinch = 0, pressed = null;
  stage.addEventListener("pointerdown", function (e) {
    pointers[e.pointerId] = [e.clientX, e.clientY];
    moved = 0;
    pressed = e.target;  // captured pointers send the click to the stage itself
    stage.setPointerCapture(e.pointerId);
  });
  stage.addEventListener("pointermove", function (e) {
    var p = pointers[e.pointerId];
    if (!p) { return; }
    var ids = Object.keys(pointers);
    if (ids.length === 1) {
      pan(e.clientX - p[0], e.clientY - p[1]);
      moved += Math.abs(e.clientX - p[0]) + Math.abs(e.clientY - p[1]);
    }
    pointers[e.pointerId] = [e.clientX, e.clientY];
    if (ids.length === 2) {
      var a = pointers[ids[0]], b = pointers[ids[1]];
      var d = Math.hypot(a[0] - b[0], a[1] - b[1]);
      if (pinch) {
        var c = toSvg((a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
        zoom(d / pinch, c[0], c[1]);
      }
      pinch = d;
      moved = 99;
    }
  });
  function up(e) { delete pointers[e.pointerId]; pinch = 0; }
  stage.addEventListener("pointerup", up);
  stage.addEventListener("pointercancel", up);
  stage.addEventListener("wheel", function (e) {
    e.preventDefault();
    var c = toSvg(e.clientX, e.clientY);
    zoom(Math.exp(-e.deltaY * 0.0015), c[0], c[1]);
  }, { passive: false });
  stage.addEventListener("click", function (e) {
    if (moved > 6) { return; }
    var g = pressed && pressed.closest && pressed.closest("g.node");
    if (g && g.id.indexOf(":") > 0) { select(keyOf(g)); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.target === $("when")) { return; }  // the slider's own arrow keys
    if (e.target === q) {
      if (e.key === "Escape") { q.value = ""; search(""); stage.focus(); }
      return;
    }
    var k = e.key, s = 80;
    if (k === "+" || k === "=") { zoom(1.25); } else if (k === "-") { zoom(0.8); }
    else if (k === "0") { fit(); } else if (k === "ArrowLeft") { pan(s, 0); }
    else if (k === "ArrowRight") { pan(-s, 0); } else if (k === "ArrowUp") { pan(0, s); }
    else if (k === "ArrowDown") { pan(0, -s); } else if (k === "/") { q.focus(); }
    else if (k === "]") { go(step + 1); } else if (k === "[") { go(step - 1); }
    else if (k === "Escape") { search(""); show(null); }
    else { return; }
    e.preventDefault();
  });

  // --- views: a plan's before/after/delta, a county's towns ------------------------------
  function open(i, remember) {
    if (remember) { back.push(cur); }
    views[cur].classList.remove("on");
    cur = i;
    views[cur].classList.add("on");
    if (!V[cur].box) { fit(); }
    $("back").hidden = !back.length;
    Array.prototype.forEach.call(document.querySelectorAll("#views button"), function (b) {
      b.classList.toggle("on", Number(b.dataset.view) === cur);
    });
    if (step >= 0 && cur !== D.eventView) { step = -1; paintStep(); }
    search(q.value);
    show(null);
  }
  D.views.forEach(function (v, i) {
    if (!v.tab) { return; }
    var b = el("button", v.label);
    b.dataset.view = String(i);
    b.addEventListener("click", function () { back = []; open(i, false); });
    $("views").appendChild(b);
  });
  $("back").addEventListener("click", function () { if (back.length) { open(back.pop(), false); } });

  // --- search: name, nameplate, function, id; the path to the top -------------------------
  function clearMarks(cls) {
    Array.prototype.forEach.call(document.querySelectorAll("." + cls), function (g) {
      g.classList.remove(cls);
    });
  }
  function mark(key, cls) { var g = node(key); if (g) { g.classList.add(cls); } return g; }
  function texts(r) {
    return [r.id, r.name, r.name_en, r.short_name, r.place].concat(r.nameplates || [],
      r.functions || []).filter(Boolean).join("\n").toLowerCase();
  }
  // mark the drawn line from a leader to a unit: one edge, or a chain through the bus points
  // ("bus:ID") beside a column of boxes
  function lineUp(up, key, depth) {
    var direct = V[cur].edges[up + "->" + key];
    if (direct) {
      direct.forEach(function (g) { g.classList.add("path"); });
      return true;
    }
    return depth < 200 && (V[cur].into[key] || []).some(function (src) {
      if (src.indexOf("bus:") !== 0 || !lineUp(up, src, depth + 1)) { return false; }
      V[cur].edges[src + "->" + key].forEach(function (g) { g.classList.add("path"); });
      return true;
    });
  }
  function pathUp(key) {
    var units = V[cur].units, r = units[key], seen = {};
    var prefix = r ? key.slice(0, key.length - r.id.length) : "";
    while (r && r.parent && !seen[key]) {
      seen[key] = 1;
      var up = prefix + r.parent;
      mark(up, "path");
      lineUp(up, key, 0);
      key = up;
      r = units[key];
    }
  }
  function search(text) {
    clearMarks("hit"); clearMarks("path");
    var hits = $("hits"), words = text.trim().toLowerCase();
    hits.textContent = "";
    V[cur].svg.classList.toggle("searching", !!words);
    if (!words) { $("count").textContent = ""; return []; }
    var found = Object.keys(V[cur].units).filter(function (k) {
      return texts(V[cur].units[k]).indexOf(words) >= 0 && node(k);
    });
    found.forEach(function (k) { mark(k, "hit"); pathUp(k); });
    $("count").textContent = found.length + " 个结果";
    found.slice(0, 100).forEach(function (k) {
      var b = el("button", V[cur].units[k].name + " (" + V[cur].units[k].id + ")");
      b.addEventListener("click", function () { select(k); focusOn([k]); });
      hits.appendChild(b);
    });
    return found;
  }
  q.addEventListener("input", function () { search(q.value); });
  q.addEventListener("keydown", function (e) {
    if (e.key !== "Enter") { return; }
    var found = search(q.value);
    if (found.length) { select(found[0]); focusOn(found.slice(0, 20)); }
  });

  // --- the details panel --------------------------------------------------------------------
  function select(key) {
    clearMarks("sel");
    mark(key, "sel");
    show(V[cur].units[key] || null);
  }
  function section(title, items) {
    if (!items.length) { return; }
    side.appendChild(el("h3", title));
    var ul = el("ul");
    items.forEach(function (it) { ul.appendChild(it instanceof Node ? it : el("li", it)); });
    side.appendChild(ul);
  }
  function show(r) {
    side.textContent = "";
    if (!r) { side.appendChild(el("p", "点击机构查看详情；/ 搜索，+ − 缩放，0 适应。", "hint")); return; }
    var h = el("h2", r.name);
    if (r.verified === false) { h.appendChild(el("span", " ※未核实", "mark")); }
    side.appendChild(h);
    var facts = [["编号", r.id], ["英文名", r.name_en], ["简称", r.short_name], ["类别", r.category],
                 ["类型", r.kind], ["规格", r.rank], ["上级", r.parent_name], ["地名", r.place],
                 ["机构数", r.units]];
    var t = el("table");
    facts.forEach(function (f) {
      if (f[1] === undefined || f[1] === null) { return; }
      var tr = el("tr"); tr.appendChild(el("td", f[0])); tr.appendChild(el("td", f[1]));
      t.appendChild(tr);
    });
    side.appendChild(t);
    if (r.staffing) {
      var est = r.estimated ? "≈" : "";
      section("编制" + (r.estimated ? "（估计）" : ""), r.staffing.posts.map(function (p) {
        return p[0] + "：" + est + p[1]; }).concat(r.staffing.actual !== undefined ?
        ["实有人数：" + r.staffing.actual] : [], r.staffing.actual_by_type ?
        r.staffing.actual_by_type.map(function (p) { return p[0] + "实有：" + p[1]; }) : [],
        r.staffing.outside ?
        ["编外人员：" + r.staffing.outside] : []));
      section("领导职数", r.staffing.leaders.map(function (p) { return p[0] + "：" + est + p[1]; }));
    }
    section("挂牌", r.nameplates || []);
    section("职能", r.functions || []);
    section("关系", (r.links || []).map(function (l) { return l[0] + "：" + l[1]; }));
    section("来源", (r.sources || []).map(sourceItem));
    if (r.note) { section("说明", [r.note]); }
    if (r.verified === false) { section("核实", ["※ 未核实：含推测或重建的事实"]); }
    if (r.view !== undefined) {
      var b = el("button", "打开 " + r.place);
      b.addEventListener("click", function () { open(r.view, true); });
      side.appendChild(b);
    }
  }

  // --- a plan's events, one at a time ----------------------------------------------------------
  function paintStep() {
    clearMarks("ev");
    var svg = V[cur].svg, ev = D.events && D.events[step];
    svg.classList.toggle("stepping", !!ev);
    $("step").textContent = ev ? ev.n + "/" + D.events.length + " " + ev.type + "：" +
      ev.names.join("、") + (ev.note ? " — " + ev.note : "") : "";
    if (!ev) { return; }
    var keys = ev.b.map(function (x) { return "b:" + x; }).concat(
      ev.a.map(function (x) { return "a:" + x; }));
    keys.forEach(function (k) { mark(k, "ev"); });
    // a unit's lines, and on through the junction of a fan of lines ("fan-...") it joins
    var from = ev.b.map(function (x) { return "b:" + x + "->"; });
    Object.keys(V[cur].edges).forEach(function (t) {
      if (from.some(function (f) { return t.indexOf(f) === 0; })) {
        var to = t.slice(t.lastIndexOf("->") + 2);
        if (to.indexOf("fan-") === 0 && from.indexOf(to + "->") < 0) { from.push(to + "->"); }
      }
    });
    Object.keys(V[cur].edges).forEach(function (t) {
      if (from.some(function (f) { return t.indexOf(f) === 0; })) {
        V[cur].edges[t].forEach(function (g) { g.classList.add("ev"); });
      }
    });
    focusOn(keys);
  }
  function go(i) {
    if (!D.events || !D.events.length) { return; }
    if (cur !== D.eventView) { open(D.eventView, false); }
    step = Math.max(-1, Math.min(D.events.length - 1, i));
    paintStep();
    if (step < 0) { fit(); }
  }
  if (D.events && D.events.length) {
    $("steps").hidden = false;
    $("prev").addEventListener("click", function () { go(step - 1); });
    $("next").addEventListener("click", function () { go(step + 1); });
  }

  // --- a history's date slider: one pre-drawn view per stop, the changes that led there ------
  function facts(rows) {
    var t = el("table");
    rows.forEach(function (f) {
      if (f[1] === undefined || f[1] === null || f[1] === "") { return; }
      var tr = el("tr"); tr.appendChild(el("td", f[0])); tr.appendChild(el("td", f[1]));
      t.appendChild(tr);
    });
    return t;
  }
  function sourceItem(s) {
    var li = el("li");
    if (s.url && /^https?:\/\//i.test(s.url)) {
      var a = el("a", s.title);
      a.href = s.url; a.target = "_blank"; a.rel = "noopener noreferrer";
      li.appendChild(a);
    } else { li.textContent = s.title; }
    if (s.date) { li.appendChild(document.createTextNode(" (" + s.date + ")")); }
    return li;
  }
  function list(title, items, box) {
    if (!items || !items.length) { return; }
    box.appendChild(el("h4", title));
    var ul = el("ul");
    items.forEach(function (it) { ul.appendChild(it instanceof Node ? it : el("li", it)); });
    box.appendChild(ul);
  }
  function changeBox(c) {
    var box = el("div", null, "chg" + (c.planned ? " planned" : ""));
    box.dataset.change = c.id;
    box.appendChild(el("h3", c.when + " " + (c.number || "") + " [" + c.id + "]" +
      (c.planned ? " （规划，未施行）" : "")));
    box.appendChild(facts([["文号", c.number || "未知"], ["文件名称", c.title],
      ["发文机关", c.issuer], ["批准日期", c.approved], ["施行日期", c.effective],
      ["状态", c.status], ["证据", c.evidence]]));
    list("变更", c.steps, box);
    list("来源", (c.sources || []).map(sourceItem), box);
    if (c.note) { list("说明", [c.note], box); }
    return box;
  }
  var stopAt = -1;
  function showStop(i) {
    var s = D.stops[i], box = $("change");
    stopAt = i;
    $("when").value = String(i);
    $("whenlabel").textContent = s.label + (s.planned ? "（规划）" : "");
    Array.prototype.forEach.call(document.querySelectorAll("#stops button"), function (b) {
      b.classList.toggle("on", Number(b.dataset.stop) === i);
    });
    box.textContent = "";
    box.classList.toggle("planned", s.planned);
    stage.classList.toggle("planned", s.planned);  // the chart itself says it is a plan
    if (s.start) {
      var st = el("div", null, "chg");
      st.appendChild(el("h3", "起点：" + s.start.name + (s.start.when ? "（" + s.start.when + "）" : "")));
      list("来源", (s.start.sources || []).map(sourceItem), st);
      if (s.start.note) { list("说明", [s.start.note], st); }
      box.appendChild(st);
    }
    if (s.problem) { box.appendChild(el("p", "无法应用此规划：" + s.problem, "mark")); }
    s.changes.forEach(function (c) { box.appendChild(changeBox(c)); });
    back = [];
    open(s.view, false);
    document.body.dataset.stop = String(i);
  }
  if (D.stops && D.stops.length) {
    $("slider").hidden = false; $("stops").hidden = false; $("change").hidden = false;
    $("when").max = String(D.stops.length - 1);
    $("when").addEventListener("input", function () { showStop(Number($("when").value)); });
    var planned = false;
    D.stops.forEach(function (s, i) {
      if (s.planned && !planned) { planned = true; $("stops").appendChild(el("span", "规划：", "sep")); }
      var b = el("button", s.label, s.planned ? "planned" : "");
      b.dataset.stop = String(i);
      b.title = s.changes.map(function (c) { return c.id; }).join("、");
      b.addEventListener("click", function () { showStop(i); });
      $("stops").appendChild(b);
    });
  }

  // --- fit, zoom buttons, print, PNG of the current view -------------------------------------
  $("fit").addEventListener("click", fit);
  $("zin").addEventListener("click", function () { zoom(1.25); });
  $("zout").addEventListener("click", function () { zoom(0.8); });
  var kept = null;
  window.addEventListener("beforeprint", function () { kept = V[cur].box; fit(); });
  window.addEventListener("afterprint", function () { if (kept) { setBox(kept); } });
  $("print").addEventListener("click", function () { window.print(); });
  $("png").addEventListener("click", function () {
    var svg = V[cur].svg, r = stage.getBoundingClientRect(), scale = 2;
    var copy = svg.cloneNode(true);
    copy.setAttribute("width", String(Math.round(r.width * scale)));
    copy.setAttribute("height", String(Math.round(r.height * scale)));
    var style = document.createElementNS("http://www.w3.org/2000/svg", "style");
    style.textContent = Array.prototype.map.call(document.styleSheets[0].cssRules,
      function (c) { return c.selectorText && c.selectorText.indexOf("g.") >= 0 ? c.cssText : ""; }
    ).join("\n");
    copy.insertBefore(style, copy.firstChild);
    var img = new Image();
    img.onload = function () {
      var c = document.createElement("canvas");
      c.width = Math.round(r.width * scale); c.height = Math.round(r.height * scale);
      var ctx = c.getContext("2d");
      ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, c.width, c.height);
      ctx.drawImage(img, 0, 0);
      var a = document.createElement("a");
      a.download = (D.file || "chart") + ".png";
      a.href = c.toDataURL("image/png");
      document.body.appendChild(a); a.click(); a.remove();
      document.body.dataset.png = String(a.href.length);
    };
    img.src = "data:image/svg+xml;charset=utf-8," +
      encodeURIComponent(new XMLSerializer().serializeToString(copy));
  });

  if (D.stops && D.stops.length) { showStop(D.stop || 0); } else { open(0, false); }
  document.body.dataset.ready = "1";
}());
