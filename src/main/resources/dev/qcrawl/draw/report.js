/* qcrawl's HTML report: draws the site from the inline data with Cytoscape.js and wires search, details and
   the broken-links table. Everything it needs is in this page; it loads nothing. */
(function () {
  'use strict';
  var marks = { start: performance.now() };
  var data = JSON.parse(document.getElementById('qcrawl-data').textContent);
  marks.parsed = performance.now();
  var n = data.urls.length;
  var E = data.edges;
  var outLinks = new Array(n);
  var inLinks = new Array(n);
  for (var i = 0; i < n; i++) { outLinks[i] = []; inLinks[i] = []; }
  for (var k = 0; k < E.length; k += 3) { outLinks[E[k]].push(k); inLinks[E[k + 1]].push(k); }
  var drawnAt = new Int32Array(n).fill(-1);
  data.drawn.forEach(function (idx, j) { drawnAt[idx] = j; });

  function shortName(url) {
    var s = url.replace(/^[a-z]+:\/\/[^/]+/i, '');
    if (s === '' || s === '/') { return url; }
    var parts = s.replace(/[?#].*$/, '').split('/').filter(function (p) { return p !== ''; });
    if (!parts.length) { return s; }
    var last = parts[parts.length - 1];
    return (last === 'index.html' || /\/$/.test(s)) && parts.length > 1 ? parts[parts.length - 2] + '/' : last;
  }

  var elements = [];
  data.rings.forEach(function (ring) {
    if (ring.radius > 0) {
      // the label grows with the ring, so that the depths can be read when the whole drawing is in view
      elements.push({ group: 'nodes', data: { id: 'ring' + ring.depth, d: 2 * ring.radius, label: 'depth ' + ring.depth,
        fs: Math.max(12, ring.radius / 14) },
        position: { x: 0, y: 0 }, classes: 'ring', selectable: false, grabbable: false });
    }
  });
  data.drawn.forEach(function (idx, j) {
    elements.push({ group: 'nodes',
      data: { id: 'n' + idx, idx: idx, colour: data.colours[data.cls[idx]], size: data.size[j], label: shortName(data.urls[idx]) },
      position: { x: data.x[j], y: data.y[j] }, classes: idx === data.start ? 'page start' : 'page' });
  });
  data.drawnEdges.forEach(function (e) {
    elements.push({ group: 'edges', data: { id: 'e' + e, source: 'n' + E[3 * e], target: 'n' + E[3 * e + 1] } });
  });

  marks.elements = performance.now();
  var cy = cytoscape({
    container: document.getElementById('graph'),
    elements: elements,
    layout: { name: 'preset', fit: true, padding: 24 },
    minZoom: 0.005,
    maxZoom: 10,
    boxSelectionEnabled: false,
    autoungrabify: true,
    hideEdgesOnViewport: data.drawnEdges.length > 1500,
    style: [
      { selector: 'node.page', style: { 'background-color': 'data(colour)', width: 'data(size)', height: 'data(size)',
        label: 'data(label)', 'font-size': 10, 'min-zoomed-font-size': 8, 'text-valign': 'bottom', 'text-margin-y': 2,
        color: '#333' } },
      { selector: 'node.ring', style: { 'background-opacity': 0, 'border-width': 1, 'border-color': '#e3e3e3',
        width: 'data(d)', height: 'data(d)', events: 'no', label: 'data(label)', 'text-valign': 'top', color: '#999',
        'font-size': 'data(fs)', 'min-zoomed-font-size': 7, 'text-background-color': '#fcfcfc',
        'text-background-opacity': 0.85 } },
      { selector: 'edge', style: { 'curve-style': 'haystack', 'haystack-radius': 0, width: 0.6, 'line-color': '#b0b0b0',
        opacity: 0.55 } },
      { selector: 'node.start', style: { 'border-width': 3, 'border-color': '#000' } },
      { selector: 'node.match', style: { 'border-width': 3, 'border-color': '#ff6f00' } },
      { selector: 'node.page:selected', style: { 'border-width': 4, 'border-color': '#6a1b9a' } },
      { selector: 'edge.near', style: { 'line-color': '#6a1b9a', opacity: 1, width: 1.6 } },
      { selector: '.faded', style: { opacity: 0.12 } }
    ]
  });

  marks.cytoscape = performance.now();
  var details = document.getElementById('details');

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }

  function nodeButton(idx, suffix) {
    var b = el('button', data.urls[idx] + (suffix || ''), 'node-link');
    b.type = 'button';
    b.dataset.idx = idx;
    return b;
  }

  function linkList(title, edges, end) {
    var box = document.createDocumentFragment();
    box.appendChild(el('h4', title + ' (' + edges.length + ')'));
    var ul = el('ul');
    var shown = Math.min(edges.length, 200);
    for (var j = 0; j < shown; j++) {
      var e = edges[j];
      var m = E[e + 2];
      var li = el('li');
      li.appendChild(nodeButton(E[e + end], m > 1 ? ' \u00d7' + m : ''));
      ul.appendChild(li);
    }
    if (edges.length > shown) { ul.appendChild(el('li', 'and ' + (edges.length - shown) + ' more')); }
    box.appendChild(ul);
    return box;
  }

  /** Shows a URL's details; selects it in the drawing when it is drawn. */
  function show(idx, centre) {
    details.textContent = '';
    details.dataset.idx = idx;
    details.appendChild(el('h3', data.urls[idx]));
    var dl = el('dl');
    function row(term, value) { dl.appendChild(el('dt', term)); dl.appendChild(el('dd', value)); }
    row('Status', data.status[idx] === null ? 'none' : String(data.status[idx]));
    if (data.error[idx]) { row('Error', data.error[idx]); }
    row('Depth', String(data.depth[idx]));
    row('Count', data.count[idx]);
    row('Content type', data.type[idx] === null ? 'none' : data.types[data.type[idx]]);
    row('Drawn', drawnAt[idx] >= 0 ? 'yes' : 'no (see the note above the drawing)');
    details.appendChild(dl);
    details.appendChild(linkList('Linked from', inLinks[idx], 0));
    details.appendChild(linkList('Links to', outLinks[idx], 1));
    cy.batch(function () {
      cy.elements(':selected').unselect();
      cy.edges('.near').removeClass('near');
      if (drawnAt[idx] >= 0) {
        var node = cy.getElementById('n' + idx);
        node.select();
        node.connectedEdges().addClass('near');
      }
    });
    if (centre && drawnAt[idx] >= 0) {
      cy.animate({ center: { eles: cy.getElementById('n' + idx) }, zoom: Math.max(cy.zoom(), 1) }, { duration: 300 });
    }
  }

  cy.on('tap', 'node.page', function (evt) { show(evt.target.data('idx'), false); });
  details.addEventListener('click', function (evt) {
    var b = evt.target.closest('.node-link');
    if (b) { show(Number(b.dataset.idx), true); }
  });

  var search = document.getElementById('search');
  var searchCount = document.getElementById('search-count');
  var results = document.getElementById('search-results');
  var lower = null;
  var matches = [];
  var timer = 0;
  function runSearch() {
    var q = search.value.trim().toLowerCase();
    results.textContent = '';
    matches = [];
    cy.batch(function () {
      cy.nodes('.match').removeClass('match');
      cy.nodes('.faded').removeClass('faded');
      if (!q) { return; }
      if (!lower) { lower = data.urls.map(function (u) { return u.toLowerCase(); }); }
      var drawnMatches = 0;
      for (var j = 0; j < n; j++) {
        if (lower[j].indexOf(q) >= 0) {
          matches.push(j);
          if (drawnAt[j] >= 0) { drawnMatches++; cy.getElementById('n' + j).addClass('match'); }
        }
      }
      cy.nodes('.page').not('.match').addClass('faded');
      searchCount.textContent = matches.length + ' URLs match, ' + drawnMatches + ' of them drawn';
    });
    if (!q) { searchCount.textContent = ''; return; }
    matches.slice(0, 100).forEach(function (j) {
      var li = el('li');
      li.appendChild(nodeButton(j, drawnAt[j] >= 0 ? '' : ' (not drawn)'));
      results.appendChild(li);
    });
  }
  search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(runSearch, 120); });
  search.addEventListener('keydown', function (evt) {
    if (evt.key === 'Enter') { clearTimeout(timer); runSearch(); if (matches.length) { show(matches[0], true); } }
  });
  results.addEventListener('click', function (evt) {
    var b = evt.target.closest('.node-link');
    if (b) { show(Number(b.dataset.idx), true); }
  });
  document.getElementById('fit').addEventListener('click', function () { cy.animate({ fit: { padding: 24 } }, { duration: 300 }); });

  var table = document.getElementById('broken');
  if (table) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var filter = document.getElementById('broken-filter');
    var brokenCount = document.getElementById('broken-count');
    var filterRows = function () {
      var q = filter.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (r) {
        r.hidden = q !== '' && r.textContent.toLowerCase().indexOf(q) < 0;
        if (!r.hidden) { shown++; }
      });
      brokenCount.textContent = shown + ' of ' + rows.length + ' shown';
    };
    filter.addEventListener('input', filterRows);
    filterRows();
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      th.querySelector('button').addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.setAttribute('aria-sort', 'none'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var number = th.dataset.type === 'number';
        function key(r) { var c = r.cells[col]; return c.dataset.sort !== undefined ? c.dataset.sort : c.textContent; }
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var c = number ? Number(x) - Number(y) : x.localeCompare(y);
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  window.qcrawlReport = { cy: cy, show: show, drawn: data.drawn.length, urls: n, marks: marks };
  cy.ready(function () {
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        window.qcrawlReport.readyAt = performance.now();
        document.documentElement.dataset.ready = 'true';
      });
    });
  });
}());
