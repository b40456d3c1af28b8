// Passkeys: the browser's WebAuthn API between the server's options and its check.
// Buttons carry `data-passkey="sign-in" | "second-factor" | "enrol"`; messages go to the
// `[data-passkey-status]` region next to them.

const fromBase64url = (text) => {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (c) => c.charCodeAt(0)).buffer;
};
const toBase64url = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)))
  .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

async function post(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.title || response.statusText);
  return answer;
}

function creationOptions(options) {
  const key = options.publicKey;
  return {
    publicKey: {
      ...key,
      challenge: fromBase64url(key.challenge),
      user: { ...key.user, id: fromBase64url(key.user.id) },
      excludeCredentials: (key.excludeCredentials || []).map((c) => ({ ...c, id: fromBase64url(c.id) })),
    },
  };
}

function requestOptions(options) {
  const key = options.publicKey;
  return {
    publicKey: {
      ...key,
      challenge: fromBase64url(key.challenge),
      allowCredentials: (key.allowCredentials || []).map((c) => ({ ...c, id: fromBase64url(c.id) })),
    },
  };
}

function registrationAnswer(credential) {
  return {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    extensions: credential.getClientExtensionResults(),
    response: {
      attestationObject: toBase64url(credential.response.attestationObject),
      clientDataJSON: toBase64url(credential.response.clientDataJSON),
      transports: credential.response.getTransports ? credential.response.getTransports() : [],
    },
  };
}

function assertionAnswer(credential) {
  const { response } = credential;
  return {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    extensions: credential.getClientExtensionResults(),
    response: {
      authenticatorData: toBase64url(response.authenticatorData),
      clientDataJSON: toBase64url(response.clientDataJSON),
      signature: toBase64url(response.signature),
      userHandle: response.userHandle ? toBase64url(response.userHandle) : null,
    },
  };
}

async function signIn(optionsUrl, answerUrl) {
  const { ceremony, options } = await post(optionsUrl, {});
  const credential = await navigator.credentials.get(requestOptions(options));
  const { redirect } = await post(answerUrl, { ceremony, credential: assertionAnswer(credential) });
  window.location.assign(redirect);
}

async function enrol(form) {
  const data = new FormData(form);
  const { ceremony, options } = await post('/account/passkeys/options', {
    name: data.get('passkey-name') || '',
    password: data.get('passkey-password') || '',
  });
  const credential = await navigator.credentials.create(creationOptions(options));
  const { redirect, codes } = await post('/account/passkeys', { ceremony, credential: registrationAnswer(credential) });
  if (codes && codes.length > 0) {
    const list = document.querySelector('[data-passkey-codes]');
    list.querySelector('ol').replaceChildren(...codes.map((code) => Object.assign(document.createElement('li'), { textContent: code })));
    list.querySelector('a').href = redirect;
    list.hidden = false;
    list.querySelector('h2').focus();
    return;
  }
  window.location.assign(redirect);
}

function say(element, message) {
  const status = element.closest('section, form, div').querySelector('[data-passkey-status]');
  if (status) status.textContent = message;
}

document.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-passkey]');
  if (!button || button.dataset.passkey === 'enrol') return;
  event.preventDefault();
  const [options, answer] = button.dataset.passkey === 'sign-in'
    ? ['/login/passkey/options', '/login/passkey']
    : ['/login/totp/passkey/options', '/login/totp/passkey'];
  say(button, '');
  signIn(options, answer).catch((error) => say(button, error.name === 'NotAllowedError' ? button.dataset.cancelled : error.message));
});

document.addEventListener('submit', (event) => {
  const form = event.target.closest('form[data-passkey-enrol]');
  if (!form) return;
  event.preventDefault();
  say(form, '');
  enrol(form).catch((error) => say(form, error.name === 'NotAllowedError' ? form.dataset.cancelled : error.message));
});

for (const element of document.querySelectorAll('[data-passkey]:not([data-passkey="enrol"]), form[data-passkey-enrol]')) {
  if (!window.PublicKeyCredential) element.hidden = true;
}
