// The baseline the action is measured against: the how-to's calls as a user would script them,
// made idempotent the obvious way. For each resource in the how-to's order, look it up by name and
// create it if missing, one request at a time; then discovery and the token request.
//
// It does the action's work: it makes the same resources with the same fields (labels, scope
// flags, claim rules, client settings, the plugin's audience_required and tag), keeps the client
// within Konnect's two active secrets by rotating on a rerun, and ends with a token that works. It
// does less in two ways, both to its advantage: it does not fetch the JWKS to verify the token, and
// it repairs no drift.
//
// It runs as its own process, as a workflow step would: the bench strips its types and runs it with
// plain node, inputs as JSON in BASELINE_INPUTS, the result as JSON on stdout. Type annotations
// only (no imports, enums or other TypeScript-only constructs), so that stripping is all it takes.

export interface BaselineInputs {
  apiUrl: string;
  konnectToken: string;
  controlPlaneName: string;
  authServerName: string;
  audience: string;
  scope: string;
  claim: { name: string; value: string };
  clientName: string;
  /** Used as is for an existing client (the bench passes it on reruns only). */
  clientSecret?: string;
}

export interface BaselineResult {
  clientId: string;
  clientSecret: string;
  accessToken: string;
}

type Json = Record<string, unknown>;

const labels = { 'managed-by': 'kong-identity-oidc-action' };

async function runNaiveBaseline(inputs: BaselineInputs): Promise<BaselineResult> {
  const call = async (method: string, path: string, body?: Json): Promise<Json> => {
    const response = await fetch(`${inputs.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${inputs.konnectToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
    return text ? (JSON.parse(text) as Json) : {};
  };
  const findByName = async (path: string, name: string): Promise<Json | undefined> => {
    const list = await call('GET', `${path}?filter[name][eq]=${encodeURIComponent(name)}`);
    return (list['data'] as Json[] | undefined)?.[0];
  };
  const findOrCreate = async (path: string, name: string, body: Json): Promise<[Json, boolean]> => {
    const existing = await findByName(path, name);
    return existing ? [existing, false] : [await call('POST', path, { name, ...body }), true];
  };

  const [authServer] = await findOrCreate('/v1/auth-servers', inputs.authServerName, { audience: inputs.audience, labels });
  const serverPath = `/v1/auth-servers/${String(authServer['id'])}`;
  const [scope] = await findOrCreate(`${serverPath}/scopes`, inputs.scope, {
    description: 'Managed by kong-identity-oidc-action',
    default: false,
    include_in_metadata: false,
    enabled: true,
  });
  await findOrCreate(`${serverPath}/claims`, inputs.claim.name, {
    value: inputs.claim.value,
    include_in_token: true,
    include_in_all_scopes: false,
    include_in_scopes: [scope['id']],
    enabled: true,
  });
  const [client, created] = await findOrCreate(`${serverPath}/clients`, inputs.clientName, {
    grant_types: ['client_credentials'],
    response_types: ['token'],
    allow_all_scopes: false,
    allow_scopes: [scope['id']],
    access_token_duration: 3600,
    id_token_duration: 3600,
    token_endpoint_auth_method: 'client_secret_post',
    labels,
  });
  const clientPath = `${serverPath}/clients/${String(client['id'])}`;
  let clientSecret: string;
  if (created) clientSecret = String(client['client_secret']);
  else if (inputs.clientSecret) clientSecret = inputs.clientSecret;
  else {
    // An existing client shows no secret: make a new one and delete the older ones (a client
    // keeps at most two active secrets, so a script that only adds one fails on its third run).
    const fresh = await call('POST', `${clientPath}/secrets`, {});
    clientSecret = String(fresh['secret']);
    const secrets = (await call('GET', `${clientPath}/secrets`))['data'] as Json[];
    for (const old of secrets.filter((secret) => secret['id'] !== fresh['id'])) {
      await call('DELETE', `${clientPath}/secrets/${String(old['id'])}`);
    }
  }

  const controlPlane = await findByName('/v2/control-planes', inputs.controlPlaneName);
  if (!controlPlane) throw new Error(`no control plane "${inputs.controlPlaneName}"`);
  const pluginsPath = `/v2/control-planes/${String(controlPlane['id'])}/core-entities/plugins`;
  if (!(await findByName(pluginsPath, 'openid-connect'))) {
    await call('POST', pluginsPath, {
      name: 'openid-connect',
      config: { issuer: authServer['issuer'], auth_methods: ['bearer'], audience: [inputs.audience], audience_required: [inputs.audience] },
      enabled: true,
      tags: ['kong-identity-oidc-action'],
    });
  }

  const discovery = (await (await fetch(`${String(authServer['issuer'])}/.well-known/openid-configuration`)).json()) as Json;
  const tokenResponse = await fetch(String(discovery['token_endpoint']), {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: String(client['id']),
      client_secret: clientSecret,
      scope: inputs.scope,
    }),
  });
  if (!tokenResponse.ok) throw new Error(`token request: HTTP ${tokenResponse.status}`);
  const token = (await tokenResponse.json()) as Json;
  return { clientId: String(client['id']), clientSecret, accessToken: String(token['access_token']) };
}

if (import.meta.main) {
  const result = await runNaiveBaseline(JSON.parse(process.env['BASELINE_INPUTS'] ?? '{}') as BaselineInputs);
  process.stdout.write(JSON.stringify(result));
}
