// Drives a Streamable HTTP MCP server with the official TypeScript client and prints what it saw as one JSON object.
// Usage: MCP_TOKEN=... node mcp-client.mjs URL '[{"name":"get_account_health","arguments":{"account":"A-1002"}}]'
// A token is optional (the 401 test connects without one). A failure to connect is reported as {"error": ...}.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, callsJson = "[]"] = process.argv.slice(2);
const token = process.env.MCP_TOKEN;
const headers = token ? { Authorization: `Bearer ${token}` } : {};
const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
const client = new Client({ name: "copilotbot-npm-test", version: "1.0.0" });

const report = {};
try {
  await client.connect(transport);
  report.server = client.getServerVersion();
  report.tools = (await client.listTools()).tools.map((t) => ({ name: t.name, description: t.description, readOnly: t.annotations?.readOnlyHint ?? null }));
  report.resources = (await client.listResources()).resources.map((r) => r.uri);
  report.calls = [];
  for (const call of JSON.parse(callsJson)) {
    const result = await client.callTool(call);
    report.calls.push({ name: call.name, isError: result.isError ?? false, text: result.content.map((c) => c.text ?? "").join("") });
  }
  await client.close();
} catch (error) {
  report.error = String(error?.message ?? error);
  report.code = error?.code ?? null;
}
process.stdout.write(JSON.stringify(report));
