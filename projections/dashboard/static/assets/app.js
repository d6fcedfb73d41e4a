// Swarm Ledger dashboard: a single page over the read API (/v1).
'use strict';

(() => {
  const API = '/v1';
  const REFRESH_MS = 5000;
  const EPOCH_PAGE = 20;
  const CHART_EPOCHS = 30;
  const NODE_PAGE = 50;
  const TOP_EARNERS = 10;
  const SLASH_PAGE = 100;
  const HEALTHS = ['healthy', 'degraded', 'stale', 'jailed', 'unregistered', 'tombstoned'];

  // ---------------------------------------------------------------- DOM

  const SVG_NS = 'http://www.w3.org/2000/svg';

  function h(tag, attrs, ...kids) {
    return build(document.createElement(tag), attrs, kids);
  }

  function svg(tag, attrs, ...kids) {
    return build(document.createElementNS(SVG_NS, tag), attrs, kids);
  }

  function build(el, attrs, kids) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid === undefined || kid === null || kid === false) continue;
      el.append(kid instanceof Node ? kid : String(kid));
    }
    return el;
  }

  const $ = (sel, root = document) => root.querySelector(sel);

  function fill(el, ...kids) {
    el.replaceChildren();
    build(el, null, kids);
  }

  // ---------------------------------------------------------------- formatting

  const ATTO = 10n ** 18n;
  const FRAC_DIGITS = 4;
  const FRAC_UNIT = 10n ** BigInt(18 - FRAC_DIGITS);

  function parseAtto(s) {
    if (typeof s !== 'string' || !/^-?[0-9]+$/.test(s)) {
      throw new Error(`malformed amount ${JSON.stringify(s)}`);
    }
    return BigInt(s);
  }

  function group(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }

  // swarm formats atto-SWARM as SWARM, truncated to 4 decimals.
  function swarm(atto) {
    const v = typeof atto === 'bigint' ? atto : parseAtto(atto);
    const neg = v < 0n;
    const a = neg ? -v : v;
    const whole = a / ATTO;
    const frac = (a % ATTO) / FRAC_UNIT;
    if (whole === 0n && frac === 0n && a > 0n) return (neg ? '>-' : '<') + '0.0001';
    let out = group(whole.toString());
    if (frac > 0n) out += '.' + frac.toString().padStart(FRAC_DIGITS, '0').replace(/0+$/, '');
    return (neg ? '-' : '') + out;
  }

  // exactSwarm is every decimal of an atto-SWARM amount, in SWARM.
  function exactSwarm(atto) {
    const v = parseAtto(atto);
    const neg = v < 0n;
    const a = neg ? -v : v;
    const frac = (a % ATTO).toString().padStart(18, '0').replace(/0+$/, '');
    return (neg ? '-' : '') + group((a / ATTO).toString()) + (frac ? '.' + frac : '');
  }

  function amount(atto, opts = {}) {
    return h('span', {
      class: 'amount',
      title: `${exactSwarm(atto)} SWARM (${atto} atto)`,
      'data-atto': atto,
      'data-testid': opts.testid,
    }, swarm(atto), opts.unit ? h('span', { class: 'unit' }, ' SWARM') : null);
  }

  function int(n) {
    return group(String(n));
  }

  // pct formats basis points exactly: 1234 → "12.34%".
  function pct(bp) {
    const n = Math.trunc(bp);
    return `${int(Math.trunc(n / 100))}.${String(n % 100).padStart(2, '0')}%`;
  }

  function gib(mib) {
    return `${Math.floor((mib + 512) / 1024)} GiB`;
  }

  function utc(ms) {
    return new Date(ms).toISOString().slice(0, 19).replace('T', ' ') + ' UTC';
  }

  function utcMinute(ms) {
    return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  }

  function duration(ms) {
    const s = Math.round(ms / 1000);
    if (s < 60) return `${s}s`;
    const m = Math.floor(s / 60);
    if (m < 60) return s % 60 ? `${m}m ${s % 60}s` : `${m}m`;
    const hrs = Math.floor(m / 60);
    if (hrs < 48) return m % 60 ? `${hrs}h ${m % 60}m` : `${hrs}h`;
    const d = Math.floor(hrs / 24);
    return hrs % 24 ? `${d}d ${hrs % 24}h` : `${d}d`;
  }

  function short(hex) {
    if (typeof hex !== 'string' || hex.length <= 14) return hex || '';
    return `${hex.slice(0, hex.startsWith('0x') ? 8 : 6)}…${hex.slice(-4)}`;
  }

  function hash(full, testid) {
    if (!full) return h('span', { class: 'muted' }, '—');
    return h('code', { class: 'hash', title: full, 'data-full': full, 'data-testid': testid }, short(full));
  }

  // addrLink links an address to its page under #/<kind>/.
  function addrLink(kind, addr, testid) {
    return h('a', {
      class: 'addr',
      href: `#/${kind}/${encodeURIComponent(addr)}`,
      title: addr,
      'data-address': addr,
      'data-testid': testid,
    }, short(addr));
  }

  function providerLink(addr, testid) {
    return addrLink('providers', addr, testid);
  }

  function stakerLink(addr, testid) {
    return addrLink('stakers', addr, testid);
  }

  // earnerLink leads to an earner's page by its roles: a provider's page
  // (which shows its stake and statements) for a provider, the staker page
  // for a staker that runs no nodes, else #/earners/ which finds out.
  function earnerLink(addr, roles, testid) {
    if ((roles || []).includes('provider')) return providerLink(addr, testid);
    if ((roles || []).includes('staker')) return stakerLink(addr, testid);
    return addrLink('earners', addr, testid);
  }

  // exactAmount shows an amount exactly: its atto-SWARM integer, and beside
  // it every decimal of it in SWARM.
  function exactAmount(atto, testid) {
    return h('span', { class: 'exact', 'data-atto': atto, 'data-testid': testid },
      h('code', { class: 'atto', 'data-col': 'atto' }, atto),
      h('span', { class: 'muted', 'data-col': 'swarm' }, ` = ${exactSwarm(atto)} SWARM`));
  }

  function badge(kind, text, attrs = {}) {
    return h('span', { class: `badge badge-${kind}`, ...attrs }, text);
  }

  function healthBadge(health) {
    return badge(HEALTHS.includes(health) ? health : 'unknown', health,
      { 'data-testid': 'health-badge', 'data-health': health });
  }

  function empty(text, cols) {
    const td = h('td', { class: 'empty', colspan: cols }, text);
    return h('tr', null, td);
  }

  function table(testid, head, rows, opts = {}) {
    return h('div', { class: 'table-wrap' },
      h('table', { class: `table ${opts.class || ''}`, 'data-testid': testid },
        h('thead', null, h('tr', null, head.map(col => h('th', { class: col.num ? 'num' : null }, col.label || col)))),
        h('tbody', null, rows.length ? rows : empty(opts.empty || 'Nothing to show', head.length))));
  }

  function col(label, num) {
    return { label, num };
  }

  function card(label, value, sub, testid) {
    return h('div', { class: 'card stat' },
      h('div', { class: 'stat-label' }, label),
      h('div', { class: 'stat-value', 'data-testid': testid }, value),
      sub ? h('div', { class: 'stat-sub' }, sub) : null);
  }

  function panel(title, body, opts = {}) {
    return h('section', { class: `card panel ${opts.class || ''}`, 'data-testid': opts.testid },
      h('div', { class: 'panel-head' }, h('h2', null, title), opts.aside ? h('div', { class: 'panel-aside' }, opts.aside) : null),
      body);
  }

  function slot(testid) {
    return h('div', { class: 'slot', 'data-testid': testid }, h('div', { class: 'loading' }, 'Loading…'));
  }

  function pageHead(title, sub, extra) {
    return h('div', { class: 'page-head' },
      h('div', null, h('h1', null, title), sub ? h('p', { class: 'page-sub' }, sub) : null),
      extra || null);
  }

  function meter(bp, testid) {
    const bar = h('div', { class: 'meter-fill' });
    bar.style.width = `${Math.min(100, bp / 100)}%`;
    return h('div', { class: 'meter', 'data-testid': testid }, bar);
  }

  // ---------------------------------------------------------------- API

  class APIError extends Error {
    constructor(url, status, message) {
      super(message);
      this.url = url;
      this.status = status;
    }

    get summary() {
      return `GET ${this.url} → ${this.status ? this.status : 'network error'}: ${this.message}`;
    }
  }

  const cache = new Map(); // url → {etag, body}

  async function api(path) {
    const url = API + path;
    const headers = { Accept: 'application/json' };
    const hit = cache.get(url);
    if (hit) headers['If-None-Match'] = hit.etag;
    let res;
    try {
      res = await fetch(url, { headers, cache: 'no-store' });
    } catch (err) {
      throw new APIError(url, 0, err.message);
    }
    if (res.status === 304 && hit) return hit.body;
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      throw new APIError(url, res.status, (body && body.error) || res.statusText || 'request failed');
    }
    if (body === null) throw new APIError(url, res.status, 'the response is not JSON');
    remember(url, res.headers.get('ETag'), body);
    return body;
  }

  function remember(url, etag, body) {
    if (!etag) return;
    if (cache.size > 500) cache.clear();
    cache.set(url, { etag, body });
  }

  function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    }
    const s = q.toString();
    return s ? `?${s}` : '';
  }

  // settle waits for the API calls: values holds each result (undefined
  // where the call failed), errors the failures.
  async function settle(calls) {
    const results = await Promise.allSettled(calls);
    return {
      values: results.map(r => (r.status === 'fulfilled' ? r.value : undefined)),
      errors: results.filter(r => r.status === 'rejected').map(r => r.reason),
    };
  }

  // section re-renders el only when its data changed (a 304 returns the
  // same object), so refreshes keep the reader's place.
  function section(el, render) {
    let last;
    return (data, ...rest) => {
      if (data === undefined) {
        if (last === undefined) fill(el, h('div', { class: 'loading failed' }, 'Unavailable'));
        return;
      }
      const key = [data, ...rest];
      if (last && key.length === last.length && key.every((v, i) => v === last[i])) return;
      last = key;
      fill(el, render(data, ...rest));
    };
  }

  // ---------------------------------------------------------------- overview

  function overviewView() {
    const s = {
      head: h('div'),
      cards: slot('overview-cards'),
      health: slot('overview-health'),
      models: slot('overview-gpu-models'),
      earners: slot('overview-earners-slot'),
      replica: slot('overview-state'),
      settlement: slot('overview-settlement'),
    };
    const root = h('div', { class: 'page' },
      s.head,
      s.cards,
      h('div', { class: 'grid-2' },
        panel('Node health', s.health),
        panel('GPUs by model', s.models)),
      h('div', { class: 'grid-2' },
        h('div', { class: 'stack' },
          panel('Top earners', s.earners, { aside: 'by cumulative earnings' }),
          panel('Settlement', s.settlement)),
        panel('Replica', s.replica)));
    const render = {
      head: section(s.head, ov => pageHead('Network overview',
        `Checkpoint ${int(ov.checkpoint)} · ${int(ov.providers)} providers · refreshed every ${REFRESH_MS / 1000} s`)),
      cards: section(s.cards, overviewCards),
      health: section(s.health, healthBreakdown),
      models: section(s.models, gpuModels),
      earners: section(s.earners, topEarners),
      replica: section(s.replica, replicaState),
      settlement: section(s.settlement, settlementState),
    };
    return {
      nav: 'overview',
      title: 'Overview',
      root,
      async update() {
        const { values: [ov, earners, state, settlement], errors } = await settle([
          api('/overview'), api(`/earners${query({ limit: TOP_EARNERS })}`), api('/state'), settlementStatus(),
        ]);
        render.head(ov);
        render.cards(ov);
        render.health(ov);
        render.models(ov);
        render.earners(earners, ov ? ov.commission_bp : undefined);
        render.replica(state);
        render.settlement(settlement);
        return errors;
      },
    };
  }

  // settlementStatus is GET /v1/settlement, or null where the replica runs
  // no settlement (404).
  async function settlementStatus() {
    try {
      return await api('/settlement');
    } catch (err) {
      if (err instanceof APIError && err.status === 404) return null;
      throw err;
    }
  }

  function overviewCards(ov) {
    const gpuModels = Object.keys(ov.gpus_by_model || {}).length;
    return h('div', { class: 'cards cards-4' },
      card('Nodes', int(ov.nodes), `${int((ov.nodes_by_health || {}).healthy || 0)} healthy`, 'overview-nodes'),
      card('GPUs', int(ov.gpus), `${int(gpuModels)} ${gpuModels === 1 ? 'model' : 'models'}`, 'overview-gpus'),
      card('Utilization', pct(ov.utilization_bp), meter(ov.utilization_bp), 'overview-utilization'),
      card('Events / s', int(ov.events_per_sec), `checkpoint ${int(ov.checkpoint)}`, 'overview-events'),
      card('Lag', int(ov.lag), 'events behind the stream', 'overview-lag'),
      card('Last closed epoch', int(ov.last_closed), h('span', null, 'anchored: ',
        h('strong', { 'data-testid': 'overview-last-anchored' }, int(ov.last_anchored))), 'overview-last-closed'),
      card('Total stake', amount(ov.total_stake, { unit: true }), 'bonded', 'overview-stake'),
      card('Total earned', amount(ov.total_earned, { unit: true }), `cumulative at epoch ${int(ov.last_closed)}`, 'overview-earned'));
  }

  function healthCounts(byHealth) {
    const counts = { ...(byHealth || {}) };
    const keys = [...HEALTHS, ...Object.keys(counts).filter(k => !HEALTHS.includes(k)).sort()];
    return keys.map(k => [k, counts[k] || 0]);
  }

  function healthBreakdown(ov) {
    const counts = healthCounts(ov.nodes_by_health);
    const total = counts.reduce((n, [, c]) => n + c, 0);
    const bar = h('div', { class: 'stacked', 'data-testid': 'overview-health-bar' });
    for (const [k, c] of counts) {
      if (!c) continue;
      const seg = h('div', { class: `stacked-seg seg-${k}`, title: `${k}: ${c}` });
      seg.style.width = `${(100 * c) / total}%`;
      bar.append(seg);
    }
    return h('div', { 'data-testid': 'overview-health' },
      total ? bar : h('div', { class: 'loading' }, 'No nodes yet'),
      h('ul', { class: 'legend' }, counts.map(([k, c]) => h('li', { 'data-health': k },
        healthBadge(k), h('span', { class: 'count' }, int(c))))));
  }

  function gpuModels(ov) {
    const models = Object.entries(ov.gpus_by_model || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const top = Math.max(1, ...models.map(([, n]) => n));
    const rows = models.map(([model, n]) => {
      const fillEl = h('div', { class: 'meter-fill' });
      fillEl.style.width = `${(100 * n) / top}%`;
      return h('tr', { 'data-model': model },
        h('td', { class: 'model' }, model),
        h('td', { class: 'num count' }, int(n)),
        h('td', { class: 'bar-cell' }, h('div', { class: 'meter' }, fillEl)));
    });
    return table('overview-gpu-models-table', ['Model', col('GPUs', true), ''], rows, { empty: 'No GPUs registered' });
  }

  function topEarners(list, commissionBP) {
    const rows = (list.earners || []).map((e, i) => h('tr', { 'data-address': e.address, 'data-roles': (e.roles || []).join(' ') },
      h('td', { class: 'num rank' }, i + 1),
      h('td', null, earnerLink(e.address, e.roles, 'earner-link')),
      h('td', { class: 'num' }, amount(e.cumulative)),
      h('td', { class: 'num' }, amount(e.claimed)),
      h('td', { class: 'num' }, e.last_epoch ? int(e.last_epoch) : '—'),
      h('td', { 'data-testid': 'earner-roles' }, (e.roles || []).length
        ? e.roles.map(r => badge(`role-${r}`, r, { 'data-role': r }))
        : h('span', { class: 'muted' }, '—'))));
    const note = commissionBP === undefined ? null : h('p', { class: 'panel-note', 'data-testid': 'earners-commission' },
      `A provider keeps its ${pct(commissionBP)} commission of its nodes' reward; its stakers share the other `
      + `${pct(10000 - commissionBP)} by active stake, so the stakers behind a provider receive most of what its nodes earn.`);
    return h('div', null, table('overview-earners',
      [col('#', true), 'Earner', col('Cumulative', true), col('Claimed', true), col('Last epoch', true), 'Role'],
      rows, { empty: 'No earnings yet' }), note);
  }

  function replicaState(st) {
    const projections = (st.projections || []).map(p => h('tr', { 'data-projection': p.name },
      h('td', null, p.name),
      h('td', { class: 'num' }, int(p.generation)),
      h('td', { class: 'num' }, int(p.checkpoint)),
      h('td', { class: 'num' }, int(p.lag)),
      h('td', null, p.rebuild_generation
        ? badge('degraded', `rebuilding g${p.rebuild_generation} @ ${int(p.rebuild_checkpoint || 0)}`)
        : badge('healthy', 'serving'))));
    return h('div', { 'data-testid': 'overview-replica' },
      h('dl', { class: 'facts' },
        fact('Checkpoint', int(st.checkpoint)),
        fact('Stream last', int(st.stream_last)),
        fact('Lag', int(st.lag)),
        fact('State hash', h('span', null, hash(st.state_hash), h('span', { class: 'muted' }, ` at ${int(st.state_hash_at)}`))),
        fact('Events digest', hash(st.events_digest))),
      table('overview-projections',
        ['Projection', col('Generation', true), col('Checkpoint', true), col('Lag', true), 'Status'],
        projections, { empty: 'No projections' }));
  }

  function settlementState(st) {
    if (st === null) {
      return h('div', { class: 'loading', 'data-testid': 'settlement-none' }, 'This replica runs no settlement.');
    }
    const pending = st.slashes_pending || [];
    return h('div', null,
      h('dl', { class: 'facts' },
        fact('Replica', h('span', null, st.replica || '—', ' ',
          st.leader ? badge('anchored', 'leader') : badge('closed', 'follower'))),
        fact('Epoch length', st.epoch_length_ms ? duration(st.epoch_length_ms) : '—'),
        fact('Next close', st.next_close_ms ? utc(st.next_close_ms) : '—'),
        fact('On chain', `epoch ${int(st.chain_last_epoch || 0)} · anchored ${int(st.last_anchored || 0)}`),
        fact('Slashes', `${int(st.slashes_executed || 0)} of ${int(st.slashes_decided || 0)} executed` +
          (pending.length ? ` · ${pending.length} pending` : ''))),
      st.last_error ? h('div', { class: 'inline-error' }, st.last_error) : null);
  }

  function fact(label, value, testid) {
    return [h('dt', null, label), h('dd', { 'data-testid': testid }, value)];
  }

  // ---------------------------------------------------------------- epochs

  function epochsView(selected, params) {
    const s = { head: h('div'), table: slot('epochs-slot'), pager: h('div', { class: 'pager' }), detail: h('div') };
    const root = h('div', { class: 'page' }, s.head,
      panel('Closed epochs', [s.table, s.pager], { aside: 'newest first · click a row for its report' }),
      s.detail);
    const render = {
      head: section(s.head, list => pageHead('Epochs', list.last_closed
        ? `Last closed: epoch ${int(list.last_closed)}`
        : 'No epoch closed yet')),
      table: section(s.table, (list, from, to) => epochTable(list, selected, to > 0)),
      pager: section(s.pager, (list, from, to) => epochPager(list.last_closed, to > 0 ? { from, to } : null)),
      detail: section(s.detail, epochDetail),
    };
    return {
      nav: 'epochs',
      title: selected ? `Epoch ${selected}` : 'Epochs',
      root,
      async update() {
        const head = await settle([api(`/epochs${query({ limit: 1 })}`),
          selected ? api(`/epochs/${selected}`) : Promise.resolve(null),
          selected ? api(`/slashes${query({ from: selected, limit: SLASH_PAGE })}`) : Promise.resolve(null)]);
        const [first, det, slashes] = head.values;
        const errors = [...head.errors];
        if (selected && det && slashes) render.detail(det, slashes);
        else if (selected) render.detail(undefined);
        if (first === undefined) return errors;
        const window = epochWindow(first.last_closed, Number(params.get('to')) || 0, selected);
        let list = first;
        if (window) {
          const page = await settle([api(`/epochs${query({ from: window.from, limit: window.to - window.from + 1 })}`)]);
          errors.push(...page.errors);
          list = page.values[0];
        }
        const [from, to] = window ? [window.from, window.to] : [0, 0];
        render.head(first);
        render.table(list, from, to);
        if (list) render.pager(list, from, to);
        return errors;
      },
    };
  }

  // epochWindow is the EPOCH_PAGE epochs ending at `to` (the last closed by
  // default), moved to include `selected`.
  function epochWindow(lastClosed, to, selected) {
    if (!lastClosed) return null;
    let end = Math.min(to || lastClosed, lastClosed);
    if (selected && selected <= lastClosed && (selected > end || selected <= end - EPOCH_PAGE)) {
      end = Math.min(lastClosed, selected + Math.floor(EPOCH_PAGE / 2));
    }
    return { from: Math.max(1, end - EPOCH_PAGE + 1), to: end };
  }

  function epochTable(list, selected, hasWindow) {
    const epochs = hasWindow ? [...(list.epochs || [])].reverse() : [];
    const rows = epochs.map(e => epochRow(e, e.epoch === selected));
    return table('epochs-table', [
      col('Epoch', true), 'Period', col('Pool', true), col('Distributed', true), col('Carry', true),
      col('Util.', true), col('Earners', true), col('Slashes', true), 'Root', 'Anchoring',
    ], rows, { class: 'clickable', empty: 'No epoch closed yet' });
  }

  function epochRow(e, selected) {
    const go = () => { location.hash = `#/epochs/${e.epoch}`; };
    return h('tr', {
      class: selected ? 'selected' : null,
      'data-testid': `epoch-row-${e.epoch}`,
      'data-epoch': e.epoch,
      onclick: go,
    },
    h('td', { class: 'num' }, h('a', { href: `#/epochs/${e.epoch}`, class: 'epoch-link' }, int(e.epoch))),
    h('td', { class: 'period' }, period(e.start_ms, e.end_ms)),
    h('td', { class: 'num', 'data-col': 'pool' }, amount(e.pool)),
    h('td', { class: 'num', 'data-col': 'distributed' }, amount(e.distributed)),
    h('td', { class: 'num', 'data-col': 'carry' }, amount(e.carry)),
    h('td', { class: 'num', 'data-col': 'utilization' }, pct(e.utilization_bp)),
    h('td', { class: 'num', 'data-col': 'earners' }, int(e.earners)),
    h('td', { class: 'num', 'data-col': 'slashes' }, e.slashes ? badge('jailed', int(e.slashes)) : h('span', { class: 'muted' }, '0')),
    h('td', { 'data-col': 'root' }, hash(e.root)),
    h('td', { 'data-col': 'anchoring' }, anchoring(e)));
  }

  function period(startMs, endMs) {
    return h('span', { title: `${utc(startMs)} → ${utc(endMs)}` },
      utcMinute(startMs), h('span', { class: 'muted' }, ` · ${duration(endMs - startMs)}`));
  }

  function anchoring(e) {
    if (e.anchored || e.state === 'anchored') {
      return h('span', { class: 'anchoring' }, badge('anchored', 'anchored', { 'data-state': 'anchored' }),
        ' ', hash(e.anchor_tx, 'anchor-tx'), e.anchor_block ? h('span', { class: 'muted' }, ` #${int(e.anchor_block)}`) : null);
    }
    return badge('closed', e.state || 'closed', { 'data-state': e.state || 'closed' });
  }

  function epochPager(lastClosed, window) {
    if (!window) return [];
    const link = (label, to, testid, enabled) => enabled
      ? h('a', { class: 'button', href: `#/epochs${query({ to })}`, 'data-testid': testid }, label)
      : h('span', { class: 'button disabled' }, label);
    return [
      h('span', { class: 'muted' }, `Epochs ${int(window.from)}–${int(window.to)} of ${int(lastClosed)}`),
      h('span', { class: 'pager-buttons' },
        link('← Older', Math.max(EPOCH_PAGE, window.from - 1), 'epochs-older', window.from > 1),
        link('Newer →', Math.min(lastClosed, window.to + EPOCH_PAGE), 'epochs-newer', window.to < lastClosed),
        link('Latest', lastClosed, 'epochs-latest', window.to < lastClosed)),
    ];
  }

  const openReports = new Set();

  function epochDetail(d, slashList) {
    const report = d.report || {};
    const rejected = Object.entries(d.rejected || report.rejected || {});
    const raw = h('details', { class: 'raw', open: openReports.has(d.epoch) },
      h('summary', null, 'Canonical report (JSON)'),
      h('pre', { 'data-testid': 'epoch-report-json' }, JSON.stringify(report, null, 2)));
    raw.addEventListener('toggle', () => (raw.open ? openReports.add(d.epoch) : openReports.delete(d.epoch)));
    return panel(`Epoch ${int(d.epoch)}`, [
      h('dl', { class: 'facts facts-wide' },
        fact('Period', `${utc(d.start_ms)} → ${utc(d.end_ms)} (${duration(d.end_ms - d.start_ms)})`),
        fact('Root', h('code', { class: 'full' }, d.root), 'epoch-root'),
        fact('Events digest', h('code', { class: 'full' }, d.events_digest), 'epoch-digest'),
        fact('Pool', amount(d.pool, { unit: true }), 'epoch-pool'),
        fact('Distributed', amount(d.distributed, { unit: true }), 'epoch-distributed'),
        fact('Carry', amount(d.carry, { unit: true }), 'epoch-carry'),
        fact('Total cumulative', amount(d.total_cumulative, { unit: true }), 'epoch-total'),
        fact('Utilization', pct(d.utilization_bp)),
        fact('Earners · slashes · jailed', `${int(d.earners)} · ${int(d.slashes)} · ${int(d.jailed)}`),
        fact('Rejected', rejected.length
          ? h('span', { class: 'chips' }, rejected.map(([r, n]) => h('span', { class: 'chip' }, `${r}: ${int(n)}`)))
          : h('span', { class: 'muted' }, 'none')),
        fact('Anchoring', d.anchored
          ? h('span', null, badge('anchored', 'anchored'), ' tx ', h('code', { class: 'full' }, d.anchor_tx),
            ` in block ${int(d.anchor_block)}`)
          : badge('closed', d.state || 'closed'), 'epoch-anchoring')),
      reportEarners(report.earners),
      epochSlashes(d.epoch, slashList),
      raw,
    ], {
      testid: 'epoch-detail',
      aside: h('a', { href: '#/epochs', class: 'button', 'data-testid': 'epoch-detail-close' }, 'Close'),
    });
  }

  function reportEarners(earners) {
    if (!Array.isArray(earners) || !earners.length) return null;
    const shown = [...earners].filter(e => e.amount !== '0').sort((a, b) => {
      const d = parseAtto(b.amount) - parseAtto(a.amount);
      return d > 0n ? 1 : d < 0n ? -1 : 0;
    });
    const rows = shown.slice(0, 50).map(e => h('tr', null,
      h('td', null, earnerLink(e.address, null, 'report-earner-link')),
      h('td', { class: 'num' }, amount(e.amount)),
      h('td', { class: 'num' }, amount(e.cumulative))));
    return h('div', { class: 'subsection' },
      h('h3', null, `Earnings this epoch (${int(shown.length)} earners${shown.length > 50 ? ', top 50 shown' : ''})`),
      table('epoch-report-earners', ['Earner', col('Amount', true), col('Cumulative', true)], rows));
  }

  // epochSlashes lists the slashes the epoch's close decided (its report's
  // slashes, equivocations detected during it included), each with its
  // evidence and its due process on chain. list is GET /v1/slashes from
  // the epoch on.
  function epochSlashes(k, list) {
    const all = list.slashes || [];
    const slashes = all.filter(sl => sl.epoch === k);
    const more = list.next && all.length && all[all.length - 1].epoch === k;
    return h('div', { class: 'subsection' },
      h('h3', null, `Slashes decided (${int(slashes.length)}${more ? '+' : ''})`),
      slashRecords('epoch-slashes', slashes, { provider: true, empty: 'No slash decided in this epoch' }),
      more ? h('p', { class: 'panel-note' }, `First ${int(slashes.length)} shown: GET /v1/slashes?from=${k} pages through the rest.`) : null);
  }

  // ---------------------------------------------------------------- provider

  function providerView(address) {
    const addr = address.trim().toLowerCase();
    const s = {
      cards: slot('provider-cards'),
      chart: slot('provider-chart-slot'),
      history: slot('provider-history-slot'),
      stake: slot('provider-stake'),
      slashes: slot('provider-slashes-slot'),
      nodes: slot('provider-nodes-slot'),
      why: slot('provider-why-slot'),
      staker: h('div'),
    };
    // The epoch the "why this amount" panel shows; kept across refreshes.
    const why = { epoch: null };
    const root = h('div', { class: 'page' },
      pageHead('Provider', null, null),
      h('div', { class: 'address-line' }, h('code', { 'data-testid': 'provider-address' }, addr), s.staker),
      s.cards,
      panel('Earnings per epoch', s.chart, { aside: `last ${CHART_EPOCHS} closed epochs` }),
      h('div', { class: 'grid-2' },
        panel('Earnings history', s.history, { class: 'scroll' }),
        h('div', { class: 'stack' },
          panel('Stake', s.stake),
          panel('Slashes', s.slashes))),
      panel('Why this amount', s.why, { aside: 'the epoch statement, step by step (SPEC §5)' }),
      panel('Nodes', s.nodes));
    const render = {
      cards: section(s.cards, providerCards),
      chart: section(s.chart, (hist, from) => earningsChart(hist, from)),
      history: section(s.history, earnerEpochs),
      stake: section(s.stake, stakeTable),
      slashes: section(s.slashes, slashTable),
      nodes: section(s.nodes, list => nodeTable('provider-nodes', list, { provider: false })),
      why: section(s.why, list => whyPanel(list, why)),
      staker: section(s.staker, st => ((st.positions || []).length
        ? h('a', { class: 'button', href: `#/stakers/${encodeURIComponent(addr)}`, 'data-testid': 'provider-staker-page' },
          `It stakes too: ${int(st.positions.length)} ${st.positions.length === 1 ? 'position' : 'positions'}`)
        : [])),
    };
    const path = encodeURIComponent(addr);
    return {
      nav: 'provider',
      title: `Provider ${short(addr)}`,
      root,
      async update() {
        const head = settle([
          api(`/earners/${path}${query({ limit: 1 })}`),
          api(`/providers/${path}/stake`),
          api(`/nodes${query({ provider: addr, limit: NODE_PAGE })}`),
          api(`/slashes${query({ provider: addr, limit: SLASH_PAGE })}`),
          api(`/providers/${path}/statements${query({ limit: CHART_EPOCHS })}`),
          api(`/stakers/${path}`),
        ]);
        const { values: [first, stake, nodes, slashes, statements, asStaker], errors } = await head;
        let hist;
        let from = 1;
        if (first) {
          from = Math.max(1, first.last_closed - CHART_EPOCHS + 1);
          const page = await settle([api(`/earners/${path}${query({ from, limit: CHART_EPOCHS })}`)]);
          errors.push(...page.errors);
          hist = page.values[0];
        }
        render.cards(hist, stake);
        render.chart(hist, from);
        render.history(hist);
        render.stake(stake);
        render.slashes(slashes);
        render.nodes(nodes);
        render.why(statements);
        if (asStaker) render.staker(asStaker);
        return errors;
      },
    };
  }

  function providerCards(hist, stake) {
    return h('div', { class: 'cards cards-5' },
      card('Cumulative earned', amount(hist.cumulative, { unit: true }), `as of epoch ${int(hist.last_closed)}`, 'provider-cumulative'),
      card('Anchored', amount(hist.anchored_cumulative, { unit: true }), `as of epoch ${int(hist.anchored_epoch)}`, 'provider-anchored'),
      card('Claimed', amount(hist.claimed, { unit: true }), 'paid on chain', 'provider-claimed'),
      card('Claimable', amount(hist.claimable, { unit: true }), 'anchored minus claimed', 'provider-claimable'),
      card('Active stake', stake ? amount(stake.active, { unit: true }) : '—',
        stake ? h('span', null, 'bonded ', amount(stake.bonded)) : 'unavailable', 'provider-active'));
  }

  const CHART = { w: 960, h: 280, left: 84, right: 16, top: 30, bottom: 30 };

  // niceStep is a round grid step (1, 2 or 5 times a power of ten, in
  // atto) that covers max in at most 5 steps.
  function niceStep(max) {
    let p = 1n;
    while (p * 10n <= max) p *= 10n;
    for (const step of [p / 10n, p / 5n, p / 2n, p, 2n * p, 5n * p]) {
      if (step > 0n && (max + step - 1n) / step <= 5n) return step;
    }
    return 10n * p;
  }

  // earningsChart draws one bar per epoch with an amount, on a slot per
  // epoch from `from` to the last closed epoch.
  function earningsChart(hist, from) {
    const to = Math.max(from, hist.last_closed);
    const epochs = (hist.epochs || []).filter(e => e.epoch >= from && e.epoch <= to && e.amount !== '0');
    const most = epochs.reduce((m, e) => { const a = parseAtto(e.amount); return a > m ? a : m; }, 0n);
    const step = most > 0n ? niceStep(most) : 1n;
    const ticks = most > 0n ? Number((most + step - 1n) / step) : 4;
    const max = step * BigInt(ticks);
    const plotW = CHART.w - CHART.left - CHART.right;
    const plotH = CHART.h - CHART.top - CHART.bottom;
    const slots = to - from + 1;
    const slotW = plotW / slots;
    const chart = svg('svg', {
      class: 'chart', viewBox: `0 0 ${CHART.w} ${CHART.h}`, role: 'img',
      'aria-label': `Earnings per epoch, epochs ${from} to ${to}`, 'data-testid': 'provider-chart',
      'data-from': from, 'data-to': to,
    });
    for (let i = 0; i <= ticks; i++) {
      const y = CHART.top + plotH - (plotH * i) / ticks;
      chart.append(
        svg('line', { class: i ? 'grid' : 'grid baseline', x1: CHART.left, x2: CHART.w - CHART.right, y1: y, y2: y }),
        svg('text', { class: 'axis', x: CHART.left - 8, y: y + 4, 'text-anchor': 'end' }, swarm(step * BigInt(i))));
    }
    const every = Math.ceil(slots / 15);
    for (let k = from; k <= to; k++) {
      if ((to - k) % every) continue;
      chart.append(svg('text', {
        class: 'axis', x: CHART.left + (k - from + 0.5) * slotW, y: CHART.h - 10, 'text-anchor': 'middle',
      }, k));
    }
    for (const e of epochs) {
      const a = parseAtto(e.amount);
      const barH = Math.max(1, (Number((a * 10000n) / max) / 10000) * plotH);
      chart.append(svg('rect', {
        class: 'bar', 'data-testid': 'chart-bar', 'data-epoch': e.epoch, 'data-amount': e.amount,
        x: CHART.left + (e.epoch - from) * slotW + slotW * 0.15, width: slotW * 0.7,
        y: CHART.top + plotH - barH, height: barH, rx: 2,
      }, svg('title', null, `Epoch ${e.epoch}: ${swarm(e.amount)} SWARM (cumulative ${swarm(e.cumulative)})`)));
    }
    if (!epochs.length) {
      chart.append(svg('text', { class: 'chart-empty', x: CHART.w / 2, y: CHART.h / 2, 'text-anchor': 'middle',
        'data-testid': 'chart-empty' }, `No earnings in epochs ${from}–${to}`));
    }
    chart.append(svg('text', { class: 'axis-title', x: CHART.left - 8, y: 12, 'text-anchor': 'end' }, 'SWARM'));
    return chart;
  }

  function earnerEpochs(hist) {
    const rows = [...(hist.epochs || [])].reverse().map(e => h('tr', { 'data-epoch': e.epoch },
      h('td', { class: 'num' }, h('a', { href: `#/epochs/${e.epoch}` }, int(e.epoch))),
      h('td', { class: 'num', 'data-col': 'amount' }, amount(e.amount)),
      h('td', { class: 'num', 'data-col': 'cumulative' }, amount(e.cumulative))));
    return table('provider-epochs', [col('Epoch', true), col('Amount', true), col('Cumulative', true)], rows,
      { empty: 'No earnings in these epochs' });
  }

  function stakeTable(st) {
    const now = Date.now() / 1000;
    const rows = (st.stakers || []).map(p => positionRow({ 'data-staker': p.staker }, stakerLink(p.staker, 'staker-link'), p, now));
    return h('div', null,
      h('div', { class: 'totals' },
        total('Bonded', st.bonded, 'stake-bonded'),
        total('Unbonding', st.unbonding, 'stake-unbonding'),
        total('Active', st.active, 'stake-active')),
      table('provider-stakers', ['Staker', col('Bonded', true), col('Unbonding', true), col('Active', true), 'Release'],
        rows, { empty: 'No stakers' }));
  }

  // ratio shows a statement's rational "n/d" exactly and, when it is not an
  // integer, with six decimals.
  function ratio(r) {
    const m = /^([0-9]+)\/([0-9]+)$/.exec(r || '');
    if (!m) return r;
    const n = BigInt(m[1]);
    const d = BigInt(m[2]);
    if (d === 1n) return m[1];
    const scaled = (n * 1000000n) / d;
    return `${r} ≈ ${scaled / 1000000n}.${(scaled % 1000000n).toString().padStart(6, '0')}`;
  }

  // whySteps lists a provider's statement in SPEC §5's order: [step,
  // formula, value] rows, values exact.
  function whySteps(p) {
    const nodes = p.nodes || [];
    const jailed = nodes.filter(n => n.jailed).length;
    const stakers = p.stakers || [];
    const cut = stakers.reduce((sum, s) => sum + parseAtto(s.amount), 0n);
    const r = parseAtto(p.reward) - parseAtto(p.commission);
    return [
      ['nodes', 'nodes at close', 'registered at the close (jailed ones earn nothing)', `${int(nodes.length)}${jailed ? ` (${int(jailed)} jailed)` : ''}`],
      ['completed', 'C_p', 'tasks completed in the epoch', int(p.completed)],
      ['failed', 'F_p', 'tasks failed with fault = provider', int(p.failed)],
      ['reliability', 'rel_p', '(C_p + 1) / (C_p + F_p + 1)', ratio(p.reliability)],
      ['compute', 'compute_p', 'Σ gpu_seconds · w_t, unjailed nodes at close', ratio(p.compute)],
      ['avail', 'avail_p', 'Σ weight · uptime · D, unjailed nodes', ratio(p.avail)],
      ['gpus', 'G_p', 'verified GPUs of unjailed nodes', int(p.gpus)],
      ['active_stake', 'A_p', 'active stake', amount(p.active_stake, { unit: true })],
      ['required_stake', 'req_p', 'min_stake_per_gpu · G_p', amount(p.required_stake, { unit: true })],
      ['stake_factor', 'sf_p', 'min(1, A_p / req_p)', ratio(p.stake_factor)],
      ['share', 'share_p', 'wc · compute_p/ΣC + wa · avail_p/ΣA', ratio(p.share)],
      ['reward', 'reward_p', '⌊pool · share_p · rel_p · sf_p⌋', amount(p.reward, { unit: true })],
      ['commission', 'commission', '⌊reward_p · commission_bp / 10000⌋', amount(p.commission, { unit: true })],
      ['stakers', 'stakers', `Σ ⌊R · a_s / A_p⌋ over ${int(stakers.length)} stakers, R = ${swarm(r)} SWARM`, amount(cut.toString(), { unit: true })],
      ['provider_amount', 'provider amount', 'commission + what R leaves after the stakers', amount(p.provider_amount, { unit: true })],
    ];
  }

  function whyPanel(list, state) {
    const items = list.statements || [];
    if (!items.length) return h('div', { class: 'muted', 'data-testid': 'why-empty' }, 'No epoch statements yet');
    if (!items.some(it => it.epoch === state.epoch)) state.epoch = items[0].epoch;
    const body = h('div');
    const show = () => {
      const it = items.find(x => x.epoch === state.epoch);
      const rows = whySteps(it.statement).map(([step, name, formula, value]) => h('tr', { 'data-step': step },
        h('td', null, h('code', null, name)),
        h('td', { class: 'muted' }, formula),
        h('td', { class: 'num', 'data-col': 'value' }, value)));
      const slashes = (it.statement.slashes || []).map(sl => h('li', { 'data-slash': sl.id },
        badge('jailed', sl.reason), ' ', pct(sl.bp), ' ', h('code', { class: 'hash' }, JSON.stringify(sl.evidence || {}))));
      const stakers = (it.statement.stakers || []).map(st => h('tr', { 'data-staker': st.address },
        h('td', null, stakerLink(st.address, 'why-staker-link')),
        h('td', { class: 'num', 'data-col': 'active' }, amount(st.active)),
        h('td', { class: 'num', 'data-col': 'amount' }, exactAmount(st.amount))));
      fill(body, table('provider-why', ['Step', 'How', col('Value', true)], rows),
        stakers.length ? h('div', { class: 'subsection' }, h('h3', null, 'Stakers paid'),
          table('provider-why-stakers', ['Staker', col('Active stake a_s', true), col('⌊R · a_s / A_p⌋', true)], stakers)) : null,
        slashes.length ? h('ul', { class: 'why-slashes', 'data-testid': 'provider-why-slashes' }, slashes) : null);
    };
    const select = h('select', { 'data-testid': 'why-epoch', 'aria-label': 'Epoch' },
      items.map(it => h('option', { value: it.epoch, selected: it.epoch === state.epoch ? '' : null }, `Epoch ${it.epoch}`)));
    select.addEventListener('change', () => { state.epoch = Number(select.value); show(); });
    show();
    return h('div', null, h('label', { class: 'why-epoch' }, 'Epoch ', select), body);
  }

  function slashTable(list) {
    const rows = (list.slashes || []).map(sl => h('tr', { 'data-slash': sl.id, 'data-epoch': sl.epoch },
      h('td', { class: 'num' }, h('a', { href: `#/epochs/${sl.epoch}` }, int(sl.epoch))),
      h('td', null, badge('jailed', sl.reason)),
      h('td', { class: 'num' }, pct(sl.bp)),
      h('td', { 'data-col': 'execution' }, slashExecution(sl))));
    return table('provider-slashes', [col('Epoch', true), 'Reason', col('Share', true), 'Execution'], rows,
      { empty: 'No slashes' });
  }

  // slashExecution shows a slash's due process (SPEC §6.6): executed with
  // its amount, vetoed by the guardian, proposed with the time it becomes
  // executable, or pending (decided, not proposed yet).
  function slashExecution(sl) {
    if (sl.executed) {
      return h('span', { class: 'anchoring' }, badge('anchored', 'executed'), ' ',
        sl.amount ? amount(sl.amount, { unit: true }) : null, ' ', hash(sl.tx));
    }
    if (sl.status === 'vetoed') return badge('stale', 'vetoed', { title: 'vetoed by the guardian: never executed' });
    if (sl.status === 'proposed' && sl.executable_at) {
      return h('span', null, badge('degraded', 'proposed'), ' ', countdown(sl.executable_at));
    }
    return badge('degraded', 'pending');
  }

  // ---------------------------------------------------------------- slashes

  // countdown is the time left until a proposed slash becomes executable
  // (its executable_at, chain time in Unix seconds); the page's ticker
  // updates it every second.
  function countdown(atS) {
    const el = h('span', { class: 'countdown', 'data-testid': 'slash-countdown', 'data-executable-at': atS,
      title: `executable from ${utc(atS * 1000)} (chain time)` });
    tickCountdown(el, Date.now());
    return el;
  }

  function tickCountdown(el, nowMs) {
    const left = Number(el.dataset.executableAt) * 1000 - nowMs;
    el.dataset.left = left > 0 ? String(Math.ceil(left / 1000)) : '0';
    el.textContent = left > 0 ? `executable in ${duration(left)}` : 'executable now';
  }

  function tickCountdowns() {
    const now = Date.now();
    for (const el of document.querySelectorAll('[data-executable-at]')) tickCountdown(el, now);
  }

  // slashStatus is a slash's due process (SPEC §6.6): decided (not yet
  // proposed on chain), proposed with the countdown to its executable_at,
  // vetoed by the guardian, or executed with the amount cut.
  function slashStatus(sl) {
    const status = sl.status || (sl.executed ? 'executed' : 'decided');
    const word = h('span', { 'data-testid': 'slash-status' }, status);
    switch (status) {
      case 'executed':
        return h('span', { class: 'anchoring' }, badge('anchored', word), ' ',
          sl.amount ? amount(sl.amount, { unit: true, testid: 'slash-amount' }) : null, ' ', hash(sl.tx, 'slash-tx'));
      case 'vetoed':
        return h('span', null, badge('stale', word, { title: 'vetoed by the guardian: never executed, no stake cut' }),
          ' ', hash(sl.veto_tx, 'slash-veto-tx'));
      case 'proposed':
        return h('span', null, badge('degraded', word), ' ',
          sl.executable_at ? countdown(sl.executable_at) : null);
      default:
        return badge('closed', word, { title: 'decided at the close, not proposed on chain yet' });
    }
  }

  // slashEvidence shows what a slash was decided on (SPEC §9.1): the two
  // conflicting event hashes of an equivocation, heartbeats against
  // expected for downtime, the failed task ids for faults; and its
  // evidence key on chain (keccak256 of the id).
  function slashEvidence(sl) {
    const d = sl.evidence_detail;
    let detail;
    if (!d) {
      detail = h('span', { class: 'muted' }, 'no evidence kept (folded before statements)');
    } else if (sl.reason === 'equivocation') {
      detail = h('span', { class: 'evidence-lines' },
        h('span', null, 'node ', hash(d.node), ` seq ${int(d.seq || 0)}`),
        h('span', null, 'accepted ', hash(d.accepted, 'evidence-accepted')),
        h('span', null, 'conflicting ', hash(d.conflicting, 'evidence-conflicting')));
    } else if (sl.reason === 'downtime') {
      detail = h('span', { class: 'evidence-lines' },
        h('span', { 'data-testid': 'evidence-heartbeats' }, `${int(d.heartbeats || 0)} of ${int(d.expected || 0)} heartbeats`),
        h('span', null, 'node ', hash(d.node)));
    } else {
      const tasks = d.tasks || [];
      detail = h('span', { class: 'evidence-lines' },
        h('span', null, `${int(tasks.length)} failed ${tasks.length === 1 ? 'task' : 'tasks'}`),
        h('span', { class: 'chips', 'data-testid': 'evidence-tasks' }, tasks.map(id => h('span', { class: 'chip' }, id))));
    }
    return h('div', { class: 'evidence' }, detail,
      h('span', { class: 'muted evidence-key' }, 'key ', hash(sl.evidence, 'slash-evidence')));
  }

  // slashRecords is a table of slash records with their evidence and
  // status; opts.epoch and opts.provider add those columns.
  function slashRecords(testid, slashes, opts = {}) {
    const rows = slashes.map(sl => h('tr', {
      'data-slash': sl.id, 'data-epoch': sl.epoch, 'data-provider': sl.provider, 'data-status': sl.status,
    },
    opts.epoch ? h('td', { class: 'num' }, h('a', { href: `#/epochs/${sl.epoch}` }, int(sl.epoch))) : null,
    opts.provider ? h('td', null, providerLink(sl.provider, 'slash-provider')) : null,
    h('td', { 'data-col': 'reason' }, badge('jailed', sl.reason)),
    h('td', { class: 'num', 'data-col': 'share' }, pct(sl.bp)),
    h('td', { 'data-col': 'evidence' }, slashEvidence(sl)),
    h('td', { 'data-col': 'status' }, slashStatus(sl))));
    const head = [opts.epoch ? col('Epoch', true) : null, opts.provider ? 'Provider' : null,
      'Reason', col('Share', true), 'Evidence', 'Status'].filter(Boolean);
    return table(testid, head, rows, { empty: opts.empty || 'No slashes' });
  }

  function total(label, atto, testid) {
    return h('div', { class: 'total' }, h('span', { class: 'stat-label' }, label), amount(atto, { unit: true, testid }));
  }

  // positionRow is a stake position's row: the link to the other side
  // (the staker on a provider's page, the provider on a staker's), then
  // bonded, pending unbond, active and release.
  function positionRow(attrs, link, p, now) {
    return h('tr', attrs,
      h('td', null, link),
      h('td', { class: 'num', 'data-col': 'bonded' }, amount(p.bonded)),
      h('td', { class: 'num', 'data-col': 'unbonding' }, amount(p.unbonding)),
      h('td', { class: 'num', 'data-col': 'active' }, amount(p.active)),
      h('td', { 'data-col': 'release' }, release(p.release_at_s, now)));
  }

  function release(atS, now) {
    if (!atS) return h('span', { class: 'muted' }, '—');
    const when = h('span', { title: utc(atS * 1000) }, utcMinute(atS * 1000));
    return atS <= now
      ? h('span', null, when, ' ', badge('healthy', 'withdrawable'))
      : h('span', null, when, h('span', { class: 'muted' }, ` · in ${duration((atS - now) * 1000)}`));
  }

  // ---------------------------------------------------------------- staker

  // stakerView is an earner's page as a staker: its positions, per epoch
  // its part of the statement (which providers paid it, its active stake
  // behind each, the amount) and the slashes of the providers it backs.
  function stakerView(address) {
    const addr = address.trim().toLowerCase();
    const s = {
      cards: slot('staker-cards'),
      positions: slot('staker-positions-slot'),
      statements: slot('staker-statements-slot'),
      slashes: slot('staker-slashes-slot'),
      roles: h('div'),
    };
    const root = h('div', { class: 'page' },
      pageHead('Staker', 'Its stake behind providers, what each paid it per epoch, and the slashes that can cut it'),
      h('div', { class: 'address-line' }, h('code', { 'data-testid': 'staker-address' }, addr), s.roles),
      s.cards,
      panel('Positions', s.positions, { aside: 'per provider · active = min(bonded now, bonded at the last close)' }),
      panel('Statements', s.statements, { aside: `last ${CHART_EPOCHS} epochs · amount = ⌊(reward − commission) · a_s / A_p⌋ (SPEC §5)` }),
      panel('Slashes of the providers it backs', s.slashes, { aside: 'evidence and due process (SPEC §6.6, §9.1)' }));
    const render = {
      cards: section(s.cards, stakerCards),
      positions: section(s.positions, stakerPositions),
      statements: section(s.statements, stakerStatements),
      slashes: section(s.slashes, (...lists) => slashRecords('staker-slashes', mergeSlashes(lists),
        { epoch: true, provider: true, empty: 'No slash against the providers it backs' })),
      roles: section(s.roles, st => st.provider ? h('a', { class: 'button', href: `#/providers/${encodeURIComponent(addr)}`,
        'data-testid': 'staker-provider-page' }, 'It is a provider too: provider page') : []),
    };
    const path = encodeURIComponent(addr);
    return {
      nav: 'staker',
      title: `Staker ${short(addr)}`,
      root,
      async update() {
        const { values: [hist, stake, statements, own], errors } = await settle([
          api(`/earners/${path}${query({ limit: 1 })}`),
          api(`/stakers/${path}`),
          api(`/earners/${path}/statements${query({ limit: CHART_EPOCHS })}`),
          api(`/providers/${path}/statements${query({ limit: 1 })}`),
        ]);
        render.cards(hist, stake);
        render.positions(stake);
        render.statements(statements);
        if (own) render.roles({ provider: (own.statements || []).length > 0 });
        if (stake && statements) {
          const providers = backedProviders(stake, statements);
          const page = await settle(providers.map(p => api(`/slashes${query({ provider: p, limit: SLASH_PAGE })}`)));
          errors.push(...page.errors);
          if (!page.errors.length) render.slashes(...page.values);
        }
        return errors;
      },
    };
  }

  // backedProviders is every provider the staker has a position with or
  // was paid by in the statements shown, ascending.
  function backedProviders(stake, statements) {
    const set = new Set((stake.positions || []).map(p => p.provider));
    for (const e of statements.statements || []) for (const st of e.stakes || []) set.add(st.provider);
    return [...set].sort();
  }

  // mergeSlashes is the slashes of several providers in epoch order (sort
  // is stable: within an epoch they keep the order of the lists).
  function mergeSlashes(lists) {
    return lists.flatMap(l => l.slashes || []).sort((a, b) => a.epoch - b.epoch);
  }

  function stakerCards(hist, stake) {
    return h('div', { class: 'cards cards-5' },
      card('Cumulative earned', hist ? amount(hist.cumulative, { unit: true }) : '—',
        hist ? `as of epoch ${int(hist.last_closed)}` : 'unavailable', 'staker-cumulative'),
      card('Claimable', hist ? amount(hist.claimable, { unit: true }) : '—', 'anchored minus claimed', 'staker-claimable'),
      card('Bonded', stake ? amount(stake.bonded, { unit: true }) : '—', 'behind every provider', 'staker-bonded'),
      card('Unbonding', stake ? amount(stake.unbonding, { unit: true }) : '—', 'waiting for release', 'staker-unbonding'),
      card('Active stake', stake ? amount(stake.active, { unit: true }) : '—', 'earns at the next close', 'staker-active'));
  }

  function stakerPositions(st) {
    const now = Date.now() / 1000;
    const rows = (st.positions || []).map(p => positionRow({ 'data-provider': p.provider }, providerLink(p.provider, 'position-provider'), p, now));
    return table('staker-positions', ['Provider', col('Bonded', true), col('Pending unbond', true), col('Active', true), 'Release'],
      rows, { empty: 'No stake positions' });
  }

  // stakerStatements is one row per (epoch, provider that paid it), and
  // the epoch's own-nodes part where the earner is a provider too.
  function stakerStatements(list) {
    const rows = [];
    for (const e of list.statements || []) {
      const n = (e.stakes || []).length + (e.provider ? 1 : 0);
      const epochCell = h('td', { class: 'num', rowspan: n }, h('a', { href: `#/epochs/${e.epoch}` }, int(e.epoch)),
        h('div', { class: 'muted', 'data-col': 'epoch-amount', 'data-atto': e.amount }, `total ${swarm(e.amount)}`));
      let first = true;
      const lead = () => { const c = first ? epochCell : null; first = false; return c; };
      for (const st of e.stakes || []) {
        rows.push(h('tr', { 'data-epoch': e.epoch, 'data-provider': st.provider, 'data-kind': 'stake' },
          lead(),
          h('td', { 'data-col': 'provider' }, providerLink(st.provider, 'statement-provider')),
          h('td', { class: 'num', 'data-col': 'reward' }, amount(st.reward)),
          h('td', { class: 'num', 'data-col': 'commission' }, amount(st.commission)),
          h('td', { class: 'num', 'data-col': 'active-stake' }, amount(st.active_stake)),
          h('td', { class: 'num', 'data-col': 'active' }, amount(st.active)),
          h('td', { class: 'num', 'data-col': 'amount' }, exactAmount(st.amount, 'statement-amount'))));
      }
      if (e.provider) {
        rows.push(h('tr', { 'data-epoch': e.epoch, 'data-kind': 'provider' },
          lead(),
          h('td', { 'data-col': 'provider' }, 'its own nodes (provider)'),
          h('td', { class: 'num', 'data-col': 'reward' }, amount(e.provider.reward)),
          h('td', { class: 'num', 'data-col': 'commission' }, amount(e.provider.commission)),
          h('td', { class: 'num muted' }, '—'),
          h('td', { class: 'num muted' }, '—'),
          h('td', { class: 'num', 'data-col': 'amount' }, exactAmount(e.provider.provider_amount, 'statement-amount'))));
      }
    }
    return table('staker-statements', [col('Epoch', true), 'Paid by', col('Reward', true), col('Commission', true),
      col('Provider stake A_p', true), col('Its stake a_s', true), col('Amount (atto = SWARM)', true)], rows,
    { empty: 'No statement pays this address yet' });
  }

  // earnerView finds out what an address is and shows its page: the
  // provider page where it runs nodes or has provider statements, else the
  // staker page.
  function earnerView(address) {
    const addr = address.trim().toLowerCase();
    const path = encodeURIComponent(addr);
    return {
      nav: '',
      title: `Earner ${short(addr)}`,
      root: h('div', { class: 'page' }, pageHead('Earner', null), h('div', { class: 'loading' }, 'Looking up…')),
      async update() {
        const { values: [own, nodes, stake], errors } = await settle([
          api(`/providers/${path}/statements${query({ limit: 1 })}`),
          api(`/nodes${query({ provider: addr, limit: 1 })}`),
          api(`/stakers/${path}`),
        ]);
        if (errors.length) return errors;
        const provider = (own.statements || []).length > 0 || nodes.total > 0;
        const staker = (stake.positions || []).length > 0;
        location.replace(`#/${provider || !staker ? 'providers' : 'stakers'}/${path}`);
        return [];
      },
    };
  }

  // ---------------------------------------------------------------- nodes

  const FILTERS = ['model', 'region', 'health', 'min_mem_mib', 'provider', 'verified'];

  function nodesView(params) {
    const offset = Math.max(0, Number(params.get('offset')) || 0);
    const filters = Object.fromEntries(FILTERS.map(k => [k, params.get(k) || '']));
    const s = { summary: h('div', { class: 'summary', 'data-testid': 'nodes-summary' }, 'Loading…'),
      table: slot('nodes-slot'), pager: h('div', { class: 'pager' }) };
    const root = h('div', { class: 'page' },
      pageHead('Nodes', 'Ranked for placing work: health, then spare capacity, reliability and stake factor'),
      nodeFilter(filters),
      panel('Catalog', [s.summary, s.table, s.pager]));
    const render = {
      table: section(s.table, list => nodeTable('nodes-table', list, { rank: true })),
      pager: section(s.pager, list => nodePager(list, filters, offset)),
      models: section($('#model-options', root), ov => Object.keys(ov.gpus_by_model || {}).sort()
        .map(m => h('option', { value: m }))),
    };
    return {
      nav: 'nodes',
      title: 'Nodes',
      root,
      async update() {
        const { values: [list, ov], errors } = await settle([
          api(`/nodes${query({ ...filters, verified: filters.verified ? 'true' : '', limit: NODE_PAGE, offset: offset || '' })}`),
          api('/overview'),
        ]);
        render.models(ov);
        if (list) {
          const n = (list.nodes || []).length;
          fill(s.summary, n
            ? `Showing ${int(offset + 1)}–${int(offset + n)} of ${int(list.total)} nodes`
            : `No nodes match (${int(list.total)} in total)`,
          list.at_ms ? h('span', { class: 'muted' }, ` · health judged at ${utc(list.at_ms)}`) : null);
        }
        render.table(list);
        render.pager(list);
        return errors;
      },
    };
  }

  function nodeFilter(f) {
    const selected = new Set(f.health ? f.health.split(',') : []);
    const minGiB = f.min_mem_mib ? String(Math.floor(Number(f.min_mem_mib) / 1024)) : '';
    const form = h('form', { class: 'card filters', id: 'nodes-filter', 'data-testid': 'nodes-filter' },
      field('Model', h('input', { id: 'filter-model', name: 'model', value: f.model, placeholder: 'Any model', spellcheck: 'false', list: 'model-options' })),
      h('datalist', { id: 'model-options' }),
      field('Region', h('input', { id: 'filter-region', name: 'region', value: f.region, placeholder: 'Any region', spellcheck: 'false' })),
      field('Min memory (GiB)', h('input', { id: 'filter-min-mem', name: 'min_mem', type: 'number', min: 0, step: 1, value: minGiB })),
      field('Provider', h('input', { id: 'filter-provider', name: 'provider', value: f.provider, placeholder: '0x…', spellcheck: 'false' })),
      h('fieldset', { class: 'field health-field' }, h('legend', null, 'Health'),
        h('div', { class: 'checks' }, HEALTHS.map(k => h('label', { class: 'check' },
          h('input', { type: 'checkbox', id: `filter-health-${k}`, value: k, checked: selected.has(k) }), k)))),
      h('label', { class: 'check verified' },
        h('input', { type: 'checkbox', id: 'filter-verified', checked: f.verified === 'true' }), 'Verified GPUs only'),
      h('div', { class: 'filter-actions' },
        h('button', { type: 'submit', class: 'button primary', id: 'filter-apply', 'data-testid': 'filter-apply' }, 'Apply'),
        h('a', { class: 'button', href: '#/nodes', id: 'filter-reset', 'data-testid': 'filter-reset' }, 'Reset')));
    form.addEventListener('submit', ev => {
      ev.preventDefault();
      location.hash = `#/nodes${query(readFilter(form))}`;
    });
    return form;
  }

  function field(label, input) {
    return h('label', { class: 'field' }, h('span', null, label), input);
  }

  function readFilter(form) {
    const gib = $('#filter-min-mem', form).value.trim();
    return {
      model: $('#filter-model', form).value.trim(),
      region: $('#filter-region', form).value.trim(),
      min_mem_mib: gib && Number(gib) > 0 ? String(Math.round(Number(gib) * 1024)) : '',
      provider: $('#filter-provider', form).value.trim().toLowerCase(),
      health: HEALTHS.filter(k => $(`#filter-health-${k}`, form).checked).join(','),
      verified: $('#filter-verified', form).checked ? 'true' : '',
    };
  }

  function nodePager(list, filters, offset) {
    const n = (list.nodes || []).length;
    const link = (label, off, testid) => h('a', {
      class: 'button', 'data-testid': testid,
      href: `#/nodes${query({ ...filters, offset: off || '' })}`,
    }, label);
    return [
      h('span', { class: 'muted' }, n ? `Page ${int(Math.floor(offset / NODE_PAGE) + 1)}` : ''),
      h('span', { class: 'pager-buttons' },
        offset > 0 ? link('← Previous', Math.max(0, offset - NODE_PAGE), 'nodes-prev') : null,
        list.next ? link('Next →', list.next, 'nodes-next') : null),
    ];
  }

  function nodeTable(testid, list, opts) {
    const head = [
      opts.rank ? col('#', true) : null, 'Node', 'Health', opts.provider === false ? null : 'Provider', 'Region', 'GPUs',
      col('Util.', true), col('Temp.', true), col('Reliability', true), col('Stake factor', true), 'Last seen',
    ].filter(Boolean);
    const rows = (list.nodes || []).map(n => nodeRow(n, opts));
    return table(testid, head, rows, { empty: 'No nodes' });
  }

  function nodeRow(n, opts) {
    const gpus = n.gpus || [];
    return h('tr', { 'data-testid': 'node-row', 'data-node': n.node, 'data-health': n.health },
      opts.rank ? h('td', { class: 'num rank' }, int(n.rank)) : null,
      h('td', null, h('code', { class: 'hash', title: n.node }, short(n.node))),
      h('td', { 'data-col': 'health' }, healthBadge(n.health),
        (n.checks || []).length ? h('div', { class: 'checks-failed' }, n.checks.join(', ')) : null),
      opts.provider === false ? null : h('td', null, providerLink(n.provider)),
      h('td', { 'data-col': 'region' }, n.region || '—'),
      h('td', { 'data-col': 'gpus' }, gpuList(gpus)),
      h('td', { class: 'num', 'data-col': 'util' }, gpus.length ? pct(meanUtil(gpus)) : '—'),
      h('td', { class: 'num', 'data-col': 'temp' }, gpus.length ? `${Math.max(...gpus.map(g => g.temp_c))} °C` : '—'),
      h('td', { class: 'num', 'data-col': 'reliability' }, pct(n.reliability_bp)),
      h('td', { class: 'num', 'data-col': 'stake-factor' }, pct(n.stake_factor_bp)),
      h('td', { 'data-col': 'last-seen' }, lastSeen(n)));
  }

  function meanUtil(gpus) {
    return Math.floor(gpus.reduce((s, g) => s + g.util_bp, 0) / gpus.length);
  }

  // gpuList groups identical GPUs: "8 × H100 · 80 GiB ✓".
  function gpuList(gpus) {
    if (!gpus.length) return h('span', { class: 'muted' }, 'none');
    const groups = new Map();
    for (const g of gpus) {
      const key = `${g.model}\u0000${g.mem_mib}\u0000${g.verified}`;
      const e = groups.get(key) || { g, n: 0 };
      e.n++;
      groups.set(key, e);
    }
    return h('ul', { class: 'gpus' }, [...groups.values()].map(({ g, n }) => h('li', {
      'data-model': g.model, 'data-verified': g.verified,
    },
    n > 1 ? h('span', { class: 'gpu-count' }, `${n} × `) : null,
    h('span', { class: 'gpu-model' }, g.model),
    h('span', { class: 'muted' }, ` · ${gib(g.mem_mib)}`),
    g.verified
      ? h('span', { class: 'verified', title: 'verified' }, ' ✓')
      : h('span', { class: 'unverified', title: 'not verified' }, ' unverified'))));
  }

  function lastSeen(n) {
    if (!n.last_seen_ms) return h('span', { class: 'muted' }, 'never');
    return h('span', { title: utc(n.last_seen_ms) }, `${duration(n.heartbeat_age_ms)} ago`);
  }

  // ---------------------------------------------------------------- router

  function notFoundView(path) {
    return {
      nav: '',
      title: 'Not found',
      root: h('div', { class: 'page' }, pageHead('Not found', `No page at #${path}`),
        h('p', null, h('a', { href: '#/' }, 'Back to the overview'))),
      async update() { return []; },
    };
  }

  const routes = [
    [/^\/?$/, () => overviewView()],
    [/^\/epochs\/?$/, (m, q) => epochsView(0, q)],
    [/^\/epochs\/([0-9]+)$/, (m, q) => epochsView(Number(m[1]), q)],
    [/^\/providers\/([^/]+)\/?$/, m => providerView(decodeURIComponent(m[1]))],
    [/^\/stakers\/([^/]+)\/?$/, m => stakerView(decodeURIComponent(m[1]))],
    [/^\/earners\/([^/]+)\/?$/, m => earnerView(decodeURIComponent(m[1]))],
    [/^\/nodes\/?$/, (m, q) => nodesView(q)],
  ];

  function route() {
    const raw = location.hash.replace(/^#/, '') || '/';
    const i = raw.indexOf('?');
    const path = i < 0 ? raw : raw.slice(0, i);
    const params = new URLSearchParams(i < 0 ? '' : raw.slice(i + 1));
    for (const [re, make] of routes) {
      const m = path.match(re);
      if (m) return make(m, params);
    }
    return notFoundView(path);
  }

  let current = null;
  let tick = 0;
  let timer = 0;

  function navigate() {
    current = route();
    document.title = `${current.title} · Swarm Ledger`;
    for (const a of document.querySelectorAll('[data-nav]')) {
      a.classList.toggle('active', a.dataset.nav === current.nav);
    }
    const view = $('#view');
    view.dataset.route = current.nav || 'none';
    view.dataset.state = 'loading';
    view.replaceChildren(current.root);
    window.scrollTo(0, 0);
    refresh();
  }

  async function refresh() {
    clearTimeout(timer);
    const mine = ++tick;
    const view = current;
    let errors;
    try {
      errors = await view.update();
    } catch (err) {
      errors = [err];
    }
    const ov = await networkOverview();
    if (mine !== tick) return;
    $('#view').dataset.state = errors.length ? 'error' : 'ready';
    showErrors(errors);
    setLive(errors.length === 0, ov);
    timer = setTimeout(refreshIfVisible, REFRESH_MS);
  }

  function refreshIfVisible() {
    if (document.hidden) {
      timer = setTimeout(refreshIfVisible, REFRESH_MS);
      return;
    }
    refresh();
  }

  function showErrors(errors) {
    const banner = $('#error-banner');
    if (!errors.length) {
      banner.hidden = true;
      return;
    }
    const lines = [...new Set(errors.map(e => (e instanceof APIError ? e.summary : String(e && e.message ? e.message : e))))];
    fill($('#error-list'), lines.map(l => h('li', null, l)));
    banner.hidden = false;
  }

  // networkOverview is GET /v1/overview for the badge (revalidated with
  // its ETag), or null when it fails.
  async function networkOverview() {
    try {
      return await api('/overview');
    } catch (err) {
      return null;
    }
  }

  // setLive says what the page shows: "Live" only when the API answers and
  // some node's heartbeat is fresh (healthy or degraded); "Stale" when the
  // network has nodes but none has sent a heartbeat lately (a ledger
  // restarted with no traffic, agents down); "Idle" with no node at all.
  function setLive(ok, ov) {
    const el = $('#refresh-status');
    const at = `${new Date().toISOString().slice(11, 19)} UTC`;
    const by = (ov && ov.nodes_by_health) || {};
    const fresh = (by.healthy || 0) + (by.degraded || 0);
    let state = 'ok';
    let text = `Live · updated ${at}`;
    if (!ok || !ov) {
      state = 'error';
      text = `Degraded · ${at}`;
    } else if (!ov.nodes) {
      state = 'idle';
      text = `Idle · no nodes registered · ${at}`;
    } else if (!fresh) {
      state = 'stale';
      text = `Stale · no fresh heartbeat from ${int(ov.nodes)} nodes · ${at}`;
    }
    el.dataset.state = state;
    fill($('.live-text', el), text);
  }

  function start() {
    $('#error-dismiss').addEventListener('click', () => { $('#error-banner').hidden = true; });
    $('#provider-search').addEventListener('submit', ev => {
      ev.preventDefault();
      const input = $('#provider-search-input');
      const addr = input.value.trim().toLowerCase();
      if (addr) location.hash = `#/earners/${encodeURIComponent(addr)}`;
      input.value = '';
    });
    document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); });
    window.addEventListener('hashchange', navigate);
    setInterval(tickCountdowns, 1000);
    navigate();
  }

  start();
})();
