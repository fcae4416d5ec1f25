// A real OpenID Connect provider for the corporate sign-in tests (oidc-provider, its development
// sign-in and consent pages): one client and one user, on 127.0.0.1 at the port it is given.
// Started and stopped by tests/oidc/conftest.py; prints "ready <issuer>" once it listens.
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_TEST_PORT);
const issuer = `http://127.0.0.1:${port}`;
const user = JSON.parse(process.env.OIDC_TEST_USER);

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.OIDC_TEST_CLIENT_ID,
    client_secret: process.env.OIDC_TEST_CLIENT_SECRET,
    redirect_uris: [process.env.OIDC_TEST_REDIRECT_URI],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['preferred_username', 'given_name', 'family_name', 'name'],
    entity: ['entity'],
  },
  scopes: ['openid', 'email', 'profile', 'entity'],
  // The one user: any password signs in the account whose login is its "sub".
  async findAccount(ctx, id) {
    if (id !== user.sub) return undefined;
    return { accountId: id, async claims() { return user; } };
  },
  features: { devInteractions: { enabled: true } },
  // The workbench sends PKCE (OIDC_USE_PKCE); optional here so that a test can turn it off and
  // see the nonce check refuse a mixed-up answer on its own.
  pkce: { required: () => false },
});
provider.proxy = false;

provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
