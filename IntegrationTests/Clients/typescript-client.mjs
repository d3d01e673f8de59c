// Drives a server with the official TypeScript SDK over one transport and prints what came back as one JSON object:
//   node typescript-client.mjs <sdk dir> <sse|websocket> <url>
// The SDK is imported from the directory given (the pinned one of scripts/install-node-tools), not from a package.json.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [sdk, transportName, url] = process.argv.slice(2);
const load = path => import(pathToFileURL(join(sdk, 'dist', 'esm', path)).href);
const { Client } = await load('client/index.js');
const { CreateMessageRequestSchema } = await load('types.js');
const transport = transportName === 'sse'
  ? new (await load('client/sse.js')).SSEClientTransport(new URL(url))
  : new (await load('client/websocket.js')).WebSocketClientTransport(new URL(url));

const client = new Client({ name: 'pforge-typescript-client', version: '1.0.0' }, { capabilities: { sampling: {} } });
// A server-to-client request travels the same transport back: answer it as the conformance suite does.
client.setRequestHandler(CreateMessageRequestSchema, request => ({
  role: 'assistant',
  content: { type: 'text', text: 'You asked: ' + request.params.messages[0].content.text },
  model: 'test-model',
  stopReason: 'endTurn',
}));

const timeout = setTimeout(() => { console.error('no answer within 60 s'); process.exit(2); }, 60_000);
await client.connect(transport);
const text = result => result.content.filter(c => c.type === 'text').map(c => c.text).join('\n');
const failure = async call => { try { await call(); return 'no error'; } catch (error) { return `${error.code}: ${error.message}`; } };

const out = {
  server: client.getServerVersion().name,
  tools: (await client.listTools()).tools.length,
  simpleText: text(await client.callTool({ name: 'test_simple_text', arguments: {} })),
  greet: text(await client.callTool({ name: 'greet', arguments: { name: 'Ada' } })),
  error: (r => `${r.isError}: ${text(r)}`)(await client.callTool({ name: 'test_error_handling', arguments: {} })),
  sampling: text(await client.callTool({ name: 'test_sampling', arguments: { prompt: 'Test prompt for sampling' } })),
  resource: (r => `${r.uri} ${r.mimeType} ${r.text}`)((await client.readResource({ uri: 'test://static-text' })).contents[0]),
  template: (await client.readResource({ uri: 'test://template/a%20b/data' })).contents[0].text,
  prompt: (await client.getPrompt({ name: 'test_prompt_with_arguments', arguments: { arg1: 'testValue1', arg2: 'testValue2' } })).messages[0].content.text,
  missingArgument: await failure(() => client.getPrompt({ name: 'test_prompt_with_arguments', arguments: { arg1: 'x' } })),
  ping: await failure(() => client.ping()),
};
clearTimeout(timeout);
await client.close();
console.log(JSON.stringify(out));
