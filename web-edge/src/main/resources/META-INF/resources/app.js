// The Hearth dashboard: one page, no build step. It logs in once (session cookie), then lives on /ws/live.
'use strict';

const FILTERS = ['gateways/+/status', 'gateways/+/manifest', 'sensors/+', 'actuators/+/state', 'loops/+/config', 'loops/+/status'];
const topics = new Map(); // relative topic -> payload (string for gateway status, object otherwise)
let session = null;
let socket = null;
let retryMs = 1000;

const $ = (id) => document.getElementById(id);

// Every request says it comes from the dashboard: web-edge then answers a 401 without a Basic challenge (no browser
// password prompt) and accepts the session cookie for writes (its CSRF check). A 401 after logging in means the
// session expired: start over at the login instead of retrying.
async function request(url, options = {}) {
  const headers = Object.assign({ 'X-Requested-With': 'hearth' }, options.headers || {});
  const response = await fetch(url, Object.assign({}, options, { headers }));
  if (response.status === 401 && session && session.authenticated && url !== '/j_security_check') {
    location.reload();
    return new Promise(() => {}); // the page goes back to the login: no caller is to show this 401 as a failure
  }
  return response;
}

async function boot() {
  session = await request('/session').then((r) => r.json()).catch(() => ({ authenticated: false }));
  if (session.authenticated) start(); else showLogin();
}

function showLogin() {
  $('login').hidden = false;
  $('home').hidden = true;
  $('logout').hidden = true;
}

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const body = new URLSearchParams(new FormData(event.target));
  const response = await request('/j_security_check', { method: 'POST', body });
  if (response.ok) {
    $('login-error').hidden = true;
    session = await request('/session').then((r) => r.json());
    start();
  } else {
    $('login-error').textContent = 'Wrong user or password.';
    $('login-error').hidden = false;
  }
});

$('logout').addEventListener('click', async () => {
  await request('/session', { method: 'DELETE' });
  if (socket) socket.close();
  location.reload();
});

function start() {
  $('login').hidden = true;
  $('home').hidden = false;
  $('logout').hidden = false;
  connect();
  setInterval(render, 1000); // staleness moves with time, not only with messages
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  socket = new WebSocket(`${scheme}://${location.host}/ws/live`);
  socket.onopen = () => {
    retryMs = 1000;
    setConnection(true);
    socket.send(JSON.stringify({ op: 'subscribe', filters: FILTERS }));
  };
  socket.onmessage = (event) => {
    const frame = JSON.parse(event.data);
    if (frame.op === 'snapshot') frame.items.forEach((item) => topics.set(item.topic, item.payload));
    else if (frame.op === 'update') topics.set(frame.topic, frame.payload);
    else if (frame.op === 'error') console.warn('hearth:', frame.message);
    render();
  };
  socket.onclose = async () => {
    setConnection(false);
    const now = await request('/session').then((r) => r.json()).catch(() => null);
    if (now && !now.authenticated) {
      location.reload(); // the session expired: back to the login
      return;
    }
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 30000);
  };
}

function setConnection(online) {
  $('connection').textContent = online ? 'live' : 'reconnecting…';
  $('connection').className = 'chip ' + (online ? 'online' : 'offline');
}

function entries(prefix, suffix = '') {
  return [...topics.entries()].filter(([t]) => t.startsWith(prefix) && t.endsWith(suffix));
}

// Every payload value reaches the page as text through el(): never as HTML, never in an attribute that runs code.
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs).forEach(([name, value]) => {
    if (name === 'className') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, String(value));
  });
  children.flat().forEach((child) => node.append(child instanceof Node ? child : document.createTextNode(String(child))));
  return node;
}

