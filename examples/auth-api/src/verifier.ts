/**
 * Access-token verification with aws-jwt-verify. Against AWS: `CognitoJwtVerifier` (issuer
 * `https://cognito-idp.<region>.amazonaws.com/<pool>`, `tokenUse: 'access'`, `clientId`). Against cognito-local,
 * whose issuer is `<endpoint>/<pool>` and whose JWKS is at `<endpoint>/<pool>/.well-known/jwks.json`: the generic
 * `JwtVerifier` with that issuer and JWKS URI, checking what `CognitoJwtVerifier` checks for an access token
 * (`token_use` and `client_id`). aws-jwt-verify's own fetcher speaks https only, so a local pool's JWKS is
 * fetched with Node's fetch, and only from a loopback address.
 */
import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { AuthApiConfig } from './config.js';

export type AccessTokenVerifier = (token: string) => Promise<JwtPayload>;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Fetches a local pool's JWKS over http (loopback only: a JWKS decides which tokens are trusted). */
const loopbackFetcher = {
  async fetch(uri: string): Promise<ArrayBuffer> {
    const url = new URL(uri);
    if (url.protocol !== 'https:' && !LOOPBACK.has(url.hostname)) {
      throw new Error(
        `refusing to fetch a JWKS over http from ${url.host}: only loopback pools may use http`,
      );
    }
    const res = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    if (res.status !== 200) throw new Error(`JWKS ${uri} answered ${res.status}, expected 200`);
    return res.arrayBuffer();
  },
};

/**
 * Creates the verifier once (the JWKS is cached after the first token).
 * @example const verify = createAccessTokenVerifier(config); const claims = await verify(token);
 */
export function createAccessTokenVerifier(config: AuthApiConfig): AccessTokenVerifier {
  if (!config.endpoint) {
    const verifier = CognitoJwtVerifier.create({
      userPoolId: config.userPoolId,
      tokenUse: 'access',
      clientId: config.clientId,
    });
    return (token) => verifier.verify(token);
  }
  const issuer = `${config.endpoint}/${config.userPoolId}`;
  const verifier = JwtVerifier.create(
    {
      issuer,
      jwksUri: `${issuer}/.well-known/jwks.json`,
      // Access tokens carry no `aud`; the app client is `client_id`, checked below as CognitoJwtVerifier does.
      audience: null,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'access')
          throw new Error(`token_use is "${String(payload.token_use)}", not access`);
        if (payload.client_id !== config.clientId) throw new Error('client_id is not this app client');
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher: loopbackFetcher }) },
  );
  return (token) => verifier.verify(token);
}
