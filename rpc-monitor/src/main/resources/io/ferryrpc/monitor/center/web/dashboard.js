/*
 * Ferry monitor dashboard: polls /api/services every 2 s and renders services, methods, charts, providers and the
 * topology. Plain JS, no build step, no inline code (the center's Content-Security-Policy forbids it).
 *
 * Observable for tests: every method card has data-service and data-method; every chart container has data-chart
 * (qps | errors | p99) and data-points (points with data); <body> gets data-updated (the JSON's "now") and
 * data-services after every successful render.
 */
(function () {
  'use strict';

  var API = 'api/services?window=60';
  var POLL_MILLIS = 2000;
  var FETCH_TIMEOUT_MILLIS = 5000;
  var CHART_HEIGHT = 120;

  var CHARTS = [
    { kind: 'qps', title: 'QPS', color: '#2563eb', fill: 'rgba(37, 99, 235, 0.12)',
      value: function (p) { return num(p.qps); },
      has: function (p) { return num(p.qps) > 0; },
      format: function (v) { return fmtRate(v); } },
    { kind: 'errors', title: 'Error rate', color: '#dc2626', fill: 'rgba(220, 38, 38, 0.12)',
      value: function (p) { return num(p.qps) > 0 && isNum(p.errorRate) ? p.errorRate * 100 : null; },
      has: function (p) { return num(p.qps) > 0; },
      format: function (v) { return fmtNum(v) + ' %'; } },
    { kind: 'p99', title: 'p99 latency', color: '#7c3aed', fill: 'rgba(124, 58, 237, 0.12)',
      value: function (p) { return isNum(p.p99Ms) ? p.p99Ms : null; },
      has: function (p) { return isNum(p.p99Ms); },
      format: function (v) { return fmtMs(v); } }
  ];

  /** Per method card: { el, stats, providers, charts: { kind: { box, plot, last } } }, by service + '\n' + method. */
  var cards = new Map();
  /** Per service section element, by service. */
  var sections = new Map();

  // ---------------------------------------------------------------- formatting, null-safe

  function isNum(v) {
    return typeof v === 'number' && isFinite(v);
  }

  function num(v) {
    return isNum(v) ? v : 0;
  }

  function esc(v) {
    return String(v == null ? '' : v).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function fmtNum(v) {
    if (!isNum(v)) return '–';
    var a = Math.abs(v);
    if (a === 0) return '0';
    if (a >= 100) return v.toFixed(0);
    if (a >= 10) return v.toFixed(1);
    if (a >= 1) return v.toFixed(2);
    return v.toPrecision(2);
  }

  function fmtInt(v) {
    return isNum(v) ? Math.round(v).toLocaleString('en-US') : '–';
  }

  function fmtRate(v) {
    return isNum(v) ? fmtNum(v) + '/s' : '–';
  }

  function fmtPct(v) {
    if (!isNum(v)) return '–';
    var p = v * 100;
    return (p === 0 ? '0' : p >= 10 ? p.toFixed(1) : p.toFixed(2)) + ' %';
  }

  function fmtMs(v) {
    if (!isNum(v)) return '–';
    if (Math.abs(v) >= 1000) return (v / 1000).toFixed(2) + ' s';
    return fmtNum(v) + ' ms';
  }

  function fmtAxis(v) {
    if (!isNum(v)) return '';
    return Number.isInteger(v) ? String(v) : fmtNum(v);
  }

  function fmtClock(millis) {
    var d = new Date(millis);
    function two(n) { return (n < 10 ? '0' : '') + n; }
    return two(d.getHours()) + ':' + two(d.getMinutes()) + (d.getSeconds() ? ':' + two(d.getSeconds()) : '');
  }

  function fmtTime(millis) {
    if (!isNum(millis)) return '–';
    var d = new Date(millis);
    function two(n) { return (n < 10 ? '0' : '') + n; }
    return two(d.getHours()) + ':' + two(d.getMinutes()) + ':' + two(d.getSeconds());
  }

  function arr(v) {
    return Array.isArray(v) ? v : [];
  }

  function obj(v) {
    return v && typeof v === 'object' ? v : null;
  }

  // ---------------------------------------------------------------- DOM helpers

  function el(tag, className, attrs) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    }
    return e;
  }

  /** Puts the children in the given order, moving only what is out of place, and removes the rest. */
  function arrange(parent, children) {
    children.forEach(function (child, i) {
      if (parent.children[i] !== child) {
        parent.insertBefore(child, parent.children[i] || null);
      }
    });
    while (parent.children.length > children.length) {
      parent.removeChild(parent.lastElementChild);
    }
  }

  // ---------------------------------------------------------------- charts

  function chartWidth(box) {
    return Math.max(120, Math.floor(box.clientWidth || 200));
  }

  function makePlot(def, box) {
    if (typeof window.uPlot !== 'function') return null;
    var axisFont = '10px system-ui, sans-serif';
    var opts = {
      width: chartWidth(box),
      height: CHART_HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 5 } },
      padding: [8, 8, 0, 0],
      scales: {
        x: { time: true },
        y: { range: function (u, min, max) {
          var top = isNum(max) && max > 0 ? max * 1.15 : 1;
          if (def.kind === 'errors') top = Math.min(100, Math.max(top, 5));
          return [0, top];
        } }
      },
      axes: [
        { font: axisFont, size: 22, stroke: '#64748b', grid: { stroke: '#eef2f7', width: 1 },
          ticks: { show: false }, space: 50,
          values: function (u, splits) { return splits.map(function (v) { return fmtClock(v * 1000); }); } },
        { font: axisFont, size: 44, stroke: '#64748b', grid: { stroke: '#eef2f7', width: 1 },
          ticks: { show: false },
          values: function (u, splits) { return splits.map(fmtAxis); } }
      ],
      series: [
        {},
        { label: def.title, stroke: def.color, fill: def.fill, width: 1.5, spanGaps: false,
          // Error rate and p99 have gaps where there were no calls: dots keep isolated values visible.
          points: def.kind === 'qps' ? { show: false } : { show: true, size: 4, width: 0, fill: def.color } }
      ]
    };
    return new window.uPlot(opts, [[], []], box);
  }

  function updateChart(chart, def, points) {
    var xs = [];
    var ys = [];
    var withData = 0;
    var last = null;
    points.forEach(function (p) {
      p = obj(p);
      if (!p || !isNum(p.t)) return;
      xs.push(p.t / 1000);
      var y = def.value(p);
      ys.push(y);
      if (def.has(p)) {
        withData++;
      }
      if (y != null) last = y;
    });
    chart.box.setAttribute('data-points', String(withData));
    chart.latest.textContent = last == null ? '–' : def.format(last);
    if (chart.plot) {
      chart.plot.setData([xs, ys]);
    }
  }

  window.addEventListener('resize', (function () {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        cards.forEach(function (card) {
          Object.keys(card.charts).forEach(function (kind) {
            var c = card.charts[kind];
            if (c.plot) c.plot.setSize({ width: chartWidth(c.box), height: CHART_HEIGHT });
          });
        });
      }, 150);
    };
  })());

  // ---------------------------------------------------------------- method cards

  function createCard(service, method) {
    var card = { charts: {} };
    card.el = el('article', 'card', { 'data-service': service, 'data-method': method });
    var head = el('header', 'card-head');
    var title = el('h3');
    title.textContent = method;
    card.badge = el('span', 'badge');
    head.appendChild(title);
    head.appendChild(card.badge);
    card.el.appendChild(head);

    card.stats = el('div', 'stats');
    card.el.appendChild(card.stats);

    card.chartSide = el('p', 'chart-side');
    card.el.appendChild(card.chartSide);
    var row = el('div', 'charts');
    card.el.appendChild(row);
    CHARTS.forEach(function (def) {
      var cell = el('figure', 'chart');
      var caption = el('figcaption');
      var name = el('span', 'chart-title');
      name.textContent = def.title;
      var latest = el('span', 'chart-latest');
      caption.appendChild(name);
      caption.appendChild(latest);
      var box = el('div', 'chart-box', { 'data-chart': def.kind, 'data-points': '0' });
      cell.appendChild(caption);
      cell.appendChild(box);
      row.appendChild(cell);
      card.charts[def.kind] = { box: box, latest: latest, plot: null, def: def };
    });

    card.providers = el('div', 'providers');
    card.el.appendChild(card.providers);
    return card;
  }

  function statsTable(client, server) {
    var rows = [
      ['Calls', 'calls', fmtInt],
      ['Errors', 'errors', fmtInt],
      ['QPS', 'qps', fmtRate],
      ['Error rate', 'errorRate', fmtPct],
      ['p50', 'p50Ms', fmtMs],
      ['p95', 'p95Ms', fmtMs],
      ['p99', 'p99Ms', fmtMs]
    ];
    var html = '<table class="stats-table"><thead><tr><th></th>' +
        '<th title="As the consumers observed it, merged over all consumers">Client side</th>' +
        '<th title="Execution on the providers, merged over all providers">Server side</th></tr></thead><tbody>';
    rows.forEach(function (r) {
      var cls = r[1] === 'errors' || r[1] === 'errorRate' ? ' class="err-row"' : '';
      html += '<tr' + cls + '><th scope="row">' + r[0] + '</th>' +
          '<td>' + esc(client ? r[2](client[r[1]]) : '–') + '</td>' +
          '<td>' + esc(server ? r[2](server[r[1]]) : '–') + '</td></tr>';
    });
    return html + '</tbody></table>';
  }

  function providersTable(providers, applications) {
    providers = arr(providers).filter(function (p) { return obj(p) && p.address != null; });
    if (providers.length === 0) {
      return '<p class="hint">No consumer has reported calls to a provider of this method in the window.</p>';
    }
    var widest = 0;
    providers.forEach(function (p) {
      var c = obj(p.consumerLatency);
      if (c && isNum(c.p50Ms)) widest = Math.max(widest, c.p50Ms);
    });
    var html = '<h4>Where the time goes <span class="hint">per provider: latency the consumers saw beside the ' +
        'provider\'s own processing time; the rest is network and queueing</span></h4>' +
        '<div class="table-scroll"><table class="providers-table"><thead>' +
        '<tr class="group"><th></th><th></th><th colspan="3">p50</th><th colspan="2">p99</th>' +
        '</tr><tr><th>Provider</th><th class="num">Calls</th>' +
        '<th class="num">Consumer</th><th class="num">Provider</th><th class="num">Overhead</th>' +
        '<th class="num">Consumer</th><th class="num">Provider</th></tr></thead>';
    providers.forEach(function (p) {
      var c = obj(p.consumerLatency) || {};
      var t = obj(p.providerTime) || {};
      var overhead = isNum(p.overheadP50Ms) ? p.overheadP50Ms
          : (isNum(c.p50Ms) && isNum(t.p50Ms) ? c.p50Ms - t.p50Ms : null);
      var app = applications.get(p.address);
      html += '<tbody class="provider"><tr><td class="addr">' + esc(p.address) +
          (app ? '<span class="app">' + esc(app) + '</span>' : '') + '</td>' +
          '<td class="num">' + esc(fmtInt(c.calls)) +
          (num(c.errors) > 0 ? '<span class="err">' + esc(fmtInt(c.errors)) + ' failed</span>' : '') + '</td>' +
          '<td class="num strong">' + esc(fmtMs(c.p50Ms)) + '</td>' +
          '<td class="num provider-ink">' + esc(fmtMs(t.p50Ms)) + '</td>' +
          '<td class="num overhead-ink">' + esc(fmtMs(overhead)) + '</td>' +
          '<td class="num strong">' + esc(fmtMs(c.p99Ms)) + '</td>' +
          '<td class="num provider-ink">' + esc(fmtMs(t.p99Ms)) + '</td></tr>' +
          '<tr class="bar-row"><td colspan="7">' + timeBar(c.p50Ms, t.p50Ms, widest) + '</td></tr></tbody>';
    });
    return html + '</table></div>';
  }

  /** A stacked bar of the consumers' p50: the provider's processing time and the rest (network + queueing). */
  function timeBar(consumerMs, providerMs, widest) {
    if (!isNum(consumerMs) || consumerMs <= 0 || !(widest > 0)) {
      return '<span class="hint">no latency reported</span>';
    }
    var provider = isNum(providerMs) ? Math.max(0, Math.min(providerMs, consumerMs)) : 0;
    var rest = consumerMs - provider;
    var total = Math.max(2, consumerMs / widest * 100);
    var providerPct = provider / consumerMs * 100;
    return '<div class="time-split"><div class="bar" title="' + esc('p50 as consumers saw it: ' +
        fmtMs(consumerMs)) + '"><div class="bar-fill" style="width:' + total.toFixed(1) + '%">' +
        '<span class="seg seg-provider" style="width:' + providerPct.toFixed(1) + '%"></span>' +
        '<span class="seg seg-overhead" style="width:' + (100 - providerPct).toFixed(1) + '%"></span></div></div>' +
        '<div class="legend"><span class="key key-provider"></span>provider ' + esc(fmtMs(provider)) +
        ' (' + esc((providerPct).toFixed(0)) + ' %)' +
        '<span class="key key-overhead"></span>network + queueing ' + esc(fmtMs(rest)) +
        ' (' + esc((100 - providerPct).toFixed(0)) + ' %)</div></div>';
  }

  function renderCard(card, m, applications) {
    var client = obj(m.client);
    var server = obj(m.server);
    var main = client || server;
    var rate = main && isNum(main.errorRate) ? main.errorRate : 0;
    card.badge.textContent = rate > 0 ? fmtPct(rate) + ' errors' : (main ? 'ok' : 'idle');
    card.badge.className = 'badge ' + (rate > 0 ? (rate >= 0.05 ? 'badge-bad' : 'badge-warn') : 'badge-ok');
    card.stats.innerHTML = statsTable(client, server);

    var series = obj(m.series) || {};
    var clientPoints = arr(series.client);
    var points = clientPoints.length > 0 ? clientPoints : arr(series.server);
    card.chartSide.textContent = points.length === 0 ? 'History: no completed interval yet'
        : 'History (' + (clientPoints.length > 0 ? 'client side' : 'server side') + ')';
    CHARTS.forEach(function (def) {
      var chart = card.charts[def.kind];
      if (!chart.plot) chart.plot = makePlot(def, chart.box);
      updateChart(chart, def, points);
    });
    card.providers.innerHTML = providersTable(m.providers, applications);
  }

  function destroyCard(card) {
    Object.keys(card.charts).forEach(function (kind) {
      var c = card.charts[kind];
      if (c.plot) c.plot.destroy();
    });
  }

  // ---------------------------------------------------------------- services

  function renderServices(services, applications) {
    var container = document.getElementById('services');
    var seenCards = new Set();
    var order = [];
    services.forEach(function (s) {
      var service = String(s.service);
      var section = sections.get(service);
      if (!section) {
        section = el('section', 'service', { 'data-service-section': service });
        var h = el('h2');
        h.textContent = service;
        section.appendChild(h);
        section.appendChild(el('p', 'service-summary'));
        section.appendChild(el('div', 'cards'));
        sections.set(service, section);
      }
      order.push(section);
      var methods = arr(s.methods).filter(function (m) { return obj(m) && m.method != null; });
      var calls = 0;
      var errors = 0;
      methods.forEach(function (m) {
        var st = obj(m.client) || obj(m.server);
        if (st) {
          calls += num(st.calls);
          errors += num(st.errors);
        }
      });
      section.querySelector('.service-summary').textContent = methods.length + ' method' +
          (methods.length === 1 ? '' : 's') + ' · ' + fmtInt(calls) + ' calls · ' + fmtInt(errors) +
          ' errors in the window';
      var grid = section.querySelector('.cards');
      var cardEls = [];
      methods.forEach(function (m) {
        var key = service + '\n' + m.method;
        var card = cards.get(key);
        var fresh = !card;
        if (fresh) {
          card = createCard(service, String(m.method));
          cards.set(key, card);
        }
        cardEls.push(card.el);
        seenCards.add(key);
        if (fresh) {
          // In the document first, so that the charts know their width.
          grid.appendChild(card.el);
          if (!section.parentNode) container.appendChild(section);
        }
        renderCard(card, m, applications);
      });
      arrange(grid, cardEls);
    });
    arrange(container, order);
    cards.forEach(function (card, key) {
      if (!seenCards.has(key)) {
        destroyCard(card);
        cards.delete(key);
      }
    });
    sections.forEach(function (section, service) {
      if (!section.parentNode || section.parentNode !== container) sections.delete(service);
    });
  }

  // ---------------------------------------------------------------- topology

  function renderTopology(topology, metricServices) {
    topology = obj(topology) || {};
    var byService = new Map();
    function entry(service) {
      var e = byService.get(service);
      if (!e) {
        e = { consumers: new Map(), providers: new Map(), edges: [] };
        byService.set(service, e);
      }
      return e;
    }
    arr(topology.services).forEach(function (s) {
      if (!obj(s) || s.service == null) return;
      var e = entry(String(s.service));
      arr(s.consumers).forEach(function (c) {
        if (!obj(c) || c.application == null) return;
        var info = e.consumers.get(c.application) || { instances: 0 };
        info.instances++;
        e.consumers.set(c.application, info);
      });
      arr(s.providers).forEach(function (p) {
        if (obj(p) && p.address != null) e.providers.set(p.address, { application: p.application });
      });
    });
    arr(topology.edges).forEach(function (edge) {
      if (!obj(edge) || edge.service == null || edge.consumer == null || edge.provider == null) return;
      var e = entry(String(edge.service));
      if (!e.consumers.has(edge.consumer)) e.consumers.set(edge.consumer, { instances: 0 });
      if (!e.providers.has(edge.provider)) e.providers.set(edge.provider, {});
      e.edges.push(edge);
    });
    var section = document.getElementById('topology-section');
    var box = document.getElementById('topology');
    if (byService.size === 0) {
      section.hidden = metricServices === 0;
      box.innerHTML = '<p class="hint">The registry lists no services and no consumer reported calls.</p>';
      return;
    }
    section.hidden = false;
    var html = '';
    Array.from(byService.keys()).sort().forEach(function (service) {
      html += topologyDiagram(service, byService.get(service));
    });
    box.innerHTML = html;
  }

  function topologyDiagram(service, e) {
    var consumers = Array.from(e.consumers.keys()).sort();
    var providers = Array.from(e.providers.keys()).sort();
    var rowH = 46;
    var boxH = 36;
    var W = 860;
    var boxW = 250;
    var leftX = 10;
    var rightX = W - boxW - 10;
    var rows = Math.max(consumers.length, providers.length, 1);
    var H = rows * rowH + 16;
    function y(i, n) {
      var offset = (rows - n) * rowH / 2;
      return 10 + offset + i * rowH;
    }
    var maxCalls = 1;
    e.edges.forEach(function (edge) { maxCalls = Math.max(maxCalls, num(edge.calls)); });
    var svg = '<svg class="topo" viewBox="0 0 ' + W + ' ' + H + '" width="100%" preserveAspectRatio="xMinYMin meet"' +
        ' role="img" aria-label="' + esc('Topology of ' + service) + '">';
    e.edges.forEach(function (edge) {
      var ci = consumers.indexOf(edge.consumer);
      var pi = providers.indexOf(edge.provider);
      if (ci < 0 || pi < 0) return;
      var x1 = leftX + boxW;
      var y1 = y(ci, consumers.length) + boxH / 2;
      var x2 = rightX;
      var y2 = y(pi, providers.length) + boxH / 2;
      var mx = (x1 + x2) / 2;
      var width = 1.5 + 4 * Math.log(1 + num(edge.calls)) / Math.log(1 + maxCalls);
      svg += '<path class="edge" d="M' + x1 + ',' + y1 + ' C' + mx + ',' + y1 + ' ' + mx + ',' + y2 + ' ' +
          (x2 - 6) + ',' + y2 + '" stroke-width="' + width.toFixed(1) + '"/>' +
          '<path class="arrow" d="M' + (x2 - 8) + ',' + (y2 - 5) + ' L' + x2 + ',' + y2 + ' L' + (x2 - 8) + ',' +
          (y2 + 5) + ' Z"/>';
      var lx = mx;
      var ly = (y1 + y2) / 2;
      var label = fmtInt(edge.calls) + ' calls';
      svg += '<rect class="edge-label-bg" x="' + (lx - 38) + '" y="' + (ly - 10) + '" width="76" height="18"' +
          ' rx="9"/><text class="edge-label" x="' + lx + '" y="' + (ly + 3) + '" text-anchor="middle">' +
          esc(label) + '</text>';
    });
    consumers.forEach(function (name, i) {
      var info = e.consumers.get(name) || {};
      var top = y(i, consumers.length);
      var sub = info.instances > 0 ? info.instances + ' instance' + (info.instances === 1 ? '' : 's') : 'consumer';
      svg += node(leftX, top, boxW, boxH, 'node-consumer', name, sub);
    });
    providers.forEach(function (address, i) {
      var info = e.providers.get(address) || {};
      svg += node(rightX, y(i, providers.length), boxW, boxH, 'node-provider', address,
          info.application || 'provider');
    });
    svg += '</svg>';
    return '<div class="topo-service"><h3>' + esc(service) + '</h3>' +
        '<div class="topo-cols"><span>Consumer applications</span><span>Provider addresses</span></div>' + svg +
        (e.edges.length === 0 ? '<p class="hint">No calls reported in the window.</p>' : '') + '</div>';
  }

  function node(x, top, w, h, cls, title, sub) {
    var t = String(title);
    if (t.length > 34) t = t.slice(0, 33) + '…';
    return '<g class="node ' + cls + '"><rect x="' + x + '" y="' + top + '" width="' + w + '" height="' + h +
        '" rx="7"/><text class="node-title" x="' + (x + 12) + '" y="' + (top + 16) + '">' + esc(t) + '</text>' +
        '<text class="node-sub" x="' + (x + 12) + '" y="' + (top + 29) + '">' + esc(sub) + '</text></g>';
  }

  // ---------------------------------------------------------------- polling

  function render(data) {
    data = obj(data) || {};
    var services = arr(data.services).filter(function (s) { return obj(s) && s.service != null; });
    var applications = new Map();
    arr(obj(data.topology) && data.topology.services).forEach(function (s) {
      arr(obj(s) && s.providers).forEach(function (p) {
        if (obj(p) && p.address != null && p.application) applications.set(p.address, p.application);
      });
    });

    document.getElementById('loading').hidden = true;
    document.getElementById('nodes').textContent = isNum(data.nodes) ? String(data.nodes) : '–';
    document.getElementById('service-count').textContent = String(services.length);
    document.getElementById('window').textContent = isNum(data.windowSeconds) ? data.windowSeconds + ' s' : '–';
    document.getElementById('updated').textContent = fmtTime(data.now);
    document.getElementById('empty').hidden = services.length > 0;

    renderServices(services, applications);
    renderTopology(data.topology, services.length);

    document.body.setAttribute('data-updated', String(isNum(data.now) ? data.now : Date.now()));
    document.body.setAttribute('data-services', String(services.length));
  }

  function showBanner(message) {
    var banner = document.getElementById('banner');
    if (message) {
      banner.textContent = message;
      banner.hidden = false;
    } else {
      banner.hidden = true;
      banner.textContent = '';
    }
  }

  function poll() {
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, FETCH_TIMEOUT_MILLIS);
    fetch(API, { cache: 'no-store', signal: controller ? controller.signal : undefined })
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      })
      .then(function (data) {
        render(data);
        showBanner(null);
      })
      .catch(function (err) {
        var what = err && err.name === 'AbortError' ? 'timed out' : (err && err.message) || String(err);
        showBanner('Cannot update from the monitor center (' + what + '); retrying every ' +
            POLL_MILLIS / 1000 + ' s. Last good data: ' + document.getElementById('updated').textContent + '.');
        if (window.console) console.warn('ferry dashboard:', err);
      })
      .then(function () {
        clearTimeout(timer);
        setTimeout(poll, POLL_MILLIS);
      });
  }

  poll();
})();
