// Benchmark peer: the official TypeScript MCP SDK (@modelcontextprotocol/sdk 1.32.2) with the calculate tool of
// samples/calculator/pforge.yaml (same name, arguments, annotations and result JSON), over stdio or Streamable HTTP.
// Plain JavaScript on purpose: nothing to compile, the SDK and zod are the pinned ones of scripts/node-tools.
//   node server.mjs                       stdio
//   node server.mjs --http --port 8080    Streamable HTTP at http://127.0.0.1:8080/mcp, stateful sessions
import { randomUUID } from "node:crypto";
import { createServer as createHttpServer } from "node:http";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import * as z from "zod";

function calculatorServer() {
  const server = new McpServer({ name: "calculator", version: "1.0.0", title: "Calculator" },
    { instructions: "Use the calculate tool for arithmetic on two numbers." });
  server.registerTool(
    "calculate",
    {
      title: "Calculate",
      description: "Perform arithmetic on two numbers",
      inputSchema: {
        operation: z.enum(["add", "subtract", "multiply", "divide"]).describe("The operation to perform"),
        a: z.number().describe("First operand"),
        b: z.number().describe("Second operand"),
      },
      outputSchema: { result: z.number() },
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ operation, a, b }) => {
      let result;
      switch (operation) {
        case "add": result = a + b; break;
        case "subtract": result = a - b; break;
        case "multiply": result = a * b; break;
        default:
          if (b === 0) {
            return { content: [{ type: "text", text: "Division by zero" }], isError: true };
          }
          result = a / b;
      }
      const output = { result };
      return { content: [{ type: "text", text: JSON.stringify(output) }], structuredContent: output };
    });
  return server;
}

const args = process.argv.slice(2);
if (!args.includes("--http")) {
  await calculatorServer().connect(new StdioServerTransport());
} else {
  const portIndex = args.indexOf("--port");
  const port = portIndex >= 0 ? Number(args[portIndex + 1]) : 8080;
  // One transport (and McpServer) per session, as the SDK's examples do; JSON responses rather than SSE streams
  // (enableJsonResponse), the SDK's fastest mode for a call without progress.
  const transports = new Map();
  const http = createHttpServer(async (req, res) => {
    try {
      if (!req.url || !req.url.startsWith("/mcp")) {
        res.writeHead(404).end();
        return;
      }
      let body;
      if (req.method === "POST") {
        const chunks = [];
        for await (const chunk of req) chunks.push(chunk);
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      }
      const sessionId = req.headers["mcp-session-id"];
      let transport = typeof sessionId === "string" ? transports.get(sessionId) : undefined;
      if (!transport) {
        if (sessionId !== undefined || req.method !== "POST" || !isInitializeRequest(body)) {
          res.writeHead(sessionId !== undefined ? 404 : 400, { "Content-Type": "application/json" })
            .end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message: "Bad Request: no valid session" }, id: null }));
          return;
        }
        const created = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          enableJsonResponse: true,
          onsessioninitialized: (id) => transports.set(id, created),
        });
        created.onclose = () => { if (created.sessionId) transports.delete(created.sessionId); };
        await calculatorServer().connect(created);
        transport = created;
      }
      await transport.handleRequest(req, res, body);
    } catch (error) {
      if (!res.headersSent) {
        res.writeHead(500).end(String(error));
      }
    }
  });
  http.listen(port, "127.0.0.1", () => process.stderr.write(`calculator: listening on http://127.0.0.1:${port}/mcp\n`));
}
