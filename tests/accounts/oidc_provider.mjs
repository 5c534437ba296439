// An OpenID Connect provider on the loopback for the ProConnect tests: panva's certified
// oidc-provider, the library ProConnect's own federation runs on, configured as ProConnect is
// (its scopes and claims, ES256 signatures of the id_token and of the userinfo, client_secret_post,
// PKCE S256 — required here, so a client that omits it fails), with one client and one account.
// Its login and consent pages are real forms: the account's e-mail address and password must be
// typed, and consent given.
//
// Usage: node oidc_provider.mjs '<JSON>' where JSON is {"client_id", "client_secret",
// "redirect_uris": [...], "account": {"password", "sub", "email", "given_name", "usual_name",
// "uid", "siret"}}. Listens on a free port of 127.0.0.1 and prints {"issuer": "http://127.0.0.1:PORT"}
// on its first line of output once it answers.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import http from "node:http";
import { Provider } from "oidc-provider";

const config = JSON.parse(process.argv[2]);
const { password, ...claims } = config.account;
const CLAIMS = ["email", "given_name", "usual_name", "uid", "siret"];

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>${title}</title></head>`
    + `<body><main><h1>${title}</h1>${body}</main></body></html>`;
}

function loginForm(uid, error = "") {
  return page("Identification de test", `${error ? `<p role="alert">${escape(error)}</p>` : ""}
    <form method="post" action="/interaction/${uid}/login">
      <label for="email">Adresse e-mail professionnelle</label><input id="email" name="email" type="email">
      <label for="password">Mot de passe</label><input id="password" name="password" type="password">
      <button type="submit">Se connecter</button>
    </form>`);
}

function consentForm(uid, clientId, scopes) {
  return page("Autorisation", `<p>${escape(clientId)} demande : ${scopes.map(escape).join(", ")}.</p>
    <form method="post" action="/interaction/${uid}/confirm"><button type="submit">Autoriser</button></form>`);
}

async function readForm(req) {
  let body = "";
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

function send(res, status, html) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
  res.end(html);
}

async function interaction(provider, req, res) {
  const details = await provider.interactionDetails(req, res);
  const { uid, prompt, params } = details;
  if (req.method === "GET") {
    const scopes = [...(prompt.details.missingOIDCScope || [])];
    return send(res, 200, prompt.name === "login" ? loginForm(uid) : consentForm(uid, params.client_id, scopes));
  }
  const form = await readForm(req);
  if (req.url.endsWith("/login")) {
    if (prompt.name !== "login") return send(res, 400, page("Erreur", "<p>Étape inattendue.</p>"));
    if (form.get("email") !== claims.email || form.get("password") !== password) {
      return send(res, 401, loginForm(uid, "Adresse e-mail ou mot de passe incorrect."));
    }
    return provider.interactionFinished(req, res, { login: { accountId: claims.sub } }, { mergeWithLastSubmission: false });
  }
  if (req.url.endsWith("/confirm") && prompt.name === "consent") {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(" "));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  return send(res, 400, page("Erreur", "<p>Étape inattendue.</p>"));
}

const server = http.createServer();
server.listen(0, "127.0.0.1", () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const signingKey = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" });
  const provider = new Provider(issuer, {
    clients: [{
      client_id: config.client_id,
      client_secret: config.client_secret,
      redirect_uris: config.redirect_uris,
      response_types: ["code"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "client_secret_post",
      id_token_signed_response_alg: "ES256",
      userinfo_signed_response_alg: "ES256",
    }],
    claims: { openid: ["sub"], ...Object.fromEntries(CLAIMS.map((claim) => [claim, [claim]])) },
    scopes: ["openid", ...CLAIMS],
    features: {
      devInteractions: { enabled: false },
      jwtUserinfo: { enabled: true },
      claimsParameter: { enabled: true },
    },
    pkce: { methods: ["S256"], required: () => true },
    responseTypes: ["code"],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    interactions: { url: (ctx, interactionRecord) => `/interaction/${interactionRecord.uid}` },
    findAccount: (ctx, id) => (id === claims.sub ? { accountId: id, claims: () => claims } : undefined),
  });
  const callback = provider.callback();
  server.on("request", (req, res) => {
    if (!req.url.startsWith("/interaction/")) return callback(req, res);
    interaction(provider, req, res).catch((error) => {
      console.error(error);
      send(res, 500, page("Erreur", `<p>${escape(error.message)}</p>`));
    });
  });
  console.log(JSON.stringify({ issuer }));
});
