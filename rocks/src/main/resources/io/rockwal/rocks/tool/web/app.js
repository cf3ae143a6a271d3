// rockwal serve: the pages' one script. Everything from the store is put into the page as text
// (textContent, never HTML), so a field holding markup shows as that markup's characters.
'use strict';

const OPERATIONS = ['APPEND', 'SYNC', 'UPDATE', 'DELETE', 'Download', 'REQUEST', 'DELETE_CHECKPOINT', 'CHECKPOINT'];

function el(tag, text, attributes) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  for (const [name, value] of Object.entries(attributes || {})) {
    node.setAttribute(name, value);
  }
  return node;
}

function link(href, text) {
  return el('a', text, {href: href});
}

function showError(message) {
  const box = document.getElementById('error');
  box.textContent = message;
  box.hidden = false;
}

async function api(path) {
  const response = await fetch(path, {credentials: 'same-origin', headers: {'Accept': 'application/json'}});
  const body = await response.json();
  if (!response.ok) {
    const error = new Error(body.error || ('HTTP ' + response.status));
    error.status = response.status;
    throw error;
  }
  return body;
}

function param(name) {
  return new URLSearchParams(window.location.search).get(name);
}

function bytes(n) {
  if (n === null || n === undefined) {
    return '';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = Number(n);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return (unit === 0 ? value : value.toFixed(1)) + ' ' + units[unit];
}

function entryRow(entry) {
  const row = el('tr', null, {'data-lsn': entry.lsn});
  const lsn = el('td');
  lsn.appendChild(link('/entry?lsn=' + encodeURIComponent(entry.lsn), entry.lsn));
  row.appendChild(lsn);
  row.appendChild(el('td', entry.type));
  row.appendChild(el('td', entry.operation));
  row.appendChild(el('td', entry.timestamp ? entry.timestamp.iso : ''));
  row.appendChild(el('td', entry.payloadBytes));
  return row;
}

function definition(list, term, value) {
  list.appendChild(el('dt', term));
  list.appendChild(el('dd', value));
}

async function where() {
  try {
    const stats = await api('/api/stats');
    document.getElementById('where').textContent = stats.directory + ' (' + stats.mode + ')';
    return stats;
  } catch (e) {
    showError(e.message);
    return null;
  }
}

async function overview() {
  const stats = await where();
  if (!stats) {
    return;
  }
  const body = document.querySelector('#types tbody');
  for (const type of stats.types) {
    const row = el('tr', null, {'data-type': type.type});
    const name = el('td');
    name.appendChild(link('/browse?type=' + encodeURIComponent(type.type), type.type));
    row.appendChild(name);
    row.appendChild(el('td', type.entries));
    row.appendChild(el('td', type.firstLsn));
    row.appendChild(el('td', type.lastLsn));
    row.appendChild(el('td', bytes(type.approximateBytes)));
    body.appendChild(row);
  }
  const store = document.getElementById('store');
  definition(store, 'LSNs retained', stats.retainedEntries === 0 ? 'none'
      : stats.firstRetainedLsn + '..' + stats.lastFlushedLsn);
  definition(store, 'entries', stats.retainedEntries);
  definition(store, 'last written', stats.lastUpdated ? stats.lastUpdated.iso : 'never');
  definition(store, 'on disk', bytes(stats.disk.bytes) + ' in ' + stats.disk.files + ' files');
  definition(store, 'format version', stats.formatVersion);
  const checkpoints = document.getElementById('checkpoints');
  if (stats.checkpoints.length === 0) {
    checkpoints.appendChild(el('li', 'none'));
  }
  for (const lsn of stats.checkpoints) {
    const item = el('li');
    item.appendChild(link('/entry?lsn=' + encodeURIComponent(lsn), 'LSN ' + lsn));
    checkpoints.appendChild(item);
  }
  const rocksdb = stats.rocksdb || {};
  const families = document.querySelector('#families tbody');
  for (const [name, family] of Object.entries(rocksdb.columnFamilies || {})) {
    const row = el('tr');
    row.appendChild(el('td', name));
    row.appendChild(el('td', family.level0Files));
    row.appendChild(el('td', bytes(family.sstBytes)));
    row.appendChild(el('td', bytes(family.estimatedLiveDataBytes)));
    row.appendChild(el('td', bytes(family.pendingCompactionBytes)));
    row.appendChild(el('td', family.estimatedKeys));
    row.appendChild(el('td', bytes(family.memtableBytes)));
    families.appendChild(row);
  }
  const figures = document.getElementById('rocksdb');
  for (const [name, value] of Object.entries(rocksdb)) {
    if (typeof value !== 'object') {
      definition(figures, name, value);
    }
  }
}

async function entry() {
  await where();
  const lsn = param('lsn');
  if (!lsn) {
    return;
  }
  document.getElementById('lsn-input').value = lsn;
  try {
    const json = await api('/api/entries/' + encodeURIComponent(lsn));
    document.getElementById('entry-json').textContent = JSON.stringify(json, null, 2);
    document.title = 'rockwal: LSN ' + json.lsn;
    if (json.event && json.event.blockNumber !== undefined) {
      const block = document.getElementById('block-link');
      block.appendChild(link('/browse?block=' + encodeURIComponent(json.event.blockNumber),
          'PoTS block ' + json.event.blockNumber));
    }
    const around = await api('/api/entries/' + encodeURIComponent(lsn) + '/neighbours');
    const nav = document.getElementById('neighbours');
    const steps = [['previous', 'previous entry'], ['next', 'next entry'],
      ['previousOfType', 'previous ' + around.type], ['nextOfType', 'next ' + around.type]];
    for (const [key, label] of steps) {
      if (around[key] !== null) {
        const a = link('/entry?lsn=' + encodeURIComponent(around[key]), label + ' (' + around[key] + ')');
        a.id = 'nav-' + key;
        nav.appendChild(a);
        nav.appendChild(document.createTextNode(' '));
      }
    }
  } catch (e) {
    showError(e.message);
    return;
  }
  document.getElementById('raw-button').addEventListener('click', async () => {
    try {
      const raw = await api('/api/entries/' + encodeURIComponent(lsn) + '?raw=true');
      const box = document.getElementById('entry-raw');
      box.textContent = raw.payload.replace(/(.{64})/g, '$1\n');
      box.hidden = false;
    } catch (e) {
      showError(e.message);
    }
  });
}

async function browse() {
  const stats = await where();
  const typeSelect = document.getElementById('type-select');
  for (const type of (stats ? stats.types : [])) {
    typeSelect.appendChild(el('option', type.type + ' (' + type.entries + ')', {value: type.type}));
  }
  const opSelect = document.getElementById('op-select');
  for (const operation of OPERATIONS) {
    opSelect.appendChild(el('option', operation, {value: operation}));
  }
  const block = param('block');
  if (block) {
    try {
      const found = await api('/api/blocks/' + encodeURIComponent(block));
      window.location.replace('/entry?lsn=' + encodeURIComponent(found.lsn));
    } catch (e) {
      showError(e.message);
    }
    return;
  }
  const query = new URLSearchParams();
  for (const [name, input] of [['type', typeSelect], ['from', document.getElementById('from-input')],
    ['op', opSelect], ['limit', document.getElementById('limit-input')]]) {
    const value = param(name);
    if (value) {
      input.value = value;
      query.set(name, value);
    }
  }
  try {
    const page = await api('/api/entries?' + query.toString());
    const body = document.querySelector('#entries tbody');
    for (const item of page.entries) {
      body.appendChild(entryRow(item));
    }
    const more = document.getElementById('more');
    if (page.entries.length === 0) {
      more.textContent = 'No entry here.';
    }
    if (page.next !== null) {
      query.set('from', page.next);
      const next = link('/browse?' + query.toString(), 'next page (from LSN ' + page.next + ')');
      next.id = 'next-page';
      more.appendChild(next);
    }
  } catch (e) {
    showError(e.message);
  }
}

async function live() {
  await where();
  const status = document.getElementById('live-status');
  const body = document.querySelector('#live-entries tbody');
  const query = new URLSearchParams();
  for (const name of ['from', 'type']) {
    if (param(name)) {
      query.set(name, param(name));
    }
  }
  const source = new EventSource('/api/live?' + query.toString());
  source.addEventListener('start', (event) => {
    status.textContent = 'following from LSN ' + JSON.parse(event.data).from;
    status.dataset.state = 'open';
  });
  source.addEventListener('entry', (event) => {
    body.insertBefore(entryRow(JSON.parse(event.data)), body.firstChild);
    while (body.rows.length > 1000) {
      body.deleteRow(body.rows.length - 1);
    }
  });
  source.addEventListener('end', (event) => {
    status.textContent = 'stopped: ' + JSON.parse(event.data).error;
    source.close();
  });
  source.onerror = () => {
    status.textContent = 'connection lost; retrying...';
  };
}

document.addEventListener('DOMContentLoaded', () => {
  const pages = {overview: overview, entry: entry, browse: browse, live: live};
  const page = pages[document.body.dataset.page];
  if (page) {
    page().catch((e) => showError(e.message));
  }
});