function render() {
  const manifests = entries('gateways/', '/manifest').map(([, m]) => m);
  $('gateways').replaceChildren(...manifests.map((m) => {
    const status = topics.get(`gateways/${m.gateway}/status`) || 'unknown';
    return el('span', { className: `chip ${status === 'online' ? 'online' : 'offline'}`, dataset: { gateway: m.gateway } },
      `${m.gateway}: ${status}`);
  }));

  const rooms = new Map();
  const room = (name) => rooms.get(name) || rooms.set(name, []).get(name);
  manifests.forEach((m) => {
    m.sensors.forEach((s) => room(s.room).push(sensorTile(s)));
    m.actuators.forEach((a) => room(a.room).push(actuatorTile(a)));
  });
  const sections = [...rooms.entries()].sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([name, tiles]) => [el('h2', {}, name), el('div', { className: 'tiles' }, tiles)]);
  const signature = sections.map((n) => n.outerHTML).join('');
  // Only touch the DOM when something changed, and not under a pointer or a finger (a drag or a click would land on a
  // tile replaced meanwhile). A focused slider keeps its focus across the redraw, so the tiles never freeze for it.
  if ($('rooms').dataset.signature !== signature && Date.now() >= roomsBusyUntil) {
    // By the actuator's id, not its name: two rooms may each have a "Fan".
    const tile = $('rooms').contains(document.activeElement) ? document.activeElement.closest('[data-actuator]') : null;
    const focused = tile ? tile.dataset.actuator : null;
    $('rooms').replaceChildren(...sections);
    $('rooms').dataset.signature = signature;
    const again = focused && [...$('rooms').querySelectorAll('[data-actuator] input[type=range]')]
      .find((n) => n.closest('[data-actuator]').dataset.actuator === focused);
    if (again) again.focus({ preventScroll: true }); // the page stays where the reader scrolled it
  }
  // Leave the loops alone while someone types a setpoint or picks a mode (a redraw would throw the edit away), but
  // not for ever when a field is left focused.
  if (!($('loops').contains(document.activeElement) && Date.now() < loopEditUntil)) {
    $('loops').replaceChildren(...entries('loops/', '/config').map(([, c]) => loopTile(c, topics.get(`loops/${c.loop}/status`))));
  }
}

function sensorTile(s) {
  const r = topics.get(`sensors/${s.id}`);
  const age = r ? (Date.now() - Date.parse(r.ts)) : Infinity;
  const stale = age > 3 * s.intervalMs;
  return el('div', { className: `tile${stale ? ' stale' : ''}`, dataset: { sensor: s.id } },
    el('div', { className: 'name' }, s.name),
    el('div', { className: 'value' }, r ? formatValue(s, r.value) : '–'),
    el('div', { className: 'meta' }, r ? ago(age) : 'no reading yet'));
}

function actuatorTile(a) {
  const st = topics.get(`actuators/${a.id}/state`);
  const value = Number(st ? st.value : a.failsafe);
  const tile = el('div', { className: 'tile', dataset: { actuator: a.id } },
    el('div', { className: 'name' }, a.name),
    el('div', { className: 'value' }, a.unit === 'ratio' ? `${Math.round(value * 100)} %` : `${value} ${a.unit}`),
    el('div', { className: 'meta' }, st ? st.cause + (st.source ? ` · ${st.source}` : '') : 'no state yet'));
  if (session && session.roles && session.roles.includes('operator')) {
    const slider = el('input', { type: 'range', min: Number(a.min), max: Number(a.max), step: a.kind === 'relay' ? 1 : 0.05,
      value, 'aria-label': `Set ${a.name}` });
    slider.addEventListener('change', () => command(a.id, slider.value));
    tile.append(slider);
  }
  return tile;
}

function loopTile(c, s) {
  const n = (v, d = 2) => (v === null || v === undefined ? '–' : Number(v).toFixed(d));
  const tile = el('div', { className: 'tile', dataset: { loop: c.loop } },
    el('div', { className: 'name' }, `${c.loop} · ${c.kind} · ${c.mode}`),
    el('div', { className: 'value' }, `${n(s && s.pv, 1)} → ${n(c.setpoint, 1)}`),
    el('div', { className: 'meta' }, `output ${s && s.out !== null && s.out !== undefined ? Math.round(s.out * 100) + ' %' : '–'} · ${s ? s.state : 'waiting'}`),
    el('div', { className: 'terms' }, `P ${n(s && s.p, 3)} · I ${n(s && s.i, 3)} · D ${n(s && s.d, 3)}`));
  if (session && session.roles && session.roles.includes('operator')) {
    const setpoint = el('input', { type: 'number', step: '0.5', value: Number(c.setpoint), 'aria-label': `Setpoint of ${c.loop}`,
      className: 'setpoint' });
    if (c.setpointMin !== undefined && c.setpointMin !== null) setpoint.min = Number(c.setpointMin);
    if (c.setpointMax !== undefined && c.setpointMax !== null) setpoint.max = Number(c.setpointMax);
    const set = el('button', { type: 'submit' }, 'Set');
    const mode = el('select', { 'aria-label': `Mode of ${c.loop}`, className: 'mode' },
      ['auto', 'manual', 'off'].map((m) => el('option', { value: m }, m)));
    mode.value = c.mode;
    const form = el('form', { className: 'loop-edit' }, setpoint, set, mode);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      changeLoop(c.loop, { setpoint: Number(setpoint.value) }, form);
    });
    mode.addEventListener('change', () => changeLoop(c.loop, modeChange(mode.value, c, s), form));
    tile.append(form, el('div', { className: 'meta loop-result' }, loopResults.get(c.loop) || ''));
  }
  return tile;
}

