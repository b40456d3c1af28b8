// A real OpenID provider (the certified `oidc-provider` package) on loopback, for the single
// sign-on tests. Usage:
//   node oidc-provider.mjs --port 9400 --redirect http://127.0.0.1:8080/login/sso/callback \
//        [--post-logout http://127.0.0.1:8080/login] [--backchannel http://127.0.0.1:8080/login/sso/backchannel]
// Prints `ready <issuer>` once listening.
//
// Accounts are made up on sign-in from the name typed (or the `login_hint` the client sends):
//   - `<name>`               e-mail `<name>@example.org`, signs in with two factors (acr = the
//                            level asked, amr = pwd + otp);
//   - `weak-<name>`          signs in with a password only (acr `eidas0`, amr = pwd);
//   - `tamper-<how>-<name>`  receives an ID token altered after signing, <how> being one of
//                            signature, audience, issuer, nonce, expired, none (alg "none").
// The client is `relais`, secret `relais-secret`.
import { parseArgs } from 'node:util';
import Provider from 'oidc-provider';
import * as jose from 'jose';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '9400' },
    redirect: { type: 'string', multiple: true, default: [] },
    'post-logout': { type: 'string', multiple: true, default: [] },
    backchannel: { type: 'string' },
  },
});
const issuer = `http://127.0.0.1:${args.port}`;
// The test that started the provider may stop reading its output: never die of that.
process.stdout.on('error', () => {});

const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await jose.exportJWK(privateKey)), kid: 'k1', alg: 'RS256', use: 'sig' };

const client = {
  client_id: 'relais',
  client_secret: 'relais-secret',
  redirect_uris: args.redirect,
  post_logout_redirect_uris: args['post-logout'],
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
};
if (args.backchannel) {
  client.backchannel_logout_uri = args.backchannel;
  client.backchannel_logout_session_required = true;
}

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const provider = new Provider(issuer, {
  clients: [client],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['relais-test-cookie-key'] },
  pkce: { required: () => true },
  acrValues: ['eidas0', 'eidas1'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
    amr: null,
  },
  features: {
    devInteractions: { enabled: false },
    backchannelLogout: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = `<!doctype html><title>Sign out</title>${form}<button form="op.logoutForm" name="logout" value="yes">Sign out</button>`;
      },
    },
  },
  findAccount: async (_ctx, id) => ({
    accountId: id,
    claims: async () => {
      const name = id.replace(/^(weak|tamper-[a-z]+)-/, '');
      const given = name.charAt(0).toUpperCase() + name.slice(1);
      return {
        sub: id,
        email: `${name}@example.org`,
        email_verified: true,
        given_name: given,
        family_name: 'Test',
        name: `${given} Test`,
      };
    },
  }),
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  // Relais runs beside it on loopback, which the provider's SSRF guard refuses by default.
  fetch: (url, { dispatcher, ...options }) => globalThis.fetch(url, options),
  ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
});
provider.proxy = false;

/// Signs the account in (no password: the tests name who signs in), then grants what was asked.
async function finishLogin(ctx, account) {
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const weak = account.startsWith('weak-');
  const asked = details.params.acr_values?.split(' ')[0];
  const login = {
    accountId: account,
    acr: weak ? 'eidas0' : asked || 'eidas1',
    amr: weak ? ['pwd'] : ['pwd', 'otp'],
  };
  const to = await provider.interactionResult(ctx.req, ctx.res, { login }, { mergeWithLastSubmission: false });
  ctx.redirect(to);
}

async function grantConsent(ctx, details) {
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  const missing = details.prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  const grantId = await grant.save();
  const to = await provider.interactionResult(ctx.req, ctx.res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  ctx.redirect(to);
}

async function readForm(ctx) {
  let body = '';
  for await (const chunk of ctx.req) body += chunk;
  return new URLSearchParams(body);
}

/// Alters the ID token of a `tamper-<how>-…` account after the provider signed it.
async function tamper(idToken) {
  const [header, payload, signature] = idToken.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  const how = /^tamper-([a-z]+)-/.exec(claims.sub)?.[1];
  if (!how) return idToken;
  const resign = (changed) =>
    new jose.SignJWT({ ...claims, ...changed }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey);
  switch (how) {
    case 'signature': {
      const flipped = signature[0] === 'A' ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
      return `${header}.${payload}.${flipped}`;
    }
    case 'audience': return resign({ aud: 'another-application' });
    case 'issuer': return resign({ iss: 'https://impostor.example' });
    case 'nonce': return resign({ nonce: 'not-the-nonce-asked' });
    case 'expired': return resign({ iat: claims.iat - 7200, exp: claims.iat - 3600 });
    case 'none': {
      const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      return `${none}.${payload}.`;
    }
    default: return idToken;
  }
}

provider.use(async (ctx, next) => {
  const interaction = /^\/interaction\/([^/]+)(\/login)?$/.exec(ctx.path);
  if (interaction) {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.prompt.name === 'consent') return grantConsent(ctx, details);
    if (ctx.method === 'POST' && interaction[2]) {
      const account = (await readForm(ctx)).get('login')?.trim();
      if (account) return finishLogin(ctx, account);
    }
    if (details.params.login_hint) return finishLogin(ctx, details.params.login_hint);
    ctx.type = 'html';
    ctx.body = `<!doctype html><html lang="en"><title>Test directory</title><h1>Test directory</h1>
      <form method="post" action="/interaction/${escape(details.uid)}/login">
      <label>Account <input name="login" autofocus></label><button>Sign in</button></form>`;
    return undefined;
  }
  await next();
  if (ctx.path === '/token' && ctx.body && typeof ctx.body === 'object' && ctx.body.id_token) {
    ctx.body = { ...ctx.body, id_token: await tamper(ctx.body.id_token) };
  }
  return undefined;
});

provider.on('backchannel.error', (_ctx, error) => process.stderr.write(`back-channel logout failed: ${error.message} ${error.cause?.message ?? error.cause?.code ?? ""}\n`));

provider.listen(Number(args.port), '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
