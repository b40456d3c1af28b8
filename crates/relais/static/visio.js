// The guest's device check before a teleconsultation: camera preview, microphone level, a tone
// for the speakers, and the network's round trip to this server. Nothing leaves the browser but
// those round trips; the camera is released before the guest moves on.

const root = document.querySelector('[data-device-check]');
if (root) start(root);

function start(root) {
  const texts = Object.fromEntries([...root.querySelectorAll('[data-texts] li')].map((li) => [li.dataset.key, li.textContent]));
  const result = (name, ok, text) => {
    const span = root.querySelector(`[data-result="${name}"]`);
    span.textContent = text ?? texts[ok ? 'visio-check-ok' : 'visio-check-failed'];
    span.dataset.ok = String(ok);
  };
  let stream = null;
  let audio = null;

  function release() {
    stream?.getTracks().forEach((track) => track.stop());
    stream = null;
    audio?.close().catch(() => {});
    audio = null;
  }

  async function checkMedia() {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    } catch {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      } catch {
        result('camera', false, texts['visio-check-camera-refused']);
        result('microphone', false, texts['visio-check-camera-refused']);
        return;
      }
    }
    root.querySelector('[data-preview]').srcObject = stream;
    result('camera', stream.getVideoTracks().length > 0);
    const track = stream.getAudioTracks()[0];
    if (!track) return result('microphone', false);
    audio = new AudioContext();
    const analyser = audio.createAnalyser();
    audio.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    const samples = new Uint8Array(analyser.fftSize);
    const meter = root.querySelector('[data-level]');
    let heard = false;
    const listen = () => {
      if (!audio) return;
      analyser.getByteTimeDomainData(samples);
      const level = Math.max(...samples.map((v) => Math.abs(v - 128))) / 128;
      meter.value = level;
      if (level > 0.02 && !heard) {
        heard = true;
        result('microphone', true);
      }
      requestAnimationFrame(listen);
    };
    result('microphone', true, texts['visio-check-running']);
    listen();
  }

  async function checkNetwork() {
    const times = [];
    try {
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const response = await fetch(window.location.pathname, { method: 'HEAD', cache: 'no-store' });
        if (!response.ok && response.status !== 405) throw new Error(String(response.status));
        times.push(performance.now() - started);
      }
    } catch {
      return result('network', false);
    }
    const slowest = Math.max(...times);
    if (slowest > 800) result('network', true, texts['visio-check-network-slow']);
    else result('network', true, `${texts['visio-check-ok']} (${Math.round(slowest)} ms)`);
  }

  root.querySelector('[data-check]').addEventListener('click', async () => {
    release();
    result('network', true, texts['visio-check-running']);
    await Promise.all([checkMedia(), checkNetwork()]);
    root.dataset.checked = 'true';
  });

  root.querySelector('[data-tone]').addEventListener('click', () => {
    const context = new AudioContext();
    const tone = context.createOscillator();
    const gain = context.createGain();
    gain.gain.value = 0.2;
    tone.frequency.value = 440;
    tone.connect(gain).connect(context.destination);
    tone.start();
    tone.stop(context.currentTime + 1);
    tone.onended = () => context.close();
    result('speakers', true, texts['visio-check-tone']);
  });

  // The call page opens the camera again: let go of it first.
  document.querySelector('[data-enter]')?.addEventListener('submit', release);
  window.addEventListener('pagehide', release);
}
