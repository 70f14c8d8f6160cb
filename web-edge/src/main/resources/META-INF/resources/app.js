// The Hearth dashboard: one page, no build step. It logs in once (session cookie), then lives on /ws/live.
'use strict';

const FILTERS = ['gateways/+/status', 'gateways/+/manifest', 'sensors/+', 'actuators/+/state', 'loops/+/config', 'loops/+/status'];
const topics = new Map(); // relative topic -> payload (string for gateway status, object otherwise)
let session = null;
let socket = null;
let retryMs = 1000;

const $ = (id) => document.getElementById(id);

async function boot() {
  session = await fetch('/session').then((r) => r.json()).catch(() => ({ authenticated: false }));
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
  const response = await fetch('/j_security_check', { method: 'POST', body });
  if (response.ok) {
    $('login-error').hidden = true;
    session = await fetch('/session').then((r) => r.json());
    start();
  } else {
    $('login-error').textContent = 'Wrong user or password.';
    $('login-error').hidden = false;
  }
});

$('logout').addEventListener('click', async () => {
  await fetch('/session', { method: 'DELETE' });
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
  socket.onclose = () => {
    setConnection(false);
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

function render() {
  const manifests = entries('gateways/', '/manifest').map(([, m]) => m);
  $('gateways').innerHTML = manifests.map((m) => {
    const status = topics.get(`gateways/${m.gateway}/status`) || 'unknown';
    return `<span class="chip ${status === 'online' ? 'online' : 'offline'}" data-gateway="${esc(m.gateway)}">${esc(m.gateway)}: ${esc(status)}</span>`;
  }).join(' ');

  const rooms = new Map();
  const room = (name) => rooms.get(name) || rooms.set(name, []).get(name);
  manifests.forEach((m) => {
    m.sensors.forEach((s) => room(s.room).push(sensorTile(s)));
    m.actuators.forEach((a) => room(a.room).push(actuatorTile(a)));
  });
  const html = [...rooms.entries()].sort().map(([name, tiles]) => `<h2>${esc(name)}</h2><div class="tiles">${tiles.join('')}</div>`).join('');
  if ($('rooms').dataset.html !== html) { // keep sliders usable: only touch the DOM when something changed
    if (!document.activeElement || document.activeElement.type !== 'range') {
      $('rooms').innerHTML = html;
      $('rooms').dataset.html = html;
    }
  }
  $('loops').innerHTML = entries('loops/', '/config').map(([, c]) => loopTile(c, topics.get(`loops/${c.loop}/status`))).join('');
}

function sensorTile(s) {
  const r = topics.get(`sensors/${s.id}`);
  const age = r ? (Date.now() - Date.parse(r.ts)) : Infinity;
  const stale = age > 3 * s.intervalMs;
  return `<div class="tile${stale ? ' stale' : ''}" data-sensor="${esc(s.id)}">
    <div class="name">${esc(s.name)}</div>
    <div class="value">${r ? formatValue(s, r.value) : '–'}</div>
    <div class="meta">${r ? ago(age) : 'no reading yet'}</div></div>`;
}

function actuatorTile(a) {
  const st = topics.get(`actuators/${a.id}/state`);
  const value = st ? st.value : a.failsafe;
  const canCommand = session && session.roles && session.roles.includes('operator');
  const control = canCommand
    ? `<input type="range" min="${a.min}" max="${a.max}" step="${a.kind === 'relay' ? 1 : 0.05}" value="${value}"
         onchange="command('${esc(a.id)}', this.value)" aria-label="Set ${esc(a.name)}">`
    : '';
  return `<div class="tile" data-actuator="${esc(a.id)}">
    <div class="name">${esc(a.name)}</div>
    <div class="value">${a.unit === 'ratio' ? Math.round(value * 100) + ' %' : value + ' ' + esc(a.unit)}</div>
    <div class="meta">${st ? esc(st.cause) + (st.source ? ' · ' + esc(st.source) : '') : 'no state yet'}</div>${control}</div>`;
}

function loopTile(c, s) {
  const n = (v, d = 2) => (v === null || v === undefined ? '–' : Number(v).toFixed(d));
  return `<div class="tile" data-loop="${esc(c.loop)}">
    <div class="name">${esc(c.loop)} · ${esc(c.kind)} · ${esc(c.mode)}</div>
    <div class="value">${n(s && s.pv, 1)} → ${n(c.setpoint, 1)}</div>
    <div class="meta">output ${s && s.out !== null && s.out !== undefined ? Math.round(s.out * 100) + ' %' : '–'} · ${esc(s ? s.state : 'waiting')}</div>
    <div class="terms">P ${n(s && s.p, 3)} · I ${n(s && s.i, 3)} · D ${n(s && s.d, 3)}</div></div>`;
}

async function command(actuator, value) {
  // A person's command holds for an hour, then the gateway returns the output to its failsafe value.
  const response = await fetch(`/api/actuators/${encodeURIComponent(actuator)}/commands`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ value: Number(value), ttlMs: 3600000 }),
  });
  if (!response.ok) alert((await response.json()).detail || 'The command was refused.');
}

function formatValue(s, v) {
  if (s.quantity === 'light') return v >= 0.5 ? 'light' : 'dark';
  const digits = s.quantity === 'temperature' ? 1 : 0;
  return `${Number(v).toFixed(digits)} ${esc(s.unit)}`;
}

function ago(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s ago` : s < 3600 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
}

function esc(v) {
  return String(v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

boot();