// The tiles are not redrawn before this: a pointer is down on them, or a slider just moved. A press holds them 10 s at
// most, as its release can be lost (a context menu, another window taking the focus).
let roomsBusyUntil = 0;
$('rooms').addEventListener('pointerdown', (event) => { if (event.isPrimary) roomsBusyUntil = Date.now() + 10000; });
const released = () => { roomsBusyUntil = Math.min(roomsBusyUntil, Date.now() + 300); };
['pointerup', 'pointercancel', 'contextmenu'].forEach((type) => document.addEventListener(type, released));
window.addEventListener('blur', released);
$('rooms').addEventListener('input', () => { roomsBusyUntil = Math.max(roomsBusyUntil, Date.now() + 1500); });

// Manual mode holds an output, which control-service needs with it. A PID loop on a proportional output holds the one
// it has now, so the switch is bumpless; a loop that switches a relay holds its configured manual output, or its
// lowest (its output now is on or off, and a relay latched on by a mode change would stay on without limit).
function modeChange(mode, c, s) {
  if (mode !== 'manual') return { mode };
  const configured = c.manualOutput !== null && c.manualOutput !== undefined ? c.manualOutput : c.outputMin;
  const proportional = c.kind === 'pid' && actuatorKind(c.actuator) !== 'relay';
  const now = proportional && s && s.out !== null && s.out !== undefined ? s.out : configured;
  return { mode, manualOutput: Math.min(Math.max(Number(now), Number(c.outputMin)), Number(c.outputMax)) };
}

function actuatorKind(id) {
  const actuator = entries('gateways/', '/manifest').flatMap(([, m]) => m.actuators).find((a) => a.id === id);
  return actuator ? actuator.kind : null;
}

const loopResults = new Map(); // loop -> what the last change from this page came to
let loopEditUntil = 0; // loop tiles are not redrawn before this while one of their fields has the focus
$('loops').addEventListener('focusin', () => { loopEditUntil = Date.now() + 30000; });
$('loops').addEventListener('input', () => { loopEditUntil = Date.now() + 30000; });

// PATCH /api/loops/{id}: web-edge answers with what control-service confirmed, or its reason for refusing.
async function changeLoop(loop, change, form) {
  const result = form.parentNode.querySelector('.loop-result');
  result.textContent = 'sending…';
  loopResults.set(loop, 'sending…');
  const response = await request(`/api/loops/${encodeURIComponent(loop)}`, {
    method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(change),
  });
  const body = await response.json().catch(() => ({}));
  const what = Object.entries(change).map(([k, v]) => `${k} ${v}`).join(', ');
  loopResults.set(loop, response.ok ? `confirmed: ${what}` : (body.detail || `refused (${response.status})`));
  result.textContent = loopResults.get(loop);
  if (form.contains(document.activeElement)) document.activeElement.blur(); // let the tile redraw with what was confirmed
  loopEditUntil = 0;
}

async function command(actuator, value) {
  // A person's command asks for an hour; the gateway returns the output to its failsafe value then, or sooner when
  // the actuator's maximum command lifetime is shorter (the simulated heater's: 5 minutes).
  const response = await request(`/api/actuators/${encodeURIComponent(actuator)}/commands`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ value: Number(value), ttlMs: 3600000 }),
  });
  if (!response.ok) alert((await response.json()).detail || 'The command was refused.');
}

function formatValue(s, v) {
  if (s.quantity === 'light') return v >= 0.5 ? 'light' : 'dark';
  const digits = s.quantity === 'temperature' ? 1 : 0;
  return `${Number(v).toFixed(digits)} ${s.unit}`;
}

