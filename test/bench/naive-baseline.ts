// The baseline the action is measured against: what a user would script from the how-to, made
// idempotent the obvious way. For each resource in the how-to's order, look it up by name and
// create it if missing, one request at a time; then discovery and the token request.

export interface BaselineInputs {
  apiUrl: string;
  konnectToken: string;
  controlPlaneName: string;
  authServerName: string;
  audience: string;
  scope: string;
  claim: { name: string; value: string };
  clientName: string;
}

export interface BaselineResult {
  clientId: string;
  clientSecret: string;
  accessToken: string;
}

type Json = Record<string, unknown>;

export async function runNaiveBaseline(inputs: BaselineInputs): Promise<BaselineResult> {
  const call = async (method: string, path: string, body?: Json): Promise<Json> => {
    const response = await fetch(`${inputs.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${inputs.konnectToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
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

  const [authServer] = await findOrCreate('/v1/auth-servers', inputs.authServerName, { audience: inputs.audience });
  const serverPath = `/v1/auth-servers/${String(authServer['id'])}`;
  const [scope] = await findOrCreate(`${serverPath}/scopes`, inputs.scope, { enabled: true });
  await findOrCreate(`${serverPath}/claims`, inputs.claim.name, {
    value: inputs.claim.value,
    include_in_token: true,
    include_in_scopes: [scope['id']],
  });
  const [client, created] = await findOrCreate(`${serverPath}/clients`, inputs.clientName, {
    grant_types: ['client_credentials'],
    response_types: ['token'],
    allow_all_scopes: false,
    allow_scopes: [scope['id']],
    access_token_duration: 3600,
  });
  // A client that already exists shows no secret: the script makes a new one.
  const clientSecret = created
    ? String(client['client_secret'])
    : String((await call('POST', `${serverPath}/clients/${String(client['id'])}/secrets`, {}))['secret']);

  const controlPlane = await findByName('/v2/control-planes', inputs.controlPlaneName);
  const pluginsPath = `/v2/control-planes/${String(controlPlane?.['id'])}/core-entities/plugins`;
  const plugin = await findByName(pluginsPath, 'openid-connect');
  if (!plugin) {
    await call('POST', pluginsPath, {
      name: 'openid-connect',
      config: { issuer: authServer['issuer'], auth_methods: ['bearer'], audience: [inputs.audience] },
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
  if (!tokenResponse.ok) throw new Error(`token request: ${tokenResponse.status} ${await tokenResponse.text()}`);
  const token = (await tokenResponse.json()) as Json;
  return { clientId: String(client['id']), clientSecret, accessToken: String(token['access_token']) };
}
