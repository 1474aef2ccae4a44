// A certified OpenID Connect provider (panva/node-oidc-provider) for Toerusting's tests, on loopback only.
// Started by tests/oidc_fixtures.py: PORT and REDIRECT_BASES (JSON list of Toerusting's base URLs) come from
// the environment. The login and consent pages are the library's own; any password is accepted for the
// accounts below. Two clients make the provider misbehave on purpose, for the failure tests:
//   toerusting-kort             codes live one second (the "expired code" case)
//   toerusting-andere-doelgroep its ID tokens are re-signed with another audience (the "wrong audience" case)
//   toerusting-andere-uitgever  its ID tokens are re-signed with another issuer (the "wrong issuer" case)
import { generateKeyPair, exportJWK, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const bases = JSON.parse(process.env.REDIRECT_BASES || '["http://testserver"]');
const SECRET = 'test-geheim-van-de-organisatie-0123456789';

const ACCOUNTS = {
  'griffier@aadorp.test': { email: 'griffier@aadorp.test', email_verified: true, name: 'Griffier Aadorp', employee_id: 'A-1001' },
  'lid@aadorp.test': { email: 'lid@aadorp.test', email_verified: true, name: 'Lid Aadorp', employee_id: 'A-2002' },
  'onbevestigd@aadorp.test': { email: 'onbevestigd@aadorp.test', email_verified: false, name: 'Nog Niet Bevestigd' },
  'nieuw@aadorp.test': { email: 'nieuw@aadorp.test', email_verified: true, name: 'Nieuw Raadslid', toerusting_role: 'raadslid', fractie: 'Lokaal Aadorp' },
  'nieuwe-griffier@aadorp.test': { email: 'nieuwe-griffier@aadorp.test', email_verified: true, name: 'Nieuwe Griffier', toerusting_role: 'griffier' },
  'lid@beekdal.test': { email: 'lid@beekdal.test', email_verified: true, name: 'Lid Beekdal' },
  'r.tamminga@lindenwaard.example': { email: 'r.tamminga@lindenwaard.example', email_verified: true, name: 'Ruben Tamminga' },
  'beheer@toerusting.test': { email: 'beheer@toerusting.test', email_verified: true, name: 'Beheerder' },
};

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };

const client = (client_id) => ({
  client_id,
  client_secret: SECRET,
  redirect_uris: bases.map((base) => `${base}/inloggen/oidc/terug/`),
  post_logout_redirect_uris: bases.map((base) => `${base}/inloggen/oidc/uitgelogd/`),
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
});

const provider = new Provider(issuer, {
  clients: ['toerusting', 'toerusting-kort', 'toerusting-andere-doelgroep', 'toerusting-andere-uitgever'].map(client),
  jwks: { keys: [jwk] },
  pkce: { methods: ['S256'], required: () => true },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], toerusting: ['employee_id', 'toerusting_role', 'fractie'] },
  scopes: ['openid', 'email', 'profile', 'toerusting', 'offline_access'],
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  ttl: {
    AuthorizationCode: (ctx, token, c) => (c && c.clientId === 'toerusting-kort' ? 1 : 60),
    IdToken: 300,
    AccessToken: 300,
    Interaction: 600,
    Session: 3600,
    Grant: 3600,
  },
  async findAccount(ctx, id) {
    const account = ACCOUNTS[id];
    if (!account) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...account }; } };
  },
});
provider.proxy = false;

// The misbehaving clients: their ID token gets another audience or issuer, signed with the provider's real key.
const TAMPER = {
  'toerusting-andere-doelgroep': { aud: 'een-andere-toepassing' },
  'toerusting-andere-uitgever': { iss: 'https://een-andere-uitgever.example' },
};
provider.use(async (ctx, next) => {
  await next();
  if (ctx.path !== '/token' || ctx.status !== 200 || !ctx.body || !ctx.body.id_token) return;
  const change = ctx.oidc && ctx.oidc.client && TAMPER[ctx.oidc.client.clientId];
  if (!change) return;
  const claims = decodeJwt(ctx.body.id_token);
  const header = decodeProtectedHeader(ctx.body.id_token);
  ctx.body = { ...ctx.body, id_token: await new SignJWT({ ...claims, ...change }).setProtectedHeader(header).sign(privateKey) };
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