function ago(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s ago` : s < 3600 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
}

// ---- History: a chart of one series, opened from its tile ---------------------------------------------------------
const RANGES = [['1 h', 3600e3], ['24 h', 86400e3], ['7 d', 7 * 86400e3], ['30 d', 30 * 86400e3], ['1 y', 365 * 86400e3]];
let chart = null; // { kind, id, name, range }

$('rooms').addEventListener('click', (event) => {
  if (event.target.closest('input, button')) return; // a tile's own controls
  const tile = event.target.closest('[data-sensor], [data-actuator]');
  if (!tile) return;
  const kind = tile.dataset.sensor ? 'sensors' : 'actuators';
  chart = { kind, id: tile.dataset.sensor || tile.dataset.actuator, name: tile.querySelector('.name').textContent,
    range: chart ? chart.range : '24 h' };
  loadHistory().then(() => $('history').scrollIntoView({ block: 'nearest' }));
});

$('history-close').addEventListener('click', () => { chart = null; drawChart([], 0, 0, false, 0); $('history').hidden = true; });

setInterval(() => { if (chart) loadHistory(); }, 60000);

let historyCall = 0; // the newest loadHistory call: an older answer arriving late is dropped

async function loadHistory() {
  const shown = chart;
  const call = ++historyCall;
  $('history').hidden = false;
  $('history-title').textContent = `${shown.name}: history`;
  $('history-ranges').replaceChildren(...RANGES.map(([label]) => {
    const button = el('button', { type: 'button', className: label === shown.range ? 'range active' : 'range' }, label);
    button.addEventListener('click', () => { chart = { ...shown, range: label }; loadHistory(); });
    return button;
  }));
  const to = new Date();
  const from = new Date(to.getTime() - RANGES.find(([label]) => label === shown.range)[1]);
  const url = `/api/history/${shown.kind}/${encodeURIComponent(shown.id)}?from=${from.toISOString()}&to=${to.toISOString()}&agg=avg,min,max,last`;
  let body = null;
  let problem = null;
  try {
    const response = await request(url);
    body = await response.json().catch(() => ({}));
    if (!response.ok) problem = body.detail || `History is not available (${response.status}).`;
  } catch (e) {
    problem = 'History is not reachable right now.';
  }
  if (call !== historyCall) return; // another series or range was asked for meanwhile
  if (problem) {
    drawChart([], 0, 0, false, 0);
    $('history-note').textContent = problem;
    return;
  }
  const actuator = shown.kind === 'actuators';
  drawChart(body.points, Date.parse(body.from), Date.parse(body.to), actuator, seconds(body.step));
  $('history-note').textContent = !body.points.length
    ? 'No reading in this range (an actuator that held one value all along has none either).'
    : actuator ? `${body.points.length} points, each the value at the end of ${body.step}, held until the next (band: min to max), from the ${body.tier} tier`
      : `${body.points.length} points, each the time-weighted mean of ${body.step} (band: min to max), from the ${body.tier} tier`;
}

// An ISO-8601 step as history-service writes it (PT30S, PT5M, PT1H, P1D), in seconds.
function seconds(step) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(step || '');
  return m ? ((+m[1] || 0) * 86400 + (+m[2] || 0) * 3600 + (+m[3] || 0) * 60 + (+m[4] || 0)) : 0;
}

// The chart is uPlot's: a sensor's mean as a line over a band from min to max; missing buckets (nothing stored: a
// gateway away) become nulls, so the line and band break there. An actuator holds its value until the next change, so
// its line is each bucket's last value from the bucket's end, in steps, carried on to the end of the window: its mean
// over the bucket where it changed would show a lamp switched on a minute ago as off.
let plot = null;

function drawChart(points, fromMs, toMs, actuator, stepSeconds) {
  if (plot) { plot.destroy(); plot = null; }
  const holder = $('history-chart');
  holder.replaceChildren();
  holder.dataset.points = String(points.length);
  delete holder.dataset.last;
  if (!points.length) return;
  const ts = points.map((p) => Date.parse(p.t) / 1000);
  const step = stepSeconds || Math.min(...ts.slice(1).map((t, i) => t - ts[i]), Infinity);
  const xs = []; const avg = []; const min = []; const max = [];
  if (actuator) {
    points.forEach((p, i) => { xs.push(ts[i] + step); avg.push(p.last); min.push(p.min); max.push(p.max); });
    const last = points[points.length - 1].last;
    if (toMs / 1000 > xs[xs.length - 1]) { xs.push(toMs / 1000); avg.push(last); min.push(last); max.push(last); }
    holder.dataset.last = String(last);
  } else {
    points.forEach((p, i) => {
      if (i > 0 && ts[i] - ts[i - 1] > 1.5 * step) { xs.push(ts[i - 1] + step); avg.push(null); min.push(null); max.push(null); }
      xs.push(ts[i]); avg.push(p.avg); min.push(p.min); max.push(p.max);
    });
  }
  const line = actuator ? uPlot.paths.stepped({ align: 1 }) : undefined;
  const accent = getComputedStyle(document.documentElement).getPropertyValue('--accent').trim() || '#c0392b';
  plot = new uPlot({
    width: Math.max(280, holder.clientWidth || 640),
    height: 240,
    scales: { x: { time: true, min: fromMs / 1000, max: toMs / 1000 } },
    series: [
      {},
      { label: actuator ? 'value' : 'mean', stroke: accent, width: 1.5, paths: line, points: { show: points.length === 1 } },
      { label: 'min', stroke: 'transparent', paths: line, points: { show: false } },
      { label: 'max', stroke: 'transparent', paths: line, points: { show: false } },
    ],
    bands: [{ series: [3, 2], fill: 'rgba(127, 127, 127, 0.2)' }],
    legend: { show: true },
  }, [xs, avg, min, max], holder);
}

boot();
