// A call: WebRTC from browser to browser (a mesh of at most six), signalling over the call's
// WebSocket. Each pair of participants negotiates with the "perfect negotiation" pattern (the
// participant with the smaller id is polite), repairs a failed path with an ICE restart, and a
// lost WebSocket is reopened with the local camera and microphone kept. In a teleconsultation the
// professional (seat "host") sees the waiting room, confirms consent and admits; a guest waits
// until admitted.

import { followStats } from './call-stats.js';

const root = document.querySelector('[data-call]');
if (root) start(root);

function start(root) {
  const texts = Object.fromEntries([...root.querySelectorAll('[data-texts] li')].map((li) => [li.dataset.key, li.textContent]));
  const status = root.querySelector('[data-status]');
  const tiles = root.querySelector('[data-tiles]');
  const localVideo = root.querySelector('[data-local]');
  const peers = new Map();
  const state = { audio: true, video: true, screen: false, hand: false, audio_only: false };
  const seat = root.dataset.seat;
  let me = null;
  let iceServers = [];
  let socket = null;
  let local = new MediaStream();
  let screenTrack = null;
  let leaving = false;
  let retry = 0;

  const say = (text) => { status.textContent = text; };
  // The chat's times are the organisation's (a report is read there), in the page's language.
  const clock = dateFormat(root, { hour: '2-digit', minute: '2-digit' });
  const calendar = dateFormat(root, { dateStyle: 'long' });

  async function openMedia(constraints = { audio: true, video: true }) {
    try {
      return await navigator.mediaDevices.getUserMedia(constraints);
    } catch {
      try {
        const audio = await navigator.mediaDevices.getUserMedia({ audio: constraints.audio });
        say(texts['call-audio-only']);
        state.video = false;
        state.audio_only = true;
        return audio;
      } catch {
        say(texts['call-media-refused']);
        state.audio = false;
        state.video = false;
        return new MediaStream();
      }
    }
  }

  /** A guest's end screen: the call is over, what happens next; camera and microphone released. */
  function showEnded() {
    const ended = root.querySelector('[data-ended]');
    if (!ended) return;
    for (const track of root.querySelector('[data-local]')?.srcObject?.getTracks() ?? []) track.stop();
    for (const part of root.querySelectorAll('[data-tiles], .call-controls, .call-devices, .call-chat, [data-waiting-room]')) part.hidden = true;
    ended.hidden = false;
    ended.focus();
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  function tileFor(peer, name) {
    const figure = document.createElement('figure');
    figure.className = 'call-tile';
    figure.dataset.tile = peer;
    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    const caption = document.createElement('figcaption');
    const label = document.createElement('span');
    label.textContent = name;
    const quality = document.createElement('span');
    quality.className = 'call-quality';
    caption.append(label, ' ', quality);
    figure.append(video, caption);
    tiles.append(figure);
    return { figure, video, quality, label };
  }

  // The newcomer offers (it adds its tracks at once); those already in the call add theirs when
  // the offer arrives, so that the first negotiation never collides.
  function addPeer(peer, name, offering) {
    if (peers.has(peer)) return peers.get(peer);
    const pc = new RTCPeerConnection({ iceServers });
    const entry = { pc, name, polite: me < peer, makingOffer: false, ignoreOffer: false, sending: false, ...tileFor(peer, name) };
    peers.set(peer, entry);
    if (offering) addTracks(entry);
    pc.onnegotiationneeded = async () => {
      try {
        entry.makingOffer = true;
        await pc.setLocalDescription();
        send({ type: 'signal', to: peer, data: { description: pc.localDescription } });
      } finally {
        entry.makingOffer = false;
      }
    };
    pc.onicecandidate = ({ candidate }) => send({ type: 'signal', to: peer, data: { candidate } });
    pc.ontrack = ({ streams: [stream] }) => {
      if (stream && entry.video.srcObject !== stream) entry.video.srcObject = stream;
    };
    pc.onsignalingstatechange = () => { entry.figure.dataset.signaling = pc.signalingState; };
    pc.oniceconnectionstatechange = () => { entry.figure.dataset.ice = pc.iceConnectionState; };
    pc.onconnectionstatechange = () => {
      entry.figure.dataset.state = pc.connectionState;
      if (pc.connectionState === 'failed') pc.restartIce();
    };
    followStats(entry, texts);
    return entry;
  }

  function addTracks(entry) {
    if (entry.sending) return;
    entry.sending = true;
    for (const track of local.getTracks()) entry.pc.addTrack(screenTrack && track.kind === 'video' ? screenTrack : track, local);
  }

  function removePeer(peer) {
    const entry = peers.get(peer);
    if (!entry) return;
    entry.closed = true;
    clearTimeout(entry.stats);
    entry.pc.close();
    entry.figure.remove();
    peers.delete(peer);
  }

  async function onSignal(from, data) {
    const entry = peers.get(from);
    if (!entry) return;
    const { pc } = entry;
    if (data.description) {
      const collision = data.description.type === 'offer' && (entry.makingOffer || pc.signalingState !== 'stable');
      entry.ignoreOffer = !entry.polite && collision;
      if (entry.ignoreOffer) return;
      await pc.setRemoteDescription(data.description);
      if (data.description.type === 'offer') {
        addTracks(entry);
        await pc.setLocalDescription();
        send({ type: 'signal', to: from, data: { description: pc.localDescription } });
      }
    } else if ('candidate' in data) {
      try {
        await pc.addIceCandidate(data.candidate ?? undefined);
      } catch (error) {
        if (!entry.ignoreOffer) throw error;
      }
    }
  }

  // The in-call chat, kept in this page only; its organiser may save it (see saveChat).
  const transcript = [];

  function chatLine(name, text) {
    const colon = root.dataset.lang === 'fr' ? ' : ' : ': ';
    transcript.push(`${clock.format(new Date())} ${name}${colon}${text}`);
    const item = document.createElement('li');
    const who = document.createElement('strong');
    who.textContent = `${name} : `;
    item.append(who, text);
    root.querySelector('[data-chat-lines]').append(item);
  }

  function connect() {
    const url = new URL(root.dataset.socket, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(url);
    const pinger = setInterval(() => send({ type: 'ping' }), 20000);
    // Frames are handled one after the other: a candidate must not overtake its description.
    let handling = Promise.resolve();
    socket.onmessage = (event) => {
      const frame = JSON.parse(event.data);
      handling = handling.then(() => handle(frame)).catch((error) => console.error('call signalling', error));
    };
    socket.onclose = (event) => {
      clearInterval(pinger);
      for (const peer of [...peers.keys()]) removePeer(peer);
      if (leaving) return;
      if (event.code === 4401 && seat !== 'member') {
        say(texts['call-ended']);
        showEnded();
        return;
      }
      say(texts['call-reconnecting']);
      retry = Math.min(retry + 1, 5);
      setTimeout(connect, 500 * 2 ** retry);
    };
  }

  async function handle(frame) {
    switch (frame.type) {
      case 'waiting':
        retry = 0;
        root.querySelector('[data-waiting-room]')?.removeAttribute('hidden');
        say(texts['call-waiting']);
        break;
      case 'lobby':
        showLobby(frame.waiting);
        break;
      case 'consented':
        consent.checked = true;
        consent.disabled = true;
        break;
      case 'locked':
        say(texts['call-link-locked']);
        break;
      case 'welcome':
        root.querySelector('[data-waiting-room]')?.setAttribute('hidden', '');
        retry = 0;
        me = frame.peer;
        iceServers = frame.ice_servers;
        root.dataset.peer = me;
        if (frame.organiser) root.querySelector('[data-save-chat]')?.removeAttribute('hidden');
        say(texts['call-connected']);
        for (const { peer, name } of frame.peers) addPeer(peer, name, true);
        send({ type: 'state', ...state });
        break;
      case 'joined':
        addPeer(frame.peer, frame.name, false);
        say(`${frame.name} ${texts['call-joined']}`);
        send({ type: 'state', ...state });
        break;
      case 'left': {
        const name = peers.get(frame.peer)?.name;
        removePeer(frame.peer);
        if (name) say(`${name} ${texts['call-left']}`);
        break;
      }
      case 'signal':
        await onSignal(frame.from, frame.data);
        break;
      case 'state': {
        const entry = peers.get(frame.from);
        if (!entry) break;
        entry.figure.dataset.hand = String(frame.state.hand);
        entry.label.textContent = frame.state.hand ? `✋ ${entry.name} — ${texts['call-hand-raised']}` : entry.name;
        break;
      }
      case 'chat':
        chatLine(frame.name, frame.text);
        break;
      case 'error':
        if (frame.code === 'call-full') { leaving = true; say(texts['call-full']); }
        if (frame.code === 'teleconsultation-consent-first') say(texts['call-consent-first']);
        break;
      default:
        break;
    }
  }

  // The professional's waiting room: who waits, and a button to admit each once consent is given.
  const consent = root.querySelector('[data-consent]') ?? {};
  if (consent.addEventListener) consent.addEventListener('change', () => { if (consent.checked) send({ type: 'consent' }); });

  function showLobby(waiting) {
    const list = root.querySelector('[data-waiting]');
    if (!list) return;
    if (waiting.length === 0) {
      const item = document.createElement('li');
      item.textContent = texts['call-nobody-waiting'];
      list.replaceChildren(item);
      return;
    }
    list.replaceChildren(...waiting.map(({ guest, name, role }) => {
      const item = document.createElement('li');
      const roleText = texts[`teleconsultation-role-${role}`] ?? role;
      const who = name ? `${name} (${roleText})` : roleText;
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = `${texts['call-admit']} ${who}`;
      button.onclick = () => {
        if (!consent.checked) {
          say(texts['call-consent-first']);
          consent.focus();
          return;
        }
        send({ type: 'admit', guest });
      };
      item.append(`${who} — ${texts['call-waiting']} `, button);
      return item;
    }));
    say(`${texts['call-waiting']} : ${waiting.length}`);
  }

  // The organiser keeps the chat: posted in the conversation of a team call, or attached to the
  // report form of a teleconsultation (which seals it with the report, or drops it).
  async function saveChat() {
    if (transcript.length === 0) return;
    const text = `${texts['call-chat-transcript']} ${calendar.format(new Date())}\n${transcript.map((line) => `- ${line}`).join('\n')}`;
    if (root.dataset.saveTo === 'report') {
      sessionStorage.setItem(`relais-call-chat:${root.dataset.saveId}`, text);
      say(texts['call-chat-saved-report']);
      return;
    }
    const body = new URLSearchParams({ csrf: root.dataset.csrf, text: text.slice(0, 8000) });
    const response = await fetch(`/messages/${root.dataset.saveId}/post`, { method: 'POST', body, headers: { Accept: 'application/json' } }).catch(() => null);
    say(texts[response?.status === 201 ? 'call-chat-saved-conversation' : 'call-chat-save-failed']);
  }
  root.querySelector('[data-save-chat]')?.addEventListener('click', saveChat);

  function toggle(kind, button) {
    state[kind] = !state[kind];
    for (const track of local.getTracks()) if (track.kind === kind) track.enabled = state[kind];
    button.setAttribute('aria-pressed', String(state[kind]));
    send({ type: 'state', ...state });
  }

  async function replaceVideo(track) {
    for (const { pc } of peers.values()) {
      const sender = pc.getSenders().find((s) => s.track?.kind === 'video');
      if (sender) await sender.replaceTrack(track);
    }
    localVideo.srcObject = new MediaStream([track, ...local.getAudioTracks()]);
  }

  async function shareScreen(button) {
    if (screenTrack) {
      screenTrack.stop();
      return;
    }
    const camera = local.getVideoTracks()[0];
    if (!camera) return;
    const display = await navigator.mediaDevices.getDisplayMedia({ video: true });
    [screenTrack] = display.getVideoTracks();
    button.setAttribute('aria-pressed', 'true');
    await replaceVideo(screenTrack);
    screenTrack.onended = async () => {
      screenTrack = null;
      button.setAttribute('aria-pressed', 'false');
      await replaceVideo(camera);
    };
  }

  async function chooseDevice(select) {
    const kind = select.dataset.device === 'videoinput' ? 'video' : 'audio';
    const fresh = await navigator.mediaDevices.getUserMedia({ [kind]: { deviceId: { exact: select.value } } });
    const [track] = fresh.getTracks();
    const old = local.getTracks().find((t) => t.kind === kind);
    for (const { pc } of peers.values()) {
      const sender = pc.getSenders().find((s) => s.track?.kind === kind);
      if (sender) await sender.replaceTrack(track);
    }
    if (old) { local.removeTrack(old); old.stop(); }
    local.addTrack(track);
    localVideo.srcObject = local;
  }

  async function listDevices() {
    const devices = await navigator.mediaDevices.enumerateDevices();
    for (const select of root.querySelectorAll('[data-device]')) {
      select.replaceChildren(...devices.filter((d) => d.kind === select.dataset.device).map((d, i) => new Option(d.label || `${select.labels[0]?.textContent ?? ''} ${i + 1}`, d.deviceId)));
      select.onchange = () => chooseDevice(select);
    }
  }

  root.querySelectorAll('[data-toggle]').forEach((button) => { button.onclick = () => toggle(button.dataset.toggle, button); });
  root.querySelector('[data-share]').onclick = (event) => shareScreen(event.currentTarget).catch(() => {});
  root.querySelector('[data-hand]').onclick = (event) => {
    state.hand = !state.hand;
    event.currentTarget.setAttribute('aria-pressed', String(state.hand));
    send({ type: 'state', ...state });
  };
  root.querySelector('[data-leave]').addEventListener('click', (event) => {
    leaving = true;
    send({ type: 'leave' });
    socket?.close();
    if (seat === 'guest') {
      event.preventDefault();
      showEnded();
    }
  });
  root.querySelector('[data-chat-form]').onsubmit = (event) => {
    event.preventDefault();
    const input = event.currentTarget.querySelector('input');
    const text = input.value.trim();
    if (!text) return;
    send({ type: 'chat', text });
    chatLine(root.querySelector('[data-tile="me"] figcaption').textContent, text);
    input.value = '';
  };

  openMedia().then(async (stream) => {
    local = stream;
    localVideo.srcObject = local;
    root.querySelector('[data-toggle="audio"]').setAttribute('aria-pressed', String(state.audio));
    root.querySelector('[data-toggle="video"]').setAttribute('aria-pressed', String(state.video));
    await listDevices().catch(() => {});
    connect();
  });
}

/** A date formatter in the page's language and the organisation's time zone (the device's zone
 * if that one is unknown to the browser). */
function dateFormat(root, options) {
  const lang = root.dataset.lang || undefined;
  try {
    return new Intl.DateTimeFormat(lang, { ...options, timeZone: root.dataset.timeZone });
  } catch {
    return new Intl.DateTimeFormat(lang, options);
  }
}
