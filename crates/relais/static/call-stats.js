// A call peer's connection statistics: the inbound bytes (on the tile as `data-inbound-bytes`) and
// a quality word from the round-trip time and the packet loss. Read every 200 ms while the
// connection comes up, so the first media and the quality show at once, then every second.

export function followStats(entry, texts) {
  let samples = 0;
  const sample = async () => {
    if (entry.closed) return;
    await measure(entry, texts).catch(() => {});
    samples += 1;
    entry.stats = setTimeout(sample, samples < 25 ? 200 : 1000);
  };
  entry.stats = setTimeout(sample, 200);
}

async function measure(entry, texts) {
  const report = await entry.pc.getStats();
  let inbound = 0;
  let rtt = null;
  let lost = 0;
  let received = 0;
  report.forEach((stat) => {
    if (stat.type === 'inbound-rtp') {
      inbound += stat.bytesReceived ?? 0;
      lost += stat.packetsLost ?? 0;
      received += stat.packetsReceived ?? 0;
    }
    if (stat.type === 'candidate-pair' && stat.nominated && stat.currentRoundTripTime != null) rtt = stat.currentRoundTripTime;
  });
  entry.figure.dataset.inboundBytes = String(inbound);
  const lossRate = received + lost > 0 ? lost / (received + lost) : 0;
  const poor = (rtt != null && rtt > 0.4) || lossRate > 0.05;
  entry.quality.textContent = entry.pc.connectionState === 'connected' ? `(${texts[poor ? 'call-quality-poor' : 'call-quality-good']})` : '';
}
